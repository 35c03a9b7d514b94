using Huayang.Gis.Core.Model;

namespace Huayang.Gis.Core.Analysis;

/// <summary>How a caller spells a parameter's name: <c>'radius_m'</c> in the HTTP API, <c>--radius-m</c> on the command line.</summary>
public enum ParameterSpelling
{
    /// <summary>An HTTP query parameter, quoted: <c>'radius_m'</c>.</summary>
    Query,

    /// <summary>A command-line option: <c>--radius-m</c>.</summary>
    Option,
}

/// <summary>
/// A refused analysis parameter: its name as the HTTP API spells it (<c>radius_m</c>), the value as given (null
/// when it was absent or empty), what is allowed and, sometimes, a sentence that helps further.
/// </summary>
public sealed record ParameterRefusal(string Parameter, string? Value, string Allowed, string? Hint = null)
{
    /// <summary>The message, with the parameter named as <paramref name="spelling"/> spells it (see <see cref="ParameterText.Refusal"/>).</summary>
    public string Message(ParameterSpelling spelling) =>
        ParameterText.Refusal(AnalysisParameters.Name(Parameter, spelling), Value, Allowed, Hint);
}

/// <summary>
/// The analysis questions' parameters read from text one way for the HTTP API (<c>/analysis/*</c>) and the
/// <c>huayang</c> command (nearest, within, community, coverage): numbers by <see cref="ParameterText"/>, the bounds of
/// <see cref="AnalysisLimits"/>, category and level ids exactly as the dataset's life-circle table spells them. Each
/// reader returns null when the value is accepted, else the <see cref="ParameterRefusal"/> both callers word the same
/// way. An empty value counts as absent.
/// </summary>
public static class AnalysisParameters
{
    /// <summary>What <c>k</c> accepts.</summary>
    public static readonly string KAllowed = $"an integer from 1 to {AnalysisLimits.MaxK} (default 3)";

    /// <summary>What <c>radius_m</c> accepts.</summary>
    public static readonly string RadiusAllowed = ParameterText.Range("a distance in metres", 0, AnalysisLimits.MaxRadiusM);

    /// <summary>What <c>status</c> accepts.</summary>
    public const string StatusAllowed = "all (default), existing, planned";

    /// <summary>What <c>method</c> accepts.</summary>
    public const string MethodAllowed = "buffer (default), network";

    /// <summary>What a boolean flag accepts.</summary>
    public const string BooleanAllowed = "true, false (default)";

    /// <summary>A parameter's name as <paramref name="spelling"/> writes it: <c>'radius_m'</c> or <c>--radius-m</c>.</summary>
    public static string Name(string parameter, ParameterSpelling spelling) =>
        spelling == ParameterSpelling.Query ? $"'{parameter}'" : "--" + parameter.Replace('_', '-');

    /// <summary>
    /// <c>lon</c> and <c>lat</c>: required, finite, WGS84 degrees in range; when <c>lat</c> is out of range but the
    /// two look swapped, the refusal says so (with an example spelt as the caller spells it).
    /// </summary>
    public static ParameterRefusal? Position(string? lonText, string? latText, ParameterSpelling spelling, out double lon, out double lat)
    {
        lat = double.NaN;
        if (!ParameterText.TryDouble(Given(lonText), -180, 180, out lon))
        {
            return new ParameterRefusal("lon", Given(lonText), ParameterText.LonAllowed);
        }
        var latIsNumber = ParameterText.TryDouble(Given(latText), out lat);
        if (latIsNumber && lat is >= -90 and <= 90)
        {
            return null;
        }
        var swapped = latIsNumber && lat is >= -180 and <= 180 && lon is >= -90 and <= 90;
        var example = spelling == ParameterSpelling.Query ? "lon=104.05&lat=30.5" : "--lon 104.05 --lat 30.5";
        var lonName = spelling == ParameterSpelling.Query ? "lon" : "--lon";
        var latName = spelling == ParameterSpelling.Query ? "lat" : "--lat";
        return new ParameterRefusal("lat", Given(latText), ParameterText.LatAllowed,
            swapped ? $"Are {lonName} and {latName} swapped? {lonName} is the east-west coordinate: {example} is in Huayang" : null);
    }

    /// <summary><c>k</c>: an integer from 1 to <see cref="AnalysisLimits.MaxK"/>, 3 when absent.</summary>
    public static ParameterRefusal? K(string? text, out int k)
    {
        k = 3;
        if (Given(text) is not { } given)
        {
            return null;
        }
        return ParameterText.TryInt(given, 1, AnalysisLimits.MaxK, out k) ? null : new ParameterRefusal("k", given, KAllowed);
    }

    /// <summary><c>radius_m</c>: required, finite, from 0 to <see cref="AnalysisLimits.MaxRadiusM"/> metres.</summary>
    public static ParameterRefusal? Radius(string? text, out double radiusM) =>
        ParameterText.TryDouble(Given(text), 0, AnalysisLimits.MaxRadiusM, out radiusM)
            ? null
            : new ParameterRefusal("radius_m", Given(text), RadiusAllowed);

