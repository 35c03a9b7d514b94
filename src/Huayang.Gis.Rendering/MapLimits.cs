using System.Globalization;
using Huayang.Gis.Core.Crs;
using NetTopologySuite.Geometries;

namespace Huayang.Gis.Rendering;

/// <summary>
/// The boxes a map picture can be drawn of, per CRS: a finest resolution and an extent the box must lie within.
/// </summary>
/// <remarks>
/// <para>
/// Finest resolution: 0.01 CRS unit per pixel along each axis in EPSG:3857 and EPSG:4544 (1 cm; 0.87 cm of ground in
/// Web Mercator at Huayang's 30°N), 1e-7° per pixel in EPSG:4326 (1.1 cm of latitude, 0.96 cm of longitude at 30°N).
/// The data are accurate to metres and the projections agree with PROJ to a millimetre, so a finer picture would show
/// nothing but rounding. A 1024-pixel picture is then at least 10 m wide, a 256-pixel WMS tile 2.56 m.
/// </para>
/// <para>
/// Drawable extent (the box, in the CRS's x = easting or longitude, y = northing or latitude): EPSG:3857 ±40,075,016.69 m
/// on both axes (two world widths, so that a whole-world picture from square to twice as wide as high fits around the world's
/// ±20,037,508.34 m); EPSG:4326 longitude −360..360°, latitude −180..180° (likewise around the world's ±180°, ±90°);
/// EPSG:4544 easting 0..1,000,000 m and northing −1,000,000..8,000,000 m, the ±500 km either side of the 105°E
/// central meridian where the transverse Mercator series (ProjNET) still round-trip to under a metre; beyond it they
/// return meaningless positions or none at all.
/// </para>
/// <para>
/// A lon/lat box (<c>/map.png</c>'s and <c>huayang render</c>'s <c>bbox</c>) must lie within −180..180°, −85..85°,
/// and for EPSG:4544 within 101..109°E, 0..72°N, which projects inside that extent.
/// Drawing time is bounded by the picture's pixels and the data's vertices, whatever the box: every geometry is
/// clipped to the picture before it is drawn.
/// </para>
/// </remarks>
public static class MapLimits
{
    /// <summary>The finest resolution in metres (EPSG:3857, EPSG:4544) per pixel.</summary>
    public const double MinMetresPerPixel = 0.01;

    /// <summary>The finest resolution in degrees (EPSG:4326) per pixel.</summary>
    public const double MinDegreesPerPixel = 1e-7;

    private const double TwoWorlds = 40_075_016.69;

    /// <summary>The finest resolution in <paramref name="crs"/> units per pixel.</summary>
    public static double MinUnitsPerPixel(CrsId crs) => crs.IsGeographic ? MinDegreesPerPixel : MinMetresPerPixel;

    /// <summary>The extent (x = easting or longitude) a picture's box in <paramref name="crs"/> must lie within.</summary>
    public static Envelope DrawableExtent(CrsId crs) =>
        crs == CrsId.GaussKrugerCm105 ? new Envelope(0, 1_000_000, -1_000_000, 8_000_000)
        : crs.IsGeographic ? new Envelope(-360, 360, -180, 180)
        : new Envelope(-TwoWorlds, TwoWorlds, -TwoWorlds, TwoWorlds);

    /// <summary>The lon/lat area a box given in lon/lat must lie within to be drawn in <paramref name="crs"/>.</summary>
    public static Envelope LonLatArea(CrsId crs) =>
        crs == CrsId.GaussKrugerCm105 ? new Envelope(101, 109, 0, 72) : new Envelope(-180, 180, -85, 85);

    /// <summary>Why the lon/lat box cannot be drawn in <paramref name="crs"/>, or null when it can be.</summary>
    public static string? LonLatProblem(Envelope lonLat, CrsId crs)
    {
        ArgumentNullException.ThrowIfNull(lonLat);
        var area = LonLatArea(crs);
        return area.Contains(lonLat)
            ? null
            : string.Create(CultureInfo.InvariantCulture,
                $"in {crs.Code} the box must lie within longitude {area.MinX}..{area.MaxX}°, latitude {area.MinY}..{area.MaxY}°");
    }

    /// <summary>
    /// Why a picture of <paramref name="box"/> (in <paramref name="crs"/>, x = easting or longitude) at
    /// <paramref name="width"/>×<paramref name="height"/> pixels cannot be drawn, naming the limit; null when it can be.
    /// </summary>
    public static string? Problem(Envelope box, CrsId crs, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(box);
        if (box.IsNull || !double.IsFinite(box.MinX) || !double.IsFinite(box.MaxX) || !double.IsFinite(box.MinY) || !double.IsFinite(box.MaxY)
            || !(box.Width > 0) || !(box.Height > 0))
        {
            return "the box must have a positive, finite width and height";
        }
        var extent = DrawableExtent(crs);
        var unit = crs.IsGeographic ? "°" : " m";
        if (!extent.Contains(box))
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"in {crs.Code} the box must lie within x {extent.MinX}..{extent.MaxX}{unit}, y {extent.MinY}..{extent.MaxY}{unit} "
                + $"(x = {(crs.IsGeographic ? "longitude" : "easting")}); it is x {box.MinX:G6}..{box.MaxX:G6}, y {box.MinY:G6}..{box.MaxY:G6}");
        }
        var finest = MinUnitsPerPixel(crs);
        var perPixel = Math.Min(box.Width / width, box.Height / height);
        // A box built at exactly the limit loses a few units in the last place to rounding (x ± half at 10⁷ m).
        if (!(perPixel >= finest * (1 - 1e-9)))
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"the box is {box.Width:G3} × {box.Height:G3}{unit} over {width}×{height} pixels, {perPixel:G3}{unit} per pixel; "
                + $"the finest allowed in {crs.Code} is {finest:G3}{unit} per pixel (about 1 cm): zoom out or ask for fewer pixels");
        }
        return null;
    }
}
