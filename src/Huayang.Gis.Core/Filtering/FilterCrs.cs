using Huayang.Gis.Core.Crs;
using NetTopologySuite.Geometries;

namespace Huayang.Gis.Core.Filtering;

/// <summary>
/// The CRS of a filter's geometry literals (<c>filter-crs</c>), in its official axis order: CRS84 longitude,
/// latitude (the default); EPSG:4326 and EPSG:4490 latitude, longitude; EPSG:4544 northing, easting; EPSG:3857
/// easting, northing. Literals are turned into CRS84 before anything is compared with them.
/// </summary>
public sealed record FilterCrs(CrsId Id, bool SecondAxisFirst, Envelope Domain)
{
    private const double MercatorLimit = 20_037_508.342789244;

    /// <summary>CRS84, the default.</summary>
    public static FilterCrs Crs84 { get; } = new(CrsId.Crs84, false, new Envelope(-180, 180, -90, 90));

    /// <summary>Every CRS a filter may use.</summary>
    public static IReadOnlyList<FilterCrs> All { get; } =
    [
        Crs84,
        new(CrsId.Wgs84, true, new Envelope(-180, 180, -90, 90)),
        new(CrsId.Cgcs2000, true, new Envelope(-180, 180, -90, 90)),
        // EPSG:4544's area of use with a margin (as the bbox-crs of items): further out its inverse means nothing.
        new(CrsId.GaussKrugerCm105, true, new Envelope(200_000, 800_000, 2_000_000, 5_000_000)),
        new(CrsId.WebMercator, false, new Envelope(-MercatorLimit, MercatorLimit, -MercatorLimit, MercatorLimit)),
    ];

    /// <summary>What <c>filter-crs</c> accepts, for messages.</summary>
    public static string Allowed => string.Join(", ", All.Select(c => c.Id.Uri)) + " (or EPSG:nnnn / CRS84)";

    /// <summary>The filter CRS by URI, URN or code, or null.</summary>
    public static FilterCrs? Find(string? text) =>
        CrsId.TryParse(text, out var id) ? All.FirstOrDefault(c => c.Id == id) : null;

    /// <summary>
    /// A literal read in this CRS's axis order as CRS84 (SRID 4326); null when a position lies outside the CRS's
    /// range (the caller words the refusal).
    /// </summary>
    public Geometry? ToCrs84(Geometry literal)
    {
        ArgumentNullException.ThrowIfNull(literal);
        var copy = literal.Copy();
        copy.SRID = 0;
        var outside = false;
        copy.Apply(new AxisFilter(SecondAxisFirst, Domain, () => outside = true));
        if (outside)
        {
            return null;
        }
        try
        {
            var result = Id == CrsId.Crs84 ? copy : CoordinateTransformer.Transform(copy, Id, CrsId.Crs84);
            result.SRID = 4326;
            return result;
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>Swaps to x, y order where the CRS puts the second axis first, and checks each position's range.</summary>
    private sealed class AxisFilter(bool swap, Envelope domain, Action outside) : IEntireCoordinateSequenceFilter
    {
        public bool Done => false;

        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq)
        {
            for (var i = 0; i < seq.Count; i++)
            {
                var (x, y) = swap ? (seq.GetY(i), seq.GetX(i)) : (seq.GetX(i), seq.GetY(i));
                if (!double.IsFinite(x) || !double.IsFinite(y) || !domain.Covers(x, y))
                {
                    outside();
                }
                seq.SetX(i, x);
                seq.SetY(i, y);
            }
        }
    }
}
