using Huayang.Gis.Core.Model;
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

/// <summary>A coverage question: sites of <paramref name="Category"/> within <paramref name="Level"/>'s walking radius.</summary>
public sealed record CoverageRequest(string Category, LifeCircleLevel Level, SiteStatusFilter Status = SiteStatusFilter.All)
{
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
    double CoveredShare, double CoveredAreaShare, double? NearestSiteM);

/// <summary>District totals of a coverage report.</summary>
public sealed record CoverageTotal(int Population, int CoveredPopulation, double CoveredShare, double CoveredAreaShare);

/// <summary>
/// The answer to a <see cref="CoverageRequest"/>. <paramref name="Method"/> is <c>buffer</c>: straight-line
/// distance, which overstates coverage across rivers.
/// </summary>
/// <param name="Uncovered">The part of the street farther than the radius from every site: WGS84 lon/lat, SRID 4326, possibly empty.</param>
public sealed record CoverageReport(
    string Category, string Level, string Method, double RadiusM, SiteStatusFilter Status, int SiteCount,
    IReadOnlyList<CommunityCoverage> Communities, CoverageTotal Total, Geometry Uncovered);
