using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Huayang.Gis.Core.Analysis;
using Huayang.Gis.Core.Model;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Huayang.Gis.Server.Analysis;

/// <summary>
/// Reads the analysis endpoints' query parameters from the raw strings (so that a malformed value is a
/// 400 naming the parameter, never a binding failure), with the bounds the CLI applies. An empty value
/// counts as absent; a parameter given twice arrives joined by a comma and is refused as malformed.
/// </summary>
internal static class AnalysisParameters
{
    public const string LonAllowed = "a longitude in WGS84 degrees from -180 to 180 (e.g. 104.05)";
    public const string LatAllowed = "a latitude in WGS84 degrees from -90 to 90 (e.g. 30.5)";
    public static readonly string KAllowed = $"an integer from 1 to {AnalysisLimits.MaxK} (default 3)";
    public static readonly string RadiusAllowed =
        $"a distance in metres from 0 to {AnalysisLimits.MaxRadiusM.ToString(CultureInfo.InvariantCulture)}";
    public const string StatusAllowed = "all (default), existing, planned";
    public const string MethodAllowed = "buffer (default)";
    public const string BooleanAllowed = "true, false (default)";

    /// <summary><c>lon</c> and <c>lat</c>: required, finite, in range; a hint when they look swapped.</summary>
    public static bool TryPosition(
        string? lonText, string? latText, out double lon, out double lat, [NotNullWhen(false)] out ProblemHttpResult? problem)
    {
        lat = double.NaN;
        if (!TryDouble(lonText, out lon) || lon is < -180 or > 180)
        {
            problem = ApiProblems.BadParameter("lon", Given(lonText), LonAllowed);
            return false;
        }
        var latIsNumber = TryDouble(latText, out lat);
        if (!latIsNumber || lat is < -90 or > 90)
        {
            var swapped = latIsNumber && lat is >= -180 and <= 180 && lon is >= -90 and <= 90;
            problem = ApiProblems.BadParameter("lat", Given(latText), LatAllowed,
                swapped ? "Are lon and lat swapped? lon is the east-west coordinate: lon=104.05&lat=30.5 is in Huayang" : null);
            return false;
        }
        problem = null;
        return true;
    }

    /// <summary><c>k</c>: an integer from 1 to <see cref="AnalysisLimits.MaxK"/>, 3 when absent.</summary>
    public static bool TryK(string? text, out int k, [NotNullWhen(false)] out ProblemHttpResult? problem)
    {
        k = 3;
        problem = null;
        if (Given(text) is not { } given)
        {
            return true;
        }
        if (int.TryParse(given, NumberStyles.Integer, CultureInfo.InvariantCulture, out k) && k is >= 1 and <= AnalysisLimits.MaxK)
        {
            return true;
        }
        problem = ApiProblems.BadParameter("k", given, KAllowed);
        return false;
    }

    /// <summary><c>radius_m</c>: required, finite, from 0 to <see cref="AnalysisLimits.MaxRadiusM"/> metres.</summary>
    public static bool TryRadius(string? text, out double radiusM, [NotNullWhen(false)] out ProblemHttpResult? problem)
    {
        if (TryDouble(text, out radiusM) && radiusM is >= 0 and <= AnalysisLimits.MaxRadiusM)
        {
            problem = null;
            return true;
        }
        problem = ApiProblems.BadParameter("radius_m", Given(text), RadiusAllowed);
        return false;
    }

    /// <summary><c>category</c>: one of the dataset's category ids (exact, as the CLI), or null when absent and not required.</summary>
    public static bool TryCategory(
        LifeCircleStandard standard, string? text, bool required, out string? category, [NotNullWhen(false)] out ProblemHttpResult? problem)
    {
        var given = Given(text);
        category = given;
        if (given is null ? !required : standard.Categories.Any(c => string.Equals(c.Id, given, StringComparison.Ordinal)))
        {
            problem = null;
            return true;
        }
        problem = ApiProblems.BadParameter("category", given, string.Join(", ", standard.Categories.Select(c => c.Id)));
        return false;
    }

    /// <summary><c>level</c>: required, one of the dataset's life-circle levels.</summary>
    public static bool TryLevel(
        LifeCircleStandard standard, string? text, [NotNullWhen(true)] out LifeCircleLevel? level, [NotNullWhen(false)] out ProblemHttpResult? problem)
    {
        level = Given(text) is { } given ? standard.Level(given) : null;
        if (level is not null)
        {
            problem = null;
            return true;
        }
        problem = ApiProblems.BadParameter("level", Given(text), string.Join(", ", standard.Levels.Select(l => l.Id)));
        return false;
    }

    /// <summary><c>status</c>: which sites count; <c>all</c> when absent.</summary>
    public static bool TryStatus(string? text, out SiteStatusFilter status, [NotNullWhen(false)] out ProblemHttpResult? problem)
    {
        (status, var known) = Given(text) switch
        {
            null or "all" => (SiteStatusFilter.All, true),
            "existing" => (SiteStatusFilter.Existing, true),
            "planned" => (SiteStatusFilter.Planned, true),
            _ => (SiteStatusFilter.All, false),
        };
        problem = known ? null : ApiProblems.BadParameter("status", Given(text), StatusAllowed);
        return known;
    }

    /// <summary><c>method</c>: only <c>buffer</c> exists; network coverage is refused with a message that says so.</summary>
    public static bool TryMethod(string? text, [NotNullWhen(false)] out ProblemHttpResult? problem)
    {
        if (Given(text) is null or "buffer")
        {
            problem = null;
            return true;
        }
        problem = ApiProblems.BadParameter("method", Given(text), MethodAllowed,
            "Only buffer (straight-line distance) coverage is available; network coverage (walking distance along the walkways) is not built yet");
        return false;
    }

    /// <summary>A boolean flag: <c>true</c> or <c>false</c>, false when absent.</summary>
    public static bool TryBoolean(string parameter, string? text, out bool value, [NotNullWhen(false)] out ProblemHttpResult? problem)
    {
        (value, var known) = Given(text) switch
        {
            null or "false" => (false, true),
            "true" => (true, true),
            _ => (false, false),
        };
        problem = known ? null : ApiProblems.BadParameter(parameter, Given(text), BooleanAllowed);
        return known;
    }

    /// <summary>A finite number in invariant culture (decimal point, optional exponent); NaN and infinities are refused.</summary>
    private static bool TryDouble(string? text, out double value) =>
        double.TryParse(Given(text), NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    private static string? Given(string? text) => string.IsNullOrEmpty(text) ? null : text;
}
