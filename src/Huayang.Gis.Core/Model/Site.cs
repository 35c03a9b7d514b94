using NetTopologySuite.Geometries;

namespace Huayang.Gis.Core.Model;

/// <summary>A facility site: WGS84 lon/lat point (SRID 4326).</summary>
/// <param name="Category">A category id such as <c>kindergarten</c>; see <see cref="LifeCircleStandard.Categories"/>.</param>
/// <param name="Status"><c>existing</c> or <c>planned</c>.</param>
/// <param name="Capacity">Places, beds or similar; null when not stated.</param>
/// <param name="PlanElementId">The plan element (axis, point, belt, zone) the site belongs to, if any.</param>
public sealed record Site(
    string Id, string NameZh, string NameEn, string Category, string Status,
    int? Capacity, string? PlanElementId, Point Geometry);

/// <summary>Residents of one population cell, as a point (WGS84, SRID 4326) inside one community.</summary>
public sealed record PopulationCell(string Id, string CommunityId, int Residents, Point Geometry);

/// <summary>One element of the 一轴二点、一带三片 layout.</summary>
/// <param name="Kind"><c>axis</c>, <c>point</c>, <c>belt</c> or <c>zone</c>.</param>
public sealed record PlanElement(string Id, string Kind, string NameZh, string NameEn, string Theme, Geometry Geometry);