    /// <summary><c>category</c>: one of the dataset's category ids (exact); null in <paramref name="category"/> when absent and not required.</summary>
    public static ParameterRefusal? Category(LifeCircleStandard standard, string? text, bool required, out string? category)
    {
        ArgumentNullException.ThrowIfNull(standard);
        var given = Given(text);
        category = given;
        var accepted = given is null
            ? !required
            : standard.Categories.Any(c => string.Equals(c.Id, given, StringComparison.Ordinal));
        return accepted ? null : new ParameterRefusal("category", given, string.Join(", ", standard.Categories.Select(c => c.Id)));
    }

    /// <summary><c>level</c>: required, one of the dataset's life-circle level ids.</summary>
    public static ParameterRefusal? Level(LifeCircleStandard standard, string? text, out LifeCircleLevel? level)
    {
        ArgumentNullException.ThrowIfNull(standard);
        level = Given(text) is { } given ? standard.Level(given) : null;
        return level is not null ? null : new ParameterRefusal("level", Given(text), string.Join(", ", standard.AllLevels.Select(l => l.Id)));
    }

    /// <summary><c>status</c>: which sites count; <see cref="SiteStatusFilter.All"/> when absent.</summary>
    public static ParameterRefusal? Status(string? text, out SiteStatusFilter status)
    {
        (status, var known) = Given(text) switch
        {
            null or "all" => (SiteStatusFilter.All, true),
            "existing" => (SiteStatusFilter.Existing, true),
            "planned" => (SiteStatusFilter.Planned, true),
            _ => (SiteStatusFilter.All, false),
        };
        return known ? null : new ParameterRefusal("status", Given(text), StatusAllowed);
    }

    /// <summary><c>method</c>: <c>buffer</c> (straight-line, the default) or <c>network</c> (walking along the walkways).</summary>
    public static ParameterRefusal? Method(string? text, out CoverageMethod method)
    {
        (method, var known) = Given(text) switch
        {
            null or "buffer" => (CoverageMethod.Buffer, true),
            "network" => (CoverageMethod.Network, true),
            _ => (CoverageMethod.Buffer, false),
        };
        return known ? null : new ParameterRefusal("method", Given(text), MethodAllowed);
    }

    /// <summary>
    /// <c>off_network_m</c>: how far from every walkway a point is off the network, 0 to 5,000 m;
    /// <see cref="Network.NetworkJoiner.DefaultLimitM"/> when absent.
    /// </summary>
    public static ParameterRefusal? OffNetworkLimit(string? text, out double metres)
    {
        metres = Network.NetworkJoiner.DefaultLimitM;
        if (Given(text) is not { } given)
        {
            return null;
        }

        return ParameterText.TryDouble(given, 0, AnalysisLimits.MaxServiceAreaM, out metres)
            ? null
            : new ParameterRefusal("off_network_m", given, OffNetworkAllowed);
    }

    /// <summary>What <c>off_network_m</c> accepts.</summary>
    public static readonly string OffNetworkAllowed =
        ParameterText.Range("a distance in metres", 0, AnalysisLimits.MaxServiceAreaM) + $" (default {Network.NetworkJoiner.DefaultLimitM:0})";

    /// <summary>What <c>distance_m</c> accepts.</summary>
    public static readonly string DistancesAllowed =
        $"1 to {AnalysisLimits.MaxServiceAreaRings} distances in metres, comma-separated, each above 0 and at most "
        + $"{AnalysisLimits.MaxServiceAreaM:0} (no thousands separators)";

    /// <summary>
    /// The rings of a service area: <c>distance_m</c> (a comma-separated list of metres) or else <c>level</c> (one level
    /// id, its distance) or else every level of the life-circle table; sorted, duplicates dropped.
    /// </summary>
    public static ParameterRefusal? Distances(
        LifeCircleStandard standard, string? distancesText, string? levelText, out IReadOnlyList<double> distances)
    {
        ArgumentNullException.ThrowIfNull(standard);
        distances = [];
        if (Given(distancesText) is { } given)
        {
            var parts = given.Split(',');
            var values = new SortedSet<double>();
            foreach (var part in parts)
            {
                if (!ParameterText.TryDouble(part.Trim(), 0, AnalysisLimits.MaxServiceAreaM, out var value) || value <= 0)
                {
                    return new ParameterRefusal("distance_m", given, DistancesAllowed, $"'{part.Trim()}' is not such a distance");
                }

                values.Add(value);
            }

            if (parts.Length > AnalysisLimits.MaxServiceAreaRings)
            {
                return new ParameterRefusal("distance_m", given, DistancesAllowed);
            }

            distances = [.. values];
            return null;
        }

        if (Given(levelText) is not null)
        {
            if (Level(standard, levelText, out var level) is { } refusal)
            {
                return refusal;
            }

            distances = [level!.RadiusM];
            return null;
        }

        distances = standard.Levels.Select(l => l.RadiusM).Where(d => d > 0 && d <= AnalysisLimits.MaxServiceAreaM)
            .Distinct().Order().Take(AnalysisLimits.MaxServiceAreaRings).ToList();
        return null;
    }

