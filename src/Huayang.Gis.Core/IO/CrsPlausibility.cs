using System.Globalization;
using Huayang.Gis.Core.Crs;
using NetTopologySuite.Geometries;

namespace Huayang.Gis.Core.IO;

/// <summary>
/// Catches a layer read in the wrong CRS, which every coordinate check passes: lon/lat degrees declared EPSG:4544
/// land near the equator, metres declared EPSG:3857 near (0°, 0°). After the layers are read (their geometries in
/// WGS84), a layer is a problem when
/// <list type="bullet">
/// <item>its coordinates as written are all within ±180, ±90 although the CRS it was read in is in metres (they are
/// degrees);</item>
/// <item>its extent lies outside the area of use of that CRS (EPSG:4544: 103–107°E, 21–43°N; EPSG:32648: 101.5–108.5°E,
/// 0–84°N; GCJ-02 and BD-09: China, 73–136°E, 3–54°N; EPSG:3857: ±85.06°); or</item>
/// <item>it lies more than about 50 km (0.5°) from the extent of every other layer that passed the first two checks.</item>
/// </list>
/// The problem names the file, the CRS it was read in and the WGS84 extent, and suggests the supported CRSs in which
/// the coordinates as written would lie where the other layers are (or, with none, inside their own area of use).
/// Only features whose geometry had no problem count.
/// </summary>
internal static class CrsPlausibility
{
    private const string Field = "crs";

    /// <summary>How far, in degrees (about 55 km at Huayang), a layer may lie from the other layers.</summary>
    internal const double FarDegrees = 0.5;

    private sealed record Area(double MinLon, double MinLat, double MaxLon, double MaxLat)
    {
        public bool Contains(Envelope e) => e.MinX >= MinLon && e.MaxX <= MaxLon && e.MinY >= MinLat && e.MaxY <= MaxLat;

        public override string ToString() => $"{Lon(MinLon)}–{Lon(MaxLon)}, {Lat(MinLat)}–{Lat(MaxLat)}";
    }

    private static readonly Area World = new(-180, -90, 180, 90);
    private static readonly Area China = new(73, 3, 136, 54);

    /// <summary>The CRSs a suggestion may name, each once (CRS84 stands for EPSG:4326 and EPSG:4490).</summary>
    private static readonly CrsId[] Candidates =
        [CrsId.Crs84, CrsId.GaussKrugerCm105, CrsId.Utm48N, CrsId.WebMercator, CrsId.Gcj02, CrsId.Bd09];

    /// <summary>Adds a problem for every layer whose coordinates do not fit the CRS it was read in (see the class).</summary>
    public static void Check(IReadOnlyDictionary<string, LayerData> layers, List<DatasetProblem> problems)
    {
        var extents = new List<(LayerData Layer, CrsId Crs, Envelope Wgs84)>();
        foreach (var layer in layers.Values)
        {
            if (layer.Crs is not { } crs || Extent(layer) is not { } extent)
            {
                continue;
            }
            var raw = Raw(extent, crs);
            if (!crs.IsGeographic && raw is not null && LooksLikeDegrees(raw))
            {
                problems.Add(Problem(layer, crs, extent,
                    $"the coordinates as written (x {Number(raw.MinX)} to {Number(raw.MaxX)}, y {Number(raw.MinY)} to {Number(raw.MaxY)}) look like degrees, "
                    + $"not the metres of {crs.Code}", raw, reference: null));
                continue;
            }
            if (AreaOf(crs) is { } area && !area.Contains(extent))
            {
                problems.Add(Problem(layer, crs, extent, $"this is outside {crs.Code}'s area of use ({area})", raw, reference: null));
                continue;
            }
            extents.Add((layer, crs, extent));
        }

        foreach (var (layer, crs, extent) in extents)
        {
            var others = new Envelope();
            foreach (var other in extents.Where(e => !ReferenceEquals(e.Layer, layer)))
            {
                others.ExpandToInclude(other.Wgs84);
            }
            if (others.IsNull || extent.Distance(others) <= FarDegrees)
            {
                continue;
            }
            var km = extent.Distance(others) * 111;
            problems.Add(Problem(layer, crs, extent,
                string.Create(CultureInfo.InvariantCulture,
                    $"this is about {km:N0} km from the other layers ({Show(others)})"),
                Raw(extent, crs), others));
        }
    }

    /// <summary>The supported CRSs in which <paramref name="raw"/> (coordinates as written) lies inside the CRS's area of use
    /// and, when <paramref name="reference"/> is given, within 0.5° of it; the geographic ones first.</summary>
    internal static IReadOnlyList<CrsId> Likely(Envelope raw, Envelope? reference)
    {
        var likely = new List<CrsId>();
        foreach (var candidate in Candidates)
        {
            if (!candidate.IsGeographic && LooksLikeDegrees(raw))
            {
                continue;
            }
            if (Wgs84(raw, candidate) is not { } wgs84 || !(AreaOf(candidate) ?? World).Contains(wgs84))
            {
                continue;
            }
            if (reference is not null && wgs84.Distance(reference) > FarDegrees)
            {
                continue;
            }
            likely.Add(candidate);
        }
        // Degrees that fit CRS84 fit GCJ-02 and BD-09 too (they differ by hundreds of metres): the message names those beside CRS84.
        if (likely.Contains(CrsId.Crs84))
        {
            likely.RemoveAll(c => c == CrsId.Gcj02 || c == CrsId.Bd09);
        }
        return likely;
    }

