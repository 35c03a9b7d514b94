using NetTopologySuite.Geometries;

namespace Huayang.Gis.Core.Model;

/// <summary>A community (社区): WGS84 lon/lat polygon (SRID 4326) with its census figures.</summary>
public sealed record Community(
    string Id, string NameZh, string NameEn, int Population, int Households, Geometry Geometry);