    /// <summary><c>threshold</c> of compliance: a share above 0 and at most 1; <see cref="ComplianceRequest.DefaultThreshold"/> when absent.</summary>
    public static ParameterRefusal? Threshold(string? text, out double threshold)
    {
        threshold = ComplianceRequest.DefaultThreshold;
        if (Given(text) is not { } given)
        {
            return null;
        }

        return ParameterText.TryDouble(given, 0, 1, out threshold) && threshold > 0
            ? null
            : new ParameterRefusal("threshold", given, "a share of residents above 0 and at most 1 (default 0.5)");
    }

    /// <summary>
    /// <c>count</c> and <c>target_share</c> of a suggestion: exactly one of them; count 1 to 1,000 new sites, target share
    /// above 0 and at most 1.
    /// </summary>
    public static ParameterRefusal? SuggestGoal(string? countText, string? shareText, out int? count, out double? share)
    {
        count = null;
        share = null;
        var countGiven = Given(countText);
        var shareGiven = Given(shareText);
        if ((countGiven is null) == (shareGiven is null))
        {
            return new ParameterRefusal("count", countGiven, "a number of new sites (count) or a target share of residents (target_share), one of them",
                "Ask for a number of sites to choose (maximal covering) or for the share of residents to reach with the fewest sites (set covering).");
        }

        if (countGiven is not null)
        {
            if (!ParameterText.TryInt(countGiven, 1, 1000, out var value))
            {
                return new ParameterRefusal("count", countGiven, "an integer from 1 to 1000");
            }

            count = value;
            return null;
        }

        if (!ParameterText.TryDouble(shareGiven, 0, 1, out var fraction) || fraction <= 0)
        {
            return new ParameterRefusal("target_share", shareGiven, "a share of residents above 0 and at most 1, e.g. 0.9");
        }

        share = fraction;
        return null;
    }

    /// <summary>
    /// <c>candidates</c>: <c>planned</c> (default, the category's planned sites), <c>walkways</c> (points along the walkways
    /// every <c>spacing_m</c> metres, 50 to 5,000, default 200) or <c>layer:NAME</c> (a layer's points).
    /// </summary>
    public static ParameterRefusal? Candidates(string? text, string? spacingText, out CandidateSource source, out string? layer, out double spacing)
    {
        layer = null;
        spacing = 200;
        source = CandidateSource.Planned;
        var given = Given(text);
        if (Given(spacingText) is { } spacingGiven && !ParameterText.TryDouble(spacingGiven, 50, 5000, out spacing))
        {
            return new ParameterRefusal("spacing_m", spacingGiven, "metres from 50 to 5000 (default 200)");
        }

        switch (given)
        {
            case null or "planned":
                return null;
            case "walkways":
                source = CandidateSource.Walkways;
                return null;
            case not null when given.StartsWith("layer:", StringComparison.Ordinal) && given.Length > 6:
                source = CandidateSource.Layer;
                layer = given[6..];
                return null;
            default:
                return new ParameterRefusal("candidates", given, "planned (default), walkways, layer:NAME");
        }
    }

    /// <summary>
    /// <c>site</c>: site ids, comma-separated (at most <see cref="AnalysisLimits.MaxServiceAreaSites"/>); null in
    /// <paramref name="ids"/> when absent. Whether each id exists is the caller's to check against the store.
    /// </summary>
    public static ParameterRefusal? SiteIds(string? text, out IReadOnlyList<string>? ids)
    {
        ids = null;
        if (Given(text) is not { } given)
        {
            return null;
        }

        var parts = given.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToList();
        if (parts.Count == 0 || parts.Count > AnalysisLimits.MaxServiceAreaSites)
        {
            return new ParameterRefusal("site", given, $"1 to {AnalysisLimits.MaxServiceAreaSites} site ids, comma-separated");
        }

        ids = parts;
        return null;
    }

    /// <summary>A boolean flag named <paramref name="parameter"/>: <c>true</c> or <c>false</c>, false when absent.</summary>
    public static ParameterRefusal? Boolean(string parameter, string? text, out bool value)
    {
        (value, var known) = Given(text) switch
        {
            null or "false" => (false, true),
            "true" => (true, true),
            _ => (false, false),
        };
        return known ? null : new ParameterRefusal(parameter, Given(text), BooleanAllowed);
    }

    /// <summary>An output format named <paramref name="text"/>: one of <paramref name="formats"/>, the first when absent.</summary>
    public static ParameterRefusal? Format(string? text, IReadOnlyList<string> formats, out string format)
    {
        ArgumentNullException.ThrowIfNull(formats);
        format = Given(text) ?? formats[0];
        if (formats.Contains(format, StringComparer.Ordinal))
        {
            return null;
        }
        var allowed = string.Join(", ", formats.Select((f, i) => i == 0 ? f + " (default)" : f));
        return new ParameterRefusal("format", Given(text), allowed);
    }

    private static string? Given(string? text) => string.IsNullOrEmpty(text) ? null : text;
}
