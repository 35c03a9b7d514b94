using Huayang.Gis.Core.Model;
namespace Huayang.Gis.Core.IO;

/// <summary>Checks one value against its <see cref="FieldSpec"/>.</summary>
internal static class FieldChecker
{
    /// <summary>
    /// Checks <paramref name="value"/> (null when the field is absent) and reports at most one problem,
    /// naming the field as <paramref name="label"/>.
    /// </summary>
    /// <returns>True when the value is acceptable (including an absent or null optional field).</returns>
    public static bool Check(System.Text.Json.JsonElement? value, FieldSpec spec, ProblemScope scope, string label) =>
        Check(value is { } present ? FieldValue.FromJson(present) : null, spec, scope, label);

    /// <summary>As the JSON overload, for a value from any format (null when the field is absent).</summary>
    public static bool Check(FieldValue? value, FieldSpec spec, ProblemScope scope, string label)
    {
        if (value is not { } present)
        {
            return Expect(!spec.Required, scope, label, null, "missing required field");
        }

        if (present.Kind == FieldValueKind.Null)
        {
            return Expect(!spec.Required, scope, label, present.Display, "required field is null");
        }

        var shown = present.Display;
        return spec.Type switch
        {
            FieldType.String => CheckString(present, spec, scope, label, shown),
            FieldType.Int => CheckNumber(present, spec, scope, label, shown, integer: true),
            FieldType.Number => CheckNumber(present, spec, scope, label, shown, integer: false),
            FieldType.Bool => Expect(present.Kind == FieldValueKind.Bool, scope, label, shown, "expected true or false"),
            _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.Type, "unknown field type"),
        };
    }

    private static bool CheckString(FieldValue value, FieldSpec spec, ProblemScope scope, string label, string shown)
    {
        if (value.Value is not string text)
        {
            return Expect(false, scope, label, shown, "expected a string");
        }

        if (spec.Required && string.IsNullOrWhiteSpace(text))
        {
            return Expect(false, scope, label, shown, "required field is empty");
        }

        if (spec.Allowed is { } allowed && !allowed.Contains(text, StringComparer.Ordinal))
        {
            return Expect(false, scope, label, shown, $"expected one of: {string.Join(", ", allowed)}");
        }

        return true;
    }

    private static bool CheckNumber(
        FieldValue value, FieldSpec spec, ProblemScope scope, string label, string shown, bool integer)
    {
        var expected = integer ? "expected an integer" : "expected a number";
        if (value.Kind == FieldValueKind.NonFinite)
        {
            return Expect(false, scope, label, shown, "not a finite number (NaN and Infinity cannot be stored)");
        }

        if (value.Kind != FieldValueKind.Number)
        {
            return Expect(false, scope, label, shown, expected);
        }

        var number = Convert.ToDouble(value.Value, System.Globalization.CultureInfo.InvariantCulture);
        if (integer && number != Math.Floor(number))
        {
            return Expect(false, scope, label, shown, expected);
        }

        if (integer && number is < int.MinValue or > int.MaxValue)
        {
            return Expect(false, scope, label, shown,
                $"expected an integer between {JsonValues.Format(int.MinValue)} and {JsonValues.Format(int.MaxValue)}");
        }

        if (spec.Min is { } min && (number < min || (spec.MinExclusive && number == min)))
        {
            var bound = JsonValues.Format(min);
            return Expect(false, scope, label, shown,
                spec.MinExclusive ? $"must be greater than {bound}" : $"must be at least {bound}");
        }

        return true;
    }

    private static bool Expect(bool condition, ProblemScope scope, string label, string? value, string message)
    {
        if (!condition)
        {
            scope.Add(label, value, message);
        }

        return condition;
    }
}
