using System.Globalization;
using System.Text.Json;

namespace Huayang.Gis.Core.IO;

/// <summary>
/// The limits on the text of a feature sent by a client, beyond a layer's fields: nothing PostgreSQL cannot store
/// (U+0000), ids without control characters and of a sensible length, no string, property name or number of
/// properties far beyond any real feature's (the longest text of the bundled data is under 100 characters). Each
/// problem names the field (its path in the body) and shows the start of the value.
/// </summary>
public static class FeatureBodyText
{
    /// <summary>The longest id, in characters.</summary>
    public const int MaxIdLength = 128;

    /// <summary>The longest string value anywhere in the body, in characters.</summary>
    public const int MaxTextLength = 2000;

    /// <summary>The longest property name, in characters.</summary>
    public const int MaxNameLength = 64;

    /// <summary>The most properties a feature may have.</summary>
    public const int MaxProperties = 100;

    internal static void Check(JsonElement body, ProblemScope scope)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        CheckId(JsonValues.Property(body, "id"), "id", scope);
        if (JsonValues.Property(body, "properties") is { ValueKind: JsonValueKind.Object } properties)
        {
            CheckId(JsonValues.Property(properties, "id"), "id", scope);
            var count = 0;
            foreach (var member in properties.EnumerateObject())
            {
                count++;
                if (member.Name.Length > MaxNameLength)
                {
                    scope.Add(Start(member.Name), Length(member.Name), $"a property name is at most {MaxNameLength} characters");
                }
            }

            if (count > MaxProperties)
            {
                scope.Add("properties", count.ToString(CultureInfo.InvariantCulture), $"a feature has at most {MaxProperties} properties");
            }
        }

        Walk(body, "", scope);
    }

    /// <summary>Every string and property name under <paramref name="element"/>: no U+0000, none too long.</summary>
    private static void Walk(JsonElement element, string path, ProblemScope scope)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var member in element.EnumerateObject())
                {
                    var name = Text(member) ?? "?";
                    var inner = path.Length == 0 ? name : path == "properties" ? name : $"{path}.{name}";
                    if (name.Contains('\0', StringComparison.Ordinal))
                    {
                        scope.Add(Shown(inner), Shown(name), "the property name contains U+0000 (NUL), which cannot be stored");
                    }

                    Walk(member.Value, inner, scope);
                }

                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Walk(item, $"{path}[{i++}]", scope);
                }

                break;
            case JsonValueKind.String:
                var text = Text(element);
                if (text is null)
                {
                    scope.Add(Shown(path), null, "not Unicode text (a lone surrogate escape)");
                }
                else if (text.Contains('\0', StringComparison.Ordinal))
                {
                    scope.Add(Shown(path), Shown(Start(text)), "the text contains U+0000 (NUL), which cannot be stored");
                }
                else if (text.Length > MaxTextLength)
                {
                    scope.Add(Shown(path), Length(text), $"a text is at most {MaxTextLength:N0} characters");
                }

                break;
        }
    }

    private static void CheckId(JsonElement? id, string field, ProblemScope scope)
    {
        if (id is not { ValueKind: JsonValueKind.String } element || Text(element) is not { } text)
        {
            return;
        }

        if (text.Length > MaxIdLength)
        {
            scope.Add(field, Length(text), $"an id is at most {MaxIdLength} characters");
        }
        else if (text.Any(char.IsControl))
        {
            var code = text.First(char.IsControl);
            scope.Add(field, Shown(text), string.Create(CultureInfo.InvariantCulture,
                $"an id cannot contain control characters (U+{(int)code:X4}); it is part of the feature's address"));
        }
    }

    private static string? Text(JsonElement element)
    {
        try
        {
            return element.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static string? Text(JsonProperty member)
    {
        try
        {
            return member.Name;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>Control characters written as \uXXXX, so that a message shows them.</summary>
    private static string Shown(string text)
    {
        if (!text.Any(char.IsControl))
        {
            return text;
        }

        var shown = new System.Text.StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            shown.Append(char.IsControl(c) ? string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}") : c);
        }

        return shown.ToString();
    }

    private static string Start(string text) => text.Length <= 40 ? text : text[..40] + "…";

    private static string Length(string text) =>
        string.Create(CultureInfo.InvariantCulture, $"{Start(text)} ({text.Length:N0} characters)");
}
