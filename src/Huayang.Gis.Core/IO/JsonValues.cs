using System.Globalization;
using System.Text.Json;
using NetTopologySuite.Features;
using Huayang.Gis.Core.Text;

namespace Huayang.Gis.Core.IO;

/// <summary>Turns JSON values into the CLR values kept in feature attributes, and into text for problems.</summary>
internal static class JsonValues
{

    /// <summary>
    /// The CLR value for a JSON value: <see cref="string"/>, <see cref="long"/> for integers that fit,
    /// <see cref="double"/> for other numbers, <see cref="bool"/>, null, an <c>object?[]</c> for arrays and a
    /// nested <see cref="AttributesTable"/> for objects.
    /// </summary>
    public static object? ToClr(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.TryGetInt64(out var whole) ? (object)whole : value.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Array => value.EnumerateArray().Select(ToClr).ToArray(),
        JsonValueKind.Object => ToTable(value),
        _ => null,
    };

    /// <summary>The members of a JSON object as attributes; the last of repeated names wins.</summary>
    public static AttributesTable ToTable(JsonElement value)
    {
        var table = new AttributesTable();
        foreach (var member in value.EnumerateObject())
        {
            var converted = ToClr(member.Value);
            if (table.Exists(member.Name))
            {
                table[member.Name] = converted;
            }
            else
            {
                table.Add(member.Name, converted);
            }
        }

        return table;
    }

    /// <summary>The value as written: strings without quotes, anything else as raw JSON, shortened when long.</summary>
    public static string Display(JsonElement value)
    {
        var text = value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : value.GetRawText();
        return MessageText.Shorten(text);
    }

    /// <summary>
    /// The first number in the value (searching arrays and objects) that is not a finite double, such as
    /// <c>1e999</c>, as written; null when there is none.
    /// </summary>
    public static string? FindNonFinite(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Number:
                return IsFinite(value) ? null : value.GetRawText();
            case JsonValueKind.Array:
                foreach (var item in value.EnumerateArray())
                {
                    if (FindNonFinite(item) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            case JsonValueKind.Object:
                foreach (var member in value.EnumerateObject())
                {
                    if (FindNonFinite(member.Value) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    /// <summary>True for a JSON number that reads as a finite double.</summary>
    public static bool IsFinite(JsonElement number) =>
        number.TryGetDouble(out var d) && double.IsFinite(d);

    /// <summary>The property of an object, or null when the element is absent, not an object or has no such property.</summary>
    public static JsonElement? Property(JsonElement? owner, string name) =>
        owner is { ValueKind: JsonValueKind.Object } o && o.TryGetProperty(name, out var value) ? value : null;

    /// <summary>As <see cref="Property(JsonElement?, string)"/>, with the name in UTF-8 (no transcoding per call).</summary>
    public static JsonElement? Property(JsonElement? owner, ReadOnlySpan<byte> utf8Name) =>
        owner is { ValueKind: JsonValueKind.Object } o && o.TryGetProperty(utf8Name, out var value) ? value : null;

    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    public static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);
}
