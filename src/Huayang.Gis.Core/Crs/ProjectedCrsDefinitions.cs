using ProjNet.CoordinateSystems;
using ProjNet.CoordinateSystems.Projections;
using ProjNet.CoordinateSystems.Transformations;

namespace Huayang.Gis.Core.Crs;

/// <summary>
/// The projected CRSs, written out as WKT here because ProjNET has no EPSG database. Each is
/// projected from its own geographic CRS, so no datum shift is involved: WGS84 and CGCS2000
/// longitude and latitude are taken as equal (they differ by centimetres), which is also what
/// PROJ does between EPSG:4326 and EPSG:4490/4544 (a "ballpark" null transformation).
/// </summary>
internal static class ProjectedCrsDefinitions
{
    private const string Degree = """UNIT["degree",0.017453292519943295]""";
    private const string MetreEastNorth = """UNIT["metre",1],AXIS["Easting",EAST],AXIS["Northing",NORTH]""";

    private const string GaussKrugerCm105Wkt =
        """PROJCS["CGCS2000 / 3-degree Gauss-Kruger CM 105E",""" +
        """GEOGCS["China Geodetic Coordinate System 2000",DATUM["China_2000",SPHEROID["CGCS2000",6378137,298.257222101]],PRIMEM["Greenwich",0],""" + Degree + "]," +
        """PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",105],""" +
        """PARAMETER["scale_factor",1],PARAMETER["false_easting",500000],PARAMETER["false_northing",0],""" +
        MetreEastNorth + """,AUTHORITY["EPSG","4544"]]""";

    private const string Utm48NWkt =
        """PROJCS["WGS 84 / UTM zone 48N",""" +
        """GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],PRIMEM["Greenwich",0],""" + Degree + "]," +
        """PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",105],""" +
        """PARAMETER["scale_factor",0.9996],PARAMETER["false_easting",500000],PARAMETER["false_northing",0],""" +
        MetreEastNorth + """,AUTHORITY["EPSG","32648"]]""";

    // ProjNET's pseudo-Mercator uses only the semi-major axis (a sphere of radius 6378137 m) on
    // WGS84 latitudes, as PROJ's EPSG:3857 does; the cs2cs reference tests confirm they agree.
    private const string WebMercatorWkt =
        """PROJCS["WGS 84 / Pseudo-Mercator",""" +
        """GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],PRIMEM["Greenwich",0],""" + Degree + "]," +
        """PROJECTION["Popular Visualisation Pseudo-Mercator"],PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",0],""" +
        """PARAMETER["false_easting",0],PARAMETER["false_northing",0],""" +
        MetreEastNorth + """,AUTHORITY["EPSG","3857"]]""";

    public static ProjectedConversion GaussKrugerCm105 { get; } = Create(GaussKrugerCm105Wkt);

    public static ProjectedConversion Utm48N { get; } = Create(Utm48NWkt);

    public static ProjectedConversion WebMercator { get; } = Create(WebMercatorWkt);

    private static ProjectedConversion Create(string wkt)
    {
        var projected = (ProjectedCoordinateSystem)new CoordinateSystemFactory().CreateFromWkt(wkt);
        var geographic = projected.GeographicCoordinateSystem;
        var factory = new CoordinateTransformationFactory();
        return new ProjectedConversion(
            AsMapProjection(factory.CreateFromCoordinateSystems(geographic, projected)),
            AsMapProjection(factory.CreateFromCoordinateSystems(projected, geographic)));
    }

    // ProjectedConversion's thread-safety argument holds for a bare map projection, not for
    // ProjNET's concatenated transforms: fail at start-up rather than share one.
    private static MapProjection AsMapProjection(ICoordinateTransformation transformation) =>
        transformation.MathTransform as MapProjection
        ?? throw new InvalidOperationException(
            $"ProjNET built a {transformation.MathTransform.GetType().Name} for {transformation.Name}; expected a map projection.");
}
