using System.Globalization;
using System.Text.Json;
using Huayang.Gis.Core.Text;

namespace Huayang.Gis.Core.IO;

/// <summary>What kind of value a field holds, whatever the file format it came from.</summary>
internal enum FieldValueKind
{
    Null,
    String,

    /// <summary>A finite number: <see cref="FieldValue.Value"/> is a <see cref="long"/> or a <see cref="double"/>.</summary>
    Number,

    /// <summary>A number that is not finite (NaN, Infinity, or a JSON number too large for a double).</summary>
    NonFinite,
    Bool,

    /// <summary>Anything else: a JSON array or object, a binary blob.</summary>
    Other,
}

/// <summary>
/// One attribute value as read from any format, normalised to the CLR values kept in feature attributes
/// (<see cref="string"/>, <see cref="long"/>, <see cref="double"/>, <see cref="bool"/>, null, and for JSON arrays
/// and objects what <see cref="JsonValues.ToClr"/> gives), with the text that problems show.
/// </summary>
/// <param name="Display">The value as written in the file (JSON strings and CSV cells without quotes), shortened
/// when long.</param>
internal readonly record struct FieldValue(FieldValueKind Kind, object? Value, string Display)
{

    public static FieldValue Null(string display = "null") => new(FieldValueKind.Null, null, display);

    public static FieldValue Text(string text) => new(FieldValueKind.String, text, MessageText.Shorten(text));

    public static FieldValue Whole(long value) => new(FieldValueKind.Number, value, JsonValues.Format(value));

    public static FieldValue Bool(bool value) => new(FieldValueKind.Bool, value, value ? "true" : "false");

    /// <summary>A double; NaN and infinities are <see cref="FieldValueKind.NonFinite"/>.</summary>
    public static FieldValue Real(double value, string? display = null) => double.IsFinite(value)
        ? new(FieldValueKind.Number, value, display ?? JsonValues.Format(value))
        : new(FieldValueKind.NonFinite, value, display ?? JsonValues.Format(value));

    public static FieldValue FromJson(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null => Null(),
        JsonValueKind.String => Text(value.GetString() ?? ""),
        JsonValueKind.Number => new(
            JsonValues.IsFinite(value) ? FieldValueKind.Number : FieldValueKind.NonFinite,
            JsonValues.ToClr(value), JsonValues.Display(value)),
        JsonValueKind.True or JsonValueKind.False => new(FieldValueKind.Bool, value.GetBoolean(), JsonValues.Display(value)),
        _ => new(FieldValueKind.Other, JsonValues.ToClr(value), JsonValues.Display(value)),
    };

    /// <summary>
    /// A value from a database or DBF reader: integers become <see cref="long"/>, floating-point and decimal numbers
    /// <see cref="double"/>, dates ISO 8601 text (<c>2024-05-01</c>, or with a time when it has one), a blob
    /// <see cref="FieldValueKind.Other"/>.
    /// </summary>
    public static FieldValue FromClr(object? value) => value switch
    {
        null or DBNull => Null(""),
        string text => Text(text),
        bool flag => Bool(flag),
        long or int or short or sbyte or byte or ushort or uint => Whole(Convert.ToInt64(value, CultureInfo.InvariantCulture)),
        ulong big when big <= long.MaxValue => Whole((long)big),
        ulong big => Real(big),
        double number => Real(number),
        float number => Real(number, number.ToString("R", CultureInfo.InvariantCulture)),
        decimal number => Real((double)number),
        DateTime date => Text(date.TimeOfDay == TimeSpan.Zero
            ? date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : date.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture)),
        DateOnly date => Text(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
        byte[] blob => new(FieldValueKind.Other, blob, $"({JsonValues.Format(blob.Length)}-byte blob)"),
        _ => Text(Convert.ToString(value, CultureInfo.InvariantCulture) ?? ""),
    };

}
