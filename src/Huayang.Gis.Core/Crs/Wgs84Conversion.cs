namespace Huayang.Gis.Core.Crs;

/// <summary>
/// Converts between one CRS and WGS84 longitude, latitude, the pivot every transformation goes
/// through. Coordinates are in x, y order: (longitude, latitude) or (easting, northing).
/// Implementations are immutable and safe to share between threads.
/// </summary>
internal abstract class Wgs84Conversion
{
    public abstract void ToWgs84(ref double x, ref double y);

    public abstract void FromWgs84(ref double x, ref double y);

    /// <exception cref="ArgumentException"><paramref name="crs"/> is <c>default(CrsId)</c>.</exception>
    public static Wgs84Conversion For(CrsId crs, string paramName) =>
        // CrsId's constructor is private, so a code identifies one of CrsId.Supported.
        crs.Code switch
        {
            "CRS84" or "EPSG:4326" or "EPSG:4490" => GeographicConversion.Instance,
            "EPSG:4544" => ProjectedCrsDefinitions.GaussKrugerCm105,
            "EPSG:32648" => ProjectedCrsDefinitions.Utm48N,
            "EPSG:3857" => ProjectedCrsDefinitions.WebMercator,
            "GCJ-02" => Gcj02Conversion.Instance,
            "BD-09" => Bd09Conversion.Instance,
            _ => throw new ArgumentException(
                $"'{crs}' is not a supported coordinate reference system; use one of CrsId.Supported.", paramName),
        };
}

/// <summary>WGS84, CRS84 and CGCS2000 longitude, latitude: the pivot itself.</summary>
internal sealed class GeographicConversion : Wgs84Conversion
{
    public static GeographicConversion Instance { get; } = new();

    public override void ToWgs84(ref double x, ref double y)
    {
    }

    public override void FromWgs84(ref double x, ref double y)
    {
    }
}
