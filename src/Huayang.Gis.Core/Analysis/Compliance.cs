using Huayang.Gis.Core.Model;
using Huayang.Gis.Core.Network;
using Huayang.Gis.Core.Store;

namespace Huayang.Gis.Core.Analysis;

/// <summary>
/// A life-circle compliance question: for each community and each level, which of the categories the level requires
/// its residents can reach within the level's distance (walking by default), which are missing, how many residents
/// are without each, and how far the nearest site of each is.
/// </summary>
/// <param name="Levels">The levels to check; when empty, every level of the life-circle table and of each further
/// service standard (<see cref="LifeCircleStandard.Supplements"/>).</param>
/// <param name="Status">Which sites count: <see cref="SiteStatusFilter.Existing"/> (today, the default) or all (once the plan is built).</param>
/// <param name="Threshold">A category is met in a community when at least this share of its residents can reach a site (default 0.5).</param>
public sealed record ComplianceRequest(
    IReadOnlyList<LifeCircleLevel> Levels, CoverageMethod Method = CoverageMethod.Network,
    SiteStatusFilter Status = SiteStatusFilter.Existing, double Threshold = ComplianceRequest.DefaultThreshold)
{
    /// <summary>Half the residents: a category most of a community can reach is met.</summary>
    public const double DefaultThreshold = 0.5;

    /// <inheritdoc cref="CoverageRequest.OffNetworkLimitM"/>
    public double OffNetworkLimitM { get; init; } = NetworkJoiner.DefaultLimitM;
}

/// <summary>One required category in one community at one level.</summary>
/// <param name="PopulationWithout">Residents who cannot reach a site of the category within the distance.</param>
/// <param name="NearestM">Metres to the nearest site of the category from the community's population-weighted centre:
/// walked for the network method, straight for the buffer method; null when there is none (or none reachable).</param>
public sealed record CategoryFinding(
    string Category, string NameZh, string NameEn, bool Met, int CoveredPopulation, int PopulationWithout, double CoveredShare,
    double? NearestM, int SiteCount);

/// <summary>A community's findings at one level.</summary>
public sealed record CommunityCompliance(
    string CommunityId, string NameZh, string NameEn, int Population, IReadOnlyList<CategoryFinding> Findings)
{
    /// <summary>The required categories not met.</summary>
    public IEnumerable<CategoryFinding> Missing => Findings.Where(f => !f.Met);
}

/// <summary>A level's findings for every community, with the street's share per category.</summary>
public sealed record LevelCompliance(
    string Standard, LifeCircleLevel Level, double WalkMinutes, IReadOnlyList<CommunityCompliance> Communities,
    IReadOnlyList<(string Category, int CoveredPopulation, double CoveredShare, int CommunitiesMet)> Street);

/// <summary>The answer to a <see cref="ComplianceRequest"/>.</summary>
public sealed record ComplianceReport(
    string Standard, string Method, SiteStatusFilter Status, double Threshold, double WalkingSpeedMPerMin, double OffNetworkLimitM,
    int Population, IReadOnlyList<LevelCompliance> Levels);

/// <summary>Computes compliance from any store's coverage answers, so both stores agree by construction.</summary>
public static class ComplianceCalculator
{
    /// <exception cref="ArgumentOutOfRangeException">The threshold is not in (0, 1].</exception>
    public static async Task<ComplianceReport> ComputeAsync(
        ISpatialStore store, ComplianceRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(request);
        if (!(request.Threshold > 0 && request.Threshold <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(request), request.Threshold, "the threshold is a share of residents above 0 and at most 1");
        }

        var state = await store.GetStateAsync(cancellationToken);
        var standard = state.LifeCircles;
        var levels = request.Levels.Count == 0
            ? standard.Levels.Select(l => (standard.Standard, Level: l))
                .Concat(standard.Supplements.SelectMany(s => s.Levels.Select(l => (s.Standard, Level: l))))
                .ToList()
            : request.Levels.Select(l => (
                standard.Supplements.FirstOrDefault(s => s.Levels.Any(x => x.Id == l.Id))?.Standard ?? standard.Standard, Level: l)).ToList();
        var names = standard.Categories.ToDictionary(c => c.Id, StringComparer.Ordinal);
        var population = 0;
        var results = new List<LevelCompliance>();
        foreach (var (standardName, level) in levels)
        {
            var findings = new Dictionary<string, List<CategoryFinding>>(StringComparer.Ordinal);
            var rows = new Dictionary<string, CommunityCoverage>(StringComparer.Ordinal);
            var street = new List<(string, int, double, int)>();
            foreach (var category in level.RequiredCategories)
            {
                var report = await store.CoverageAsync(
                    new CoverageRequest(category, level, request.Status)
                    {
                        Method = request.Method,
                        OffNetworkLimitM = request.OffNetworkLimitM,
                        WithArea = false,
                    },
                    cancellationToken);
                population = report.Total.Population;
                var met = 0;
                foreach (var row in report.Communities)
                {
                    rows[row.CommunityId] = row;
                    var isMet = row.Population > 0 && row.CoveredShare >= request.Threshold;
                    met += isMet ? 1 : 0;
                    if (!findings.TryGetValue(row.CommunityId, out var list))
                    {
                        findings[row.CommunityId] = list = [];
                    }

                    var name = names.GetValueOrDefault(category);
                    list.Add(new CategoryFinding(
                        category, name?.NameZh ?? category, name?.NameEn ?? category, isMet, row.CoveredPopulation,
                        row.Population - row.CoveredPopulation, row.CoveredShare,
                        request.Method == CoverageMethod.Network ? row.NearestSiteWalkM : row.NearestSiteM, report.SiteCount));
                }

                street.Add((category, report.Total.CoveredPopulation, report.Total.CoveredShare, met));
            }

            var communities = rows.Values
                .OrderBy(r => r.CommunityId, StringComparer.Ordinal)
                .Select(r => new CommunityCompliance(r.CommunityId, r.NameZh, r.NameEn, r.Population, findings[r.CommunityId]))
                .ToList();
            results.Add(new LevelCompliance(standardName, level, level.RadiusM / standard.WalkingSpeedMPerMin, communities, street));
        }

        return new ComplianceReport(
            standard.Standard, request.Method == CoverageMethod.Network ? "network" : "buffer", request.Status, request.Threshold,
            standard.WalkingSpeedMPerMin, request.OffNetworkLimitM, population, results);
    }
}
