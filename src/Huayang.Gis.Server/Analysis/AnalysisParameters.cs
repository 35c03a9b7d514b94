using System.Diagnostics.CodeAnalysis;
using Huayang.Gis.Core.Model;
using Microsoft.AspNetCore.Http.HttpResults;
using Shared = Huayang.Gis.Core.Analysis;

namespace Huayang.Gis.Server.Analysis;

/// <summary>
/// The analysis endpoints' query parameters, read from the raw strings (so that a malformed value is a 400 naming
/// the parameter, never a binding failure) by <see cref="Shared.AnalysisParameters"/>, the readers the CLI uses too, so
/// both accept the same values and word a refusal the same way. A parameter given twice arrives joined by a comma
/// and is refused as malformed.
/// </summary>
internal static class AnalysisParameters
{
    /// <summary><c>lon</c> and <c>lat</c>: required, finite, in range; a hint when they look swapped.</summary>
    public static bool TryPosition(
        string? lonText, string? latText, out double lon, out double lat, [NotNullWhen(false)] out ProblemHttpResult? problem) =>
        Accepted(Shared.AnalysisParameters.Position(lonText, latText, Shared.ParameterSpelling.Query, out lon, out lat), out problem);

    /// <summary><c>k</c>: an integer from 1 to <see cref="Shared.AnalysisLimits.MaxK"/>, 3 when absent.</summary>
    public static bool TryK(string? text, out int k, [NotNullWhen(false)] out ProblemHttpResult? problem) =>
        Accepted(Shared.AnalysisParameters.K(text, out k), out problem);

    /// <summary><c>radius_m</c>: required, finite, from 0 to <see cref="Shared.AnalysisLimits.MaxRadiusM"/> metres.</summary>
    public static bool TryRadius(string? text, out double radiusM, [NotNullWhen(false)] out ProblemHttpResult? problem) =>
        Accepted(Shared.AnalysisParameters.Radius(text, out radiusM), out problem);

    /// <summary><c>category</c>: one of the dataset's category ids, or null when absent and not required.</summary>
    public static bool TryCategory(
        LifeCircleStandard standard, string? text, bool required, out string? category, [NotNullWhen(false)] out ProblemHttpResult? problem) =>
        Accepted(Shared.AnalysisParameters.Category(standard, text, required, out category), out problem);

    /// <summary><c>level</c>: required, one of the dataset's life-circle levels.</summary>
    public static bool TryLevel(
        LifeCircleStandard standard, string? text, [NotNullWhen(true)] out LifeCircleLevel? level, [NotNullWhen(false)] out ProblemHttpResult? problem) =>
        Accepted(Shared.AnalysisParameters.Level(standard, text, out level), out problem);

    /// <summary><c>status</c>: which sites count; <c>all</c> when absent.</summary>
    public static bool TryStatus(string? text, out Shared.SiteStatusFilter status, [NotNullWhen(false)] out ProblemHttpResult? problem) =>
        Accepted(Shared.AnalysisParameters.Status(text, out status), out problem);

    /// <summary><c>method</c>: <c>buffer</c> (default) or <c>network</c>.</summary>
    public static bool TryMethod(string? text, out Shared.CoverageMethod method, [NotNullWhen(false)] out ProblemHttpResult? problem) =>
        Accepted(Shared.AnalysisParameters.Method(text, out method), out problem);

    /// <summary><c>off_network_m</c>: the off-network limit in metres, 250 when absent.</summary>
    public static bool TryOffNetworkLimit(string? text, out double metres, [NotNullWhen(false)] out ProblemHttpResult? problem) =>
        Accepted(Shared.AnalysisParameters.OffNetworkLimit(text, out metres), out problem);

    /// <summary><c>distance_m</c> or <c>level</c>: the rings of a service area.</summary>
    public static bool TryDistances(
        LifeCircleStandard standard, string? distances, string? level, out IReadOnlyList<double> values,
        [NotNullWhen(false)] out ProblemHttpResult? problem) =>
        Accepted(Shared.AnalysisParameters.Distances(standard, distances, level, out values), out problem);

    /// <summary><c>threshold</c>: a share above 0 and at most 1, 0.5 when absent.</summary>
    public static bool TryThreshold(string? text, out double threshold, [NotNullWhen(false)] out ProblemHttpResult? problem) =>
        Accepted(Shared.AnalysisParameters.Threshold(text, out threshold), out problem);

    /// <summary><c>count</c> or <c>target_share</c>: exactly one.</summary>
    public static bool TrySuggestGoal(
        string? count, string? share, out int? countValue, out double? shareValue, [NotNullWhen(false)] out ProblemHttpResult? problem) =>
        Accepted(Shared.AnalysisParameters.SuggestGoal(count, share, out countValue, out shareValue), out problem);

    /// <summary><c>candidates</c> and <c>spacing_m</c>.</summary>
    public static bool TryCandidates(
        string? candidates, string? spacing, out Shared.CandidateSource source, out string? layer, out double spacingM,
        [NotNullWhen(false)] out ProblemHttpResult? problem) =>
        Accepted(Shared.AnalysisParameters.Candidates(candidates, spacing, out source, out layer, out spacingM), out problem);

    /// <summary><c>site</c>: comma-separated site ids, or null when absent.</summary>
    public static bool TrySiteIds(string? text, out IReadOnlyList<string>? ids, [NotNullWhen(false)] out ProblemHttpResult? problem) =>
        Accepted(Shared.AnalysisParameters.SiteIds(text, out ids), out problem);

    /// <summary>A boolean flag: <c>true</c> or <c>false</c>, false when absent.</summary>
    public static bool TryBoolean(string parameter, string? text, out bool value, [NotNullWhen(false)] out ProblemHttpResult? problem) =>
        Accepted(Shared.AnalysisParameters.Boolean(parameter, text, out value), out problem);

    /// <summary>The 400 of a refusal, worded by <see cref="Shared.ParameterRefusal.Message"/>.</summary>
    public static ProblemHttpResult Problem(Shared.ParameterRefusal refusal) =>
        ApiProblems.BadParameter(refusal.Parameter, refusal.Value, refusal.Allowed, refusal.Hint);

    private static bool Accepted(Shared.ParameterRefusal? refusal, [NotNullWhen(false)] out ProblemHttpResult? problem)
    {
        problem = refusal is null ? null : Problem(refusal);
        return refusal is null;
    }
}
