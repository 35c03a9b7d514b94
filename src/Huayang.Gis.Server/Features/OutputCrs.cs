using Huayang.Gis.Core.Crs;
using NetTopologySuite.Geometries;

namespace Huayang.Gis.Server.Features;

/// <summary>
/// A CRS the features API serves (OGC API – Features Part 2): for the <c>crs</c> of a response and the
/// <c>bbox-crs</c> of a request, with its official axis order and the range a bbox must lie in.
/// </summary>
/// <remarks>
/// Part 2 puts coordinates in the axis order the CRS defines: CRS84 longitude, latitude; EPSG:4326 and
/// EPSG:4490 latitude, longitude; EPSG:4544 northing, easting (its axes are X north, Y east); EPSG:3857
/// easting, northing. <see cref="CoordinateTransformer"/> always works in x = longitude or easting,
/// y = latitude or northing, so the first two swap on the way in and out.
/// </remarks>
internal sealed record OutputCrs(CrsId Id, bool SecondAxisFirst, Envelope Domain, string AxisNames)
{
    private const double MercatorLimit = 20_037_508.342789244;

    public static OutputCrs Crs84 { get; } = new(CrsId.Crs84, false, new Envelope(-180, 180, -90, 90), "longitude, latitude (degrees)");

    /// <summary>Every served CRS; the first is the default and the storage CRS.</summary>
    public static IReadOnlyList<OutputCrs> All { get; } =
    [
        Crs84,
        new(CrsId.Wgs84, true, new Envelope(-180, 180, -90, 90), "latitude, longitude (degrees)"),
        new(CrsId.Cgcs2000, true, new Envelope(-180, 180, -90, 90), "latitude, longitude (degrees)"),
        // Gauss-Kruger 3-degree zone CM 105E (no zone prefix): a margin around its area of use, China between
        // 102E and 108E (eastings about 310-690 km, northings about 2,330-4,700 km); further out the
        // projection's inverse stops meaning anything.
        new(CrsId.GaussKrugerCm105, true, new Envelope(200_000, 800_000, 2_000_000, 5_000_000), "northing, easting (metres)"),
        new(CrsId.WebMercator, false, new Envelope(-MercatorLimit, MercatorLimit, -MercatorLimit, MercatorLimit), "easting, northing (metres)"),
    ];

    public string Uri => Id.Uri;

    /// <summary>What <c>crs</c> and <c>bbox-crs</c> accept, for messages and the API document.</summary>
    public static string Allowed => string.Join(", ", All.Select(c => c.Uri)) + " (or EPSG:nnnn / CRS84)";

    /// <summary>A served CRS by OGC URI, URN or short code (<c>EPSG:4544</c>, <c>CRS84</c>).</summary>
    public static OutputCrs? Find(string? text) =>
        CrsId.TryParse(text, out var id) ? All.FirstOrDefault(c => c.Id == id) : null;

    /// <summary>(x, y) as the CRS orders them, from x = longitude/easting, y = latitude/northing.</summary>
    public (double First, double Second) Order(double x, double y) => SecondAxisFirst ? (y, x) : (x, y);
}
