using Huayang.Gis.Core.Model;
using Huayang.Gis.Core.Network;

namespace Huayang.Gis.Core.Analysis;

/// <summary>
/// A service-area question: which part of the walking network, and of the street, can be reached on foot from a set of
/// sites within each of <paramref name="DistancesM"/>. The sites are those named by <paramref name="SiteIds"/>, or else
/// every site of <paramref name="Category"/> (all categories when null) that <paramref name="Status"/> admits.
/// </summary>
/// <param name="DistancesM">One ring per distance, ascending, each in (0, <see cref="AnalysisLimits.MaxServiceAreaM"/>].</param>
public sealed record ServiceAreaRequest(
    IReadOnlyList<string>? SiteIds, string? Category, SiteStatusFilter Status, IReadOnlyList<double> DistancesM)
{
    /// <inheritdoc cref="CoverageRequest.OffNetworkLimitM"/>
    public double OffNetworkLimitM { get; init; } = NetworkJoiner.DefaultLimitM;

    /// <summary>Whether a site takes part (by id when ids are given, else by category and status).</summary>
    public bool Includes(Site site) =>
        SiteIds is not null
            ? SiteIds.Contains(site.Id, StringComparer.Ordinal)
            : (Category is null || string.Equals(site.Category, Category, StringComparison.Ordinal)) && Status switch
            {
                SiteStatusFilter.Existing => site.Status == "existing",
                SiteStatusFilter.Planned => site.Status == "planned",
                _ => true,
            };
}

/// <summary>A site of a service-area question and where it joins the network.</summary>
/// <param name="Join">Null when the site is off the network.</param>
public sealed record JoinedSite(Site Site, NetworkPosition? Join);

/// <summary>One ring of a service-area answer: what is reached within <see cref="ServiceArea.DistanceM"/>.</summary>
/// <param name="Minutes">The distance at the walking speed, in minutes.</param>
public sealed record ServiceAreaRing(double Minutes, ServiceArea Area);

/// <summary>The answer to a <see cref="ServiceAreaRequest"/>; geometry in EPSG:4544 metres.</summary>
/// <param name="Method">How the network was searched: <c>dijkstra</c> (in memory) or <c>pgr_withPointsDD</c> (PostGIS).</param>
public sealed record ServiceAreaReport(
    string Method, double WalkingSpeedMPerMin, double OffNetworkLimitM, IReadOnlyList<JoinedSite> Sites,
    IReadOnlyList<ServiceAreaRing> Rings);
