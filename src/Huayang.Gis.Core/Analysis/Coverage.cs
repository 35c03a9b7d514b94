using Huayang.Gis.Core.Model;
using Huayang.Gis.Core.Network;
using NetTopologySuite.Geometries;

namespace Huayang.Gis.Core.Analysis;

/// <summary>Which sites count as providers in a coverage question.</summary>
public enum SiteStatusFilter
{
    /// <summary>Existing and planned sites: coverage once the plan is built.</summary>
    All,
    /// <summary>Only existing sites: coverage today.</summary>
    Existing,
    /// <summary>Only planned sites.</summary>
    Planned,
}

/// <summary>How distance is measured in a coverage question.</summary>
public enum CoverageMethod
{
    /// <summary>Straight-line distance (a buffer around each site): overstates coverage across rivers and winding paths.</summary>
    Buffer,
    /// <summary>Walking distance along the walkways: connector at the site + along the network + connector at the cell.</summary>
    Network,
}

/// <summary>A coverage question: sites of <paramref name="Category"/> within <paramref name="Level"/>'s walking radius.</summary>
public sealed record CoverageRequest(string Category, LifeCircleLevel Level, SiteStatusFilter Status = SiteStatusFilter.All)
{
    /// <summary>How distance is measured; <see cref="CoverageMethod.Buffer"/> unless set.</summary>
    public CoverageMethod Method { get; init; } = CoverageMethod.Buffer;

    /// <summary>For <see cref="CoverageMethod.Network"/>: a point farther than this from every walkway is off the network (default 250 m).</summary>
    public double OffNetworkLimitM { get; init; } = NetworkJoiner.DefaultLimitM;

    /// <summary>
    /// False to skip the covered area (the union of the buffers, or the walking service area), for callers that need only
    /// the residents (compliance, benchmarks): the area shares are then 0 and the uncovered part is the whole street.
    /// </summary>
    public bool WithArea { get; init; } = true;

    /// <summary>Whether a site takes part in this question.</summary>
    public bool Includes(Site site) =>
        string.Equals(site.Category, Category, StringComparison.Ordinal) && Status switch
        {
            SiteStatusFilter.Existing => site.Status == "existing",
            SiteStatusFilter.Planned => site.Status == "planned",
            _ => true,
        };
}

/// <summary>Coverage of one community.</summary>
/// <param name="CoveredShare">covered_population / population; 0 when nobody lives there.</param>
/// <param name="CoveredAreaShare">Share of the community's area within the radius of a site.</param>
/// <param name="NearestSiteM">Metres from the community's population-weighted centre to the nearest site of the category; null when there is none.</param>
public sealed record CommunityCoverage(
    string CommunityId, string NameZh, string NameEn, int Population, int CoveredPopulation,
    double CoveredShare, double CoveredAreaShare, double? NearestSiteM)
{
    /// <summary>Network method: the residents the buffer method counts as covered, for comparison; null for the buffer method.</summary>
    public int? BufferCoveredPopulation { get; init; }

    /// <summary>Network method: residents farther than the off-network limit from every walkway (never covered); null for the buffer method.</summary>
    public int? OffNetworkPopulation { get; init; }

    /// <summary>
    /// Network method: metres walked from the community's population-weighted centre to the nearest site of the
    /// question (connectors included, however far); null when the centre is off the network or no site can be reached.
    /// </summary>
    public double? NearestSiteWalkM { get; init; }
}

/// <summary>District totals of a coverage report.</summary>
public sealed record CoverageTotal(int Population, int CoveredPopulation, double CoveredShare, double CoveredAreaShare)
{
    /// <inheritdoc cref="CommunityCoverage.BufferCoveredPopulation"/>
    public int? BufferCoveredPopulation { get; init; }

    /// <inheritdoc cref="CommunityCoverage.OffNetworkPopulation"/>
    public int? OffNetworkPopulation { get; init; }
}

/// <summary>What a network coverage answer adds: how walking was measured and what lies off the network.</summary>
/// <param name="OffNetworkLimitM">A point farther than this from every walkway is off the network.</param>
/// <param name="OffNetworkCells">Population cells off the network (their residents are in the totals' <see cref="CoverageTotal.OffNetworkPopulation"/>).</param>
/// <param name="OffNetworkSiteIds">Sites of the question off the network: they cover nobody by walking.</param>
/// <param name="Uncovered">Population cells not covered by walking (off-network ones included), with the walking distance to the nearest site when one is reachable.</param>
public sealed record NetworkCoverageFacts(
    double OffNetworkLimitM, int OffNetworkCells, IReadOnlyList<string> OffNetworkSiteIds, IReadOnlyList<UncoveredCell> Uncovered);

/// <summary>A population cell that no site of the question reaches within the distance.</summary>
/// <param name="OnNetwork">False when the cell is off the network.</param>
/// <param name="Position">The cell's point, WGS84 lon/lat.</param>
public readonly record struct UncoveredCell(string Id, string CommunityId, int Residents, bool OnNetwork, Point Position);

/// <summary>
/// The answer to a <see cref="CoverageRequest"/>. <paramref name="Method"/> is <c>buffer</c> (straight-line
/// distance, which overstates coverage across rivers) or <c>network</c> (walking along the walkways).
/// </summary>
/// <param name="Uncovered">The part of the street not reached: farther than the radius from every site (buffer) or outside
/// the walking service area (network). WGS84 lon/lat, SRID 4326, possibly empty.</param>
public sealed record CoverageReport(
    string Category, string Level, string Method, double RadiusM, SiteStatusFilter Status, int SiteCount,
    IReadOnlyList<CommunityCoverage> Communities, CoverageTotal Total, Geometry Uncovered)
{
    /// <summary>The level's nominal minutes (5, 10, 15).</summary>
    public int Minutes { get; init; }

    /// <summary>The planning walking speed of the life-circle table, metres per minute.</summary>
    public double WalkingSpeedMPerMin { get; init; } = LifeCircleStandard.DefaultWalkingSpeedMPerMin;

    /// <summary>Network method only: how walking was measured and what lies off the network.</summary>
    public NetworkCoverageFacts? Network { get; init; }
}
