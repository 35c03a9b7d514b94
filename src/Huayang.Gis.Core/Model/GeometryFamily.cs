using NetTopologySuite.Geometries;

namespace Huayang.Gis.Core.Model;

/// <summary>
/// Points, lines or areas: what a client that types a layer by its geometry (QGIS, GIS formats) can hold in one
/// layer. Multi-geometries belong to the family of their parts.
/// </summary>
public enum GeometryFamily
{
    /// <summary>Point and MultiPoint (dimension 0).</summary>
    Points = 0,

    /// <summary>LineString and MultiLineString (dimension 1).</summary>
    Lines = 1,

    /// <summary>Polygon and MultiPolygon (dimension 2).</summary>
    Areas = 2,
}

/// <summary>The family of a geometry, and the words for one.</summary>
public static class GeometryFamilies
{
    /// <summary>The family by the geometry's dimension; null for an empty or mixed collection.</summary>
    public static GeometryFamily? Of(Geometry geometry)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        return geometry switch
        {
            { IsEmpty: true } => null,
            Point or MultiPoint => GeometryFamily.Points,
            LineString or MultiLineString => GeometryFamily.Lines,
            Polygon or MultiPolygon => GeometryFamily.Areas,
            _ => null,
        };
    }

    /// <summary>The family of a GeoJSON geometry type name, or null (GeometryCollection, unknown).</summary>
    public static GeometryFamily? OfType(string geoJsonType) => geoJsonType switch
    {
        "Point" or "MultiPoint" => GeometryFamily.Points,
        "LineString" or "MultiLineString" => GeometryFamily.Lines,
        "Polygon" or "MultiPolygon" => GeometryFamily.Areas,
        _ => null,
    };

    /// <summary>The lower-case English word used in collection ids: points, lines, areas.</summary>
    public static string Word(this GeometryFamily family) => family switch
    {
        GeometryFamily.Points => "points",
        GeometryFamily.Lines => "lines",
        _ => "areas",
    };

    /// <summary>The Chinese word: 点, 线, 面.</summary>
    public static string WordZh(this GeometryFamily family) => family switch
    {
        GeometryFamily.Points => "点",
        GeometryFamily.Lines => "线",
        _ => "面",
    };

    /// <summary>The family a word names, or null.</summary>
    public static GeometryFamily? FromWord(string word) => word switch
    {
        "points" => GeometryFamily.Points,
        "lines" => GeometryFamily.Lines,
        "areas" => GeometryFamily.Areas,
        _ => null,
    };
}
