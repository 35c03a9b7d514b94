using System.Globalization;
using Huayang.Gis.Core.Text;

namespace Huayang.Gis.Core.Analysis;

/// <summary>
/// Numbers given as text by a user (CLI options and HTTP query parameters, see <see cref="AnalysisParameters"/>) read one way
/// everywhere: invariant culture, a decimal point, an optional sign and exponent, surrounding white space
/// ignored; no thousands separators (so <c>0,8</c> and <c>8,00</c> are refused, never read as 8 or 800), no
/// hexadecimal, no currency, finite only (<c>NaN</c> and <c>Infinity</c> are refused). Refusals are worded
/// like the HTTP API's 400s: the parameter, the value as given and what is allowed.
/// </summary>
public static class ParameterText
{
    private const NumberStyles DoubleStyle = NumberStyles.Float;
    private const NumberStyles IntegerStyle = NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite | NumberStyles.AllowLeadingSign;

    /// <summary>What <c>lon</c> accepts: WGS84 degrees.</summary>
    public const string LonAllowed = "a longitude in WGS84 degrees from -180 to 180 (e.g. 104.05)";

    /// <summary>What <c>lat</c> accepts: WGS84 degrees.</summary>
    public const string LatAllowed = "a latitude in WGS84 degrees from -90 to 90 (e.g. 30.5)";

    /// <summary>A finite number, or false when <paramref name="text"/> is null, empty or not such a number.</summary>
    public static bool TryDouble(string? text, out double value)
    {
        if (double.TryParse(text, DoubleStyle, CultureInfo.InvariantCulture, out value) && double.IsFinite(value))
        {
            return true;
        }
        value = double.NaN;
        return false;
    }

    /// <summary>A finite number from <paramref name="min"/> to <paramref name="max"/> inclusive.</summary>
    public static bool TryDouble(string? text, double min, double max, out double value) =>
        TryDouble(text, out value) && value >= min && value <= max;

    /// <summary>A decimal integer (optional sign, no separators, no exponent, no hexadecimal) that fits an <see cref="int"/>.</summary>
    public static bool TryInt(string? text, out int value) =>
        int.TryParse(text, IntegerStyle, CultureInfo.InvariantCulture, out value);

    /// <summary>A decimal integer from <paramref name="min"/> to <paramref name="max"/> inclusive.</summary>
    public static bool TryInt(string? text, int min, int max, out int value) =>
        TryInt(text, out value) && value >= min && value <= max;

    /// <summary>"a number from 0 to 100000 metres"-style text for the allowed range of a number.</summary>
    public static string Range(string what, double min, double max, string? unit = null) =>
        string.Create(CultureInfo.InvariantCulture, $"{what} from {min} to {max}{(unit is null ? "" : " " + unit)}");

    /// <summary>
    /// The refusal of a value: <c>'name' = "value" is not accepted; allowed: …</c>, or
    /// <c>'name' is required; allowed: …</c> when <paramref name="value"/> is null (the HTTP API's wording; the CLI passes
    /// the option with its dashes as <paramref name="name"/>). Long values are shortened to 80 characters.
    /// </summary>
    public static string Refusal(string name, string? value, string allowed, string? hint = null) =>
        (value is null
            ? $"{name} is required; allowed: {allowed}"
            : $"{name} = \"{MessageText.Shorten(value)}\" is not accepted; allowed: {allowed}")
        + (hint is null ? "" : $". {hint}");

}