    private static DatasetProblem Problem(LayerData layer, CrsId crs, Envelope extent, string why, Envelope? raw, Envelope? reference)
    {
        var likely = raw is null ? [] : Likely(raw, reference).Where(c => c != crs).ToList();
        var suggestion = likely.Count == 0
            ? "give the CRS the file is really in (--from-crs), or reproject it"
            : "they fit " + string.Join(" or ", likely.Select(Describe))
                + (likely.Contains(CrsId.Crs84) ? ", or GCJ-02 / BD-09 if they come from a Chinese web map" : "")
                + ": give that as --from-crs, or correct the CRS the file declares";
        return new DatasetProblem(layer.File, null, null, Field, crs.Code,
            $"read as {crs.Code}, the layer lies at {Show(extent)} (WGS84); {why}, so the CRS is likely wrong; {suggestion}");
    }

    private static string Describe(CrsId crs) =>
        crs == CrsId.Crs84 ? "CRS84 (WGS84 lon/lat, the default without --from-crs)"
        : crs == CrsId.GaussKrugerCm105 ? "EPSG:4544 (CGCS2000 Gauss-Kruger CM 105E)"
        : crs == CrsId.Utm48N ? "EPSG:32648 (UTM 48N)"
        : crs == CrsId.WebMercator ? "EPSG:3857 (web Mercator)"
        : crs.Code;

    /// <summary>The area of use of <paramref name="crs"/> as text when <paramref name="wgs84"/> does not lie inside it, else null.</summary>
    internal static string? OutsideAreaOfUse(CrsId crs, Envelope wgs84) =>
        AreaOf(crs) is { } area && !area.Contains(wgs84) ? area.ToString() : null;

    /// <summary>An extent as degrees east and north, for messages.</summary>
    internal static string ShowExtent(Envelope wgs84) => Show(wgs84);

    /// <summary>Where a CRS's coordinates mean something, or null for the world-wide geographic CRSs.</summary>
    private static Area? AreaOf(CrsId crs) =>
        crs == CrsId.GaussKrugerCm105 ? new Area(103, 21, 107, 43)
        : crs == CrsId.Utm48N ? new Area(101.5, 0, 108.5, 84)
        : crs == CrsId.WebMercator ? new Area(-180, -85.06, 180, 85.06)
        : crs == CrsId.Gcj02 || crs == CrsId.Bd09 ? China
        : null;

    private static bool LooksLikeDegrees(Envelope raw) =>
        raw.MinX >= -180 && raw.MaxX <= 180 && raw.MinY >= -90 && raw.MaxY <= 90;

    /// <summary>The WGS84 extent of the layer's good geometries, or null when it has none.</summary>
    private static Envelope? Extent(LayerData layer)
    {
        var extent = new Envelope();
        foreach (var feature in layer.Features)
        {
            if (feature.Geometry is { IsEmpty: false } geometry && !feature.BadFields.Contains("geometry"))
            {
                extent.ExpandToInclude(geometry.EnvelopeInternal);
            }
        }
        return extent.IsNull ? null : extent;
    }

    /// <summary>The extent as written in the file: the WGS84 corners taken back to <paramref name="crs"/>.</summary>
    private static Envelope? Raw(Envelope wgs84, CrsId crs) => Through(wgs84, CrsId.Crs84, crs);

    private static Envelope? Wgs84(Envelope raw, CrsId crs) => Through(raw, crs, CrsId.Crs84);

    private static Envelope? Through(Envelope e, CrsId from, CrsId to)
    {
        var result = new Envelope();
        try
        {
            foreach (var (x, y) in new[] { (e.MinX, e.MinY), (e.MaxX, e.MinY), (e.MinX, e.MaxY), (e.MaxX, e.MaxY), (e.Centre.X, e.Centre.Y) })
            {
                var (tx, ty) = CoordinateTransformer.Transform(x, y, from, to);
                if (!double.IsFinite(tx) || !double.IsFinite(ty))
                {
                    return null;
                }
                result.ExpandToInclude(tx, ty);
            }
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
        return result;
    }

    private static string Show(Envelope e) => $"{Lon(e.MinX)}–{Lon(e.MaxX)}, {Lat(e.MinY)}–{Lat(e.MaxY)}";

    private static string Number(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    private static string Lon(double lon) => string.Create(CultureInfo.InvariantCulture, $"{Math.Abs(lon):0.####}°{(lon < 0 ? "W" : "E")}");

    private static string Lat(double lat) => string.Create(CultureInfo.InvariantCulture, $"{Math.Abs(lat):0.####}°{(lat < 0 ? "S" : "N")}");
}
