using Huayang.Gis.Synthetic;
using Huayang.Gis.Tests.Support;
using NetTopologySuite.Geometries;

namespace Huayang.Gis.Core.Tests.Synthetic;

/// <summary>
/// <see cref="CommunityTiler"/> as WKT in, WKT out: outline, rivers and seeds in the local plane's metres, the
/// communities compared in metres with the polygons worked out by hand (Voronoi bisectors of the seeds, rivers as
/// boundaries). The tiler snaps its lon/lat output to 1e-7°, about a centimetre.
/// </summary>
public sealed class CommunityTilerTests
{
    private static readonly GeometryFactory Metric = new(new PrecisionModel(), 0);
    private static readonly GeometryFactory Wgs84 = new(new PrecisionModel(1e7), 4326);

    /// <summary>Half a grid step of 1e-7° is under 6 mm; a vertex is compared to 2 cm.</summary>
    private const double Centimetres = 0.02;

    private const string Square = "POLYGON((0 0, 1000 0, 1000 1000, 0 1000, 0 0))";

    [Theory]
    // One seed owns the whole outline.
    [InlineData(Square, "", "MULTIPOINT((250 500))", "POLYGON((0 0, 1000 0, 1000 1000, 0 1000, 0 0))")]
    // Two seeds: the bisector x = 500; off-centre seeds at 200 and 600: the bisector x = 400.
    [InlineData(Square, "", "MULTIPOINT((250 500), (750 500))",
        "POLYGON((0 0, 500 0, 500 1000, 0 1000, 0 0)); POLYGON((500 0, 1000 0, 1000 1000, 500 1000, 500 0))")]
    [InlineData(Square, "", "MULTIPOINT((200 500), (600 500))",
        "POLYGON((0 0, 400 0, 400 1000, 0 1000, 0 0)); POLYGON((400 0, 1000 0, 1000 1000, 400 1000, 400 0))")]
    // Four seeds at the quadrants' centres: four squares meeting at (500 500).
    [InlineData(Square, "", "MULTIPOINT((250 250), (750 250), (250 750), (750 750))",
        "POLYGON((0 0, 500 0, 500 500, 0 500, 0 0)); POLYGON((500 0, 1000 0, 1000 500, 500 500, 500 0)); "
        + "POLYGON((0 500, 500 500, 500 1000, 0 1000, 0 500)); POLYGON((500 500, 1000 500, 1000 1000, 500 1000, 500 500))")]
    // A river across the street at x = 300 is the boundary, not the bisector at x = 400.
    [InlineData(Square, "LINESTRING(300 -100, 300 1100)", "MULTIPOINT((100 500), (700 500))",
        "POLYGON((0 0, 300 0, 300 1000, 0 1000, 0 0)); POLYGON((300 0, 1000 0, 1000 1000, 300 1000, 300 0))")]
    // West of the river one seed; east of it two, split by their bisector y = 500. Neighbours share their vertices:
    // the node (300 500) where the bisector meets the river is a vertex of the west community too.
    [InlineData(Square, "LINESTRING(300 -100, 300 1100)", "MULTIPOINT((100 500), (650 250), (650 750))",
        "POLYGON((0 0, 300 0, 300 500, 300 1000, 0 1000, 0 0)); POLYGON((300 0, 1000 0, 1000 500, 300 500, 300 0)); "
        + "POLYGON((300 500, 1000 500, 1000 1000, 300 1000, 300 500))")]
    // A river that enters from the west and ends inside the street splits nothing: the halves stay halves. Where it
    // crosses the west edge and the bisector it leaves nodes, (0 200) and (500 200), shared by both halves; its dead
    // end (500 200)–(700 200) leaves nothing.
    [InlineData(Square, "LINESTRING(-100 200, 700 200)", "MULTIPOINT((250 500), (750 500))",
        "POLYGON((0 0, 500 0, 500 200, 500 1000, 0 1000, 0 200, 0 0)); POLYGON((500 0, 1000 0, 1000 1000, 500 1000, 500 200, 500 0))")]
    // A river wholly outside the street changes nothing.
    [InlineData(Square, "LINESTRING(2000 -100, 2000 1100)", "MULTIPOINT((250 500), (750 500))",
        "POLYGON((0 0, 500 0, 500 1000, 0 1000, 0 0)); POLYGON((500 0, 1000 0, 1000 1000, 500 1000, 500 0))")]
    // A hole (a lake) in the middle: the bisector stops at it and each half wraps half of the hole, with no hole of its own.
    [InlineData("POLYGON((0 0, 1000 0, 1000 1000, 0 1000, 0 0), (400 400, 400 600, 600 600, 600 400, 400 400))", "", "MULTIPOINT((250 500), (750 500))",
        "POLYGON((0 0, 500 0, 500 400, 400 400, 400 600, 500 600, 500 1000, 0 1000, 0 0)); "
        + "POLYGON((500 0, 1000 0, 1000 1000, 500 1000, 500 600, 600 600, 600 400, 500 400, 500 0))")]
    // A seed outside the outline still gets the land nearer to it than to the other seed: x ≥ 875.
    [InlineData(Square, "", "MULTIPOINT((250 500), (1500 500))",
        "POLYGON((0 0, 875 0, 875 1000, 0 1000, 0 0)); POLYGON((875 0, 1000 0, 1000 1000, 875 1000, 875 0))")]
    public void Tiles(string outline, string rivers, string seeds, string expected)
    {
        var communities = Tile(outline, rivers, seeds);

        var want = expected.Split(';', StringSplitOptions.TrimEntries);
        Assert.Equal(want.Length, communities.Length);
        for (var i = 0; i < want.Length; i++)
        {
            Assert.Equal(4326, communities[i].SRID);
            GeometryAssert.Equal(want[i], LocalPlane.ToMetric(communities[i], Metric), Centimetres);
        }
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    public void Random_seeds_in_a_concave_street_with_a_river_tile_it_without_gaps_or_overlaps(int seed)
    {
        // A U-shaped street with a river through its base; the reference is NetTopologySuite's overlay.
        const string outline = "POLYGON((0 0, 2000 0, 2000 2000, 1400 2000, 1400 600, 600 600, 600 2000, 0 2000, 0 0))";
        const string river = "LINESTRING(1000 -100, 1000 700)";
        var random = new Random(seed);
        var street = GeometryAssert.Read(outline);
        var points = new List<Coordinate>();
        while (points.Count < 12)
        {
            var c = new Coordinate(random.NextDouble() * 2000, random.NextDouble() * 2000);
            if (street.Contains(Metric.CreatePoint(c)) && Math.Abs(c.X - 1000) > 20)
            {
                points.Add(c);
            }
        }

        var communities = CommunityTiler.Tile(
            (Polygon)street, [(LineString)GeometryAssert.Read(river)], points, Metric, Wgs84)
            .Select(c => LocalPlane.ToMetric(c, Metric)).ToArray();

        Assert.Equal(points.Count, communities.Length);
        for (var i = 0; i < communities.Length; i++)
        {
            Assert.True(communities[i] is Polygon { IsValid: true, NumInteriorRings: 0 }, $"community {i}: {GeometryAssert.Show(communities[i])}");
            Assert.True(communities[i].Distance(Metric.CreatePoint(points[i])) < Centimetres, $"community {i} does not hold its seed");
            for (var j = i + 1; j < communities.Length; j++)
            {
                var overlap = communities[i].Intersection(communities[j]).Area;
                Assert.True(overlap < 1, $"communities {i} and {j} overlap by {overlap} m²");
            }
        }
        // Gaps and overhangs: the union is the street, to the centimetre along its 10 km of edges.
        GeometryAssert.SameShape(street, Metric.BuildGeometry(communities).Union(), 10_000 * Centimetres);
        // The river is a boundary: no community lies on both banks of it within the base.
        var west = Metric.ToGeometry(new Envelope(0, 1000, 0, 600));
        var east = Metric.ToGeometry(new Envelope(1000, 2000, 0, 600));
        Assert.All(communities, c => Assert.True(c.Intersection(west).Area < 1 || c.Intersection(east).Area < 1, GeometryAssert.Show(c)));
    }

    [Fact]
    public void Two_seeds_at_one_place_is_an_error_naming_the_seed_left_without_land()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Tile(Square, "", "MULTIPOINT((250 500), (250 500))"));
        Assert.Contains("Community 1", error.Message);
    }

    [Fact]
    public void No_seeds_is_an_argument_error()
    {
        var error = Assert.Throws<ArgumentException>(() => Tile(Square, "", "MULTIPOINT EMPTY"));
        Assert.Contains("seed", error.Message);
    }

    private static Polygon[] Tile(string outline, string rivers, string seeds)
    {
        var lines = rivers.Length == 0 ? [] : new[] { (LineString)GeometryAssert.Read(rivers) };
        var points = GeometryAssert.Read(seeds).Coordinates;
        return CommunityTiler.Tile((Polygon)GeometryAssert.Read(outline), lines, points, Metric, Wgs84);
    }
}
