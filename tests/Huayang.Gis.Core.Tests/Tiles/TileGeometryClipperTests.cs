using Huayang.Gis.Core.Crs;
using Huayang.Gis.Core.Tiles;
using Huayang.Gis.Tests.Support;
using NetTopologySuite.Geometries;

namespace Huayang.Gis.Core.Tests.Tiles;

/// <summary>
/// <see cref="TileGeometryClipper"/> as WKT in, WKT out: the input is written in tile units of tile 14/12927/6733
/// (x east, y down, the tile from 0 to 4096, its buffer from −64 to 4160) and turned into lon/lat through
/// Web Mercator, as the data arrives; the expected output is the geometry in integer tile units, worked out by hand
/// from the contract (snap to integers, clip to the buffered square with its edge included, drop what collapses).
/// </summary>
public sealed class TileGeometryClipperTests
{
    private const int Z = 14;
    private const int X = 12927;
    private const int Y = 6733;

    /// <summary>Output vertices are integers; the round trip through lon/lat moves inputs by about 1e-9 units.</summary>
    private const double Exact = 1e-9;

    [Theory]
    // Inside: unchanged.
    [InlineData("POLYGON((100 100, 200 100, 200 200, 100 200, 100 100))", "POLYGON((100 100, 200 100, 200 200, 100 200, 100 100))")]
    // Across the east edge of the buffer: cut at x = 4160.
    [InlineData("POLYGON((4000 100, 4300 100, 4300 200, 4000 200, 4000 100))", "POLYGON((4000 100, 4160 100, 4160 200, 4000 200, 4000 100))")]
    // Across the north-west corner: cut at x = -64 and y = -64.
    [InlineData("POLYGON((-200 -200, 100 -200, 100 100, -200 100, -200 -200))", "POLYGON((-64 -64, 100 -64, 100 100, -64 100, -64 -64))")]
    // A hole inside the tile is kept.
    [InlineData("POLYGON((1000 1000, 3000 1000, 3000 3000, 1000 3000, 1000 1000), (1500 1500, 1500 2500, 2500 2500, 2500 1500, 1500 1500))",
        "POLYGON((1000 1000, 3000 1000, 3000 3000, 1000 3000, 1000 1000), (1500 1500, 1500 2500, 2500 2500, 2500 1500, 1500 1500))")]
    // A hole cut by the buffer's edge becomes a notch in the shell.
    [InlineData("POLYGON((3000 1000, 4400 1000, 4400 2000, 3000 2000, 3000 1000), (4100 1400, 4100 1600, 4300 1600, 4300 1400, 4100 1400))",
        "POLYGON((3000 1000, 4160 1000, 4160 1400, 4100 1400, 4100 1600, 4160 1600, 4160 2000, 3000 2000, 3000 1000))")]
    // A hole whose east edge is the buffer's edge: the same notch.
    [InlineData("POLYGON((3000 1000, 4400 1000, 4400 2000, 3000 2000, 3000 1000), (4100 1400, 4100 1600, 4160 1600, 4160 1400, 4100 1400))",
        "POLYGON((3000 1000, 4160 1000, 4160 1400, 4100 1400, 4100 1600, 4160 1600, 4160 2000, 3000 2000, 3000 1000))")]
    // A hole wholly beyond the buffer goes with the part cut away.
    [InlineData("POLYGON((3000 1000, 5000 1000, 5000 2000, 3000 2000, 3000 1000), (4300 1200, 4300 1800, 4500 1800, 4500 1200, 4300 1200))",
        "POLYGON((3000 1000, 4160 1000, 4160 2000, 3000 2000, 3000 1000))")]
    // Exactly the tile, exactly the buffered tile, and more than the buffered tile.
    [InlineData("POLYGON((0 0, 4096 0, 4096 4096, 0 4096, 0 0))", "POLYGON((0 0, 4096 0, 4096 4096, 0 4096, 0 0))")]
    [InlineData("POLYGON((-64 -64, 4160 -64, 4160 4160, -64 4160, -64 -64))", "POLYGON((-64 -64, 4160 -64, 4160 4160, -64 4160, -64 -64))")]
    [InlineData("POLYGON((-1000 -1000, 5000 -1000, 5000 5000, -1000 5000, -1000 -1000))", "POLYGON((-64 -64, 4160 -64, 4160 4160, -64 4160, -64 -64))")]
    // A polygon that starts exactly on the tile's edge keeps its part in the buffer.
    [InlineData("POLYGON((4096 0, 4500 0, 4500 100, 4096 100, 4096 0))", "POLYGON((4096 0, 4160 0, 4160 100, 4096 100, 4096 0))")]
    // A polygon that only touches the buffer's edge, and one beyond it: nothing.
    [InlineData("POLYGON((4160 0, 4500 0, 4500 100, 4160 100, 4160 0))", null)]
    [InlineData("POLYGON((5000 5000, 6000 5000, 6000 6000, 5000 6000, 5000 5000))", null)]
    // A polygon that meets the buffered tile only at its corner: a point in common, no area.
    [InlineData("POLYGON((4160 4160, 4300 4160, 4300 4300, 4160 4300, 4160 4160))", null)]
    // Slivers at the buffer's edge: 0.2 of a unit inside snaps onto the edge (nothing), 0.6 snaps to one unit.
    [InlineData("POLYGON((4159.8 100, 4500 100, 4500 200, 4159.8 200, 4159.8 100))", null)]
    [InlineData("POLYGON((4159.4 100, 4500 100, 4500 200, 4159.4 200, 4159.4 100))", "POLYGON((4159 100, 4160 100, 4160 200, 4159 200, 4159 100))")]
    // A sliver narrower than half a unit, inside the tile and astride the tile's edge: nothing.
    [InlineData("POLYGON((100 100, 100.3 100, 100.3 200, 100 200, 100 100))", null)]
    [InlineData("POLYGON((4095.8 100, 4096.2 100, 4096.2 200, 4095.8 200, 4095.8 100))", null)]
    // Multi-polygons: the part beyond the buffer goes, one part left is a polygon; two parts stay two.
    [InlineData("MULTIPOLYGON(((100 100, 200 100, 200 200, 100 200, 100 100)), ((5000 100, 5100 100, 5100 200, 5000 200, 5000 100)))",
        "POLYGON((100 100, 200 100, 200 200, 100 200, 100 100))")]
    [InlineData("MULTIPOLYGON(((100 100, 200 100, 200 200, 100 200, 100 100)), ((300 100, 400 100, 400 200, 300 200, 300 100)))",
        "MULTIPOLYGON(((100 100, 200 100, 200 200, 100 200, 100 100)), ((300 100, 400 100, 400 200, 300 200, 300 100)))")]
    // Degenerate and empty: no area, nothing.
    [InlineData("POLYGON((100 100, 200 100, 300 100, 100 100))", null)]
    [InlineData("POLYGON EMPTY", null)]
    [InlineData("MULTIPOLYGON EMPTY", null)]
    public void Polygons(string input, string? expected) => AssertClipped(input, expected);

    [Fact]
    public void Polygons_that_touch_after_snapping_are_merged_not_overlapped()
    {
        // 200.2 and 200.4 both snap to 200: the parts share an edge and come out as one polygon covering
        // x 100..300 (the ends of the shared edge may stay as vertices on the outer ring).
        var clipped = Clip("MULTIPOLYGON(((100 100, 200.2 100, 200.2 200, 100 200, 100 100)), ((200.4 100, 300 100, 300 200, 200.4 200, 200.4 100)))");

        var polygon = Assert.IsType<Polygon>(clipped);
        Assert.True(polygon.IsValid);
        GeometryAssert.SameShape(GeometryAssert.Read("POLYGON((100 100, 300 100, 300 200, 100 200, 100 100))"), polygon, 0);
    }

    [Fact]
    public void A_self_intersecting_bow_tie_keeps_both_lobes_as_a_valid_multipolygon()
    {
        // The figure eight crosses itself at (150 150): its two triangles, each 2,500 square units.
        var clipped = Clip("POLYGON((100 100, 200 200, 200 100, 100 200, 100 100))");

        Assert.NotNull(clipped);
        Assert.True(clipped!.IsValid, GeometryAssert.Show(clipped));
        GeometryAssert.SameShape(
            GeometryAssert.Read("MULTIPOLYGON(((100 100, 150 150, 100 200, 100 100)), ((200 100, 200 200, 150 150, 200 100)))"), clipped, 0);
    }

    [Theory]
    // Inside: unchanged.
    [InlineData("LINESTRING(100 100, 200 300)", "LINESTRING(100 100, 200 300)")]
    // Across the east edge, through the whole buffered tile, and diagonally out through x = 4160 at y = 160.
    [InlineData("LINESTRING(4000 100, 4400 100)", "LINESTRING(4000 100, 4160 100)")]
    [InlineData("LINESTRING(-200 100, 5000 100)", "LINESTRING(-64 100, 4160 100)")]
    [InlineData("LINESTRING(4000 0, 4400 400)", "LINESTRING(4000 0, 4160 160)")]
    // Along the buffer's edge (the edge is part of the buffered tile), along the tile's edge, and just beyond the buffer.
    [InlineData("LINESTRING(4160 100, 4160 500)", "LINESTRING(4160 100, 4160 500)")]
    [InlineData("LINESTRING(4160 -500, 4160 5000)", "LINESTRING(4160 -64, 4160 4160)")]
    [InlineData("LINESTRING(4096 -500, 4096 5000)", "LINESTRING(4096 -64, 4096 4160)")]
    [InlineData("LINESTRING(4161 100, 4161 500)", null)]
    // A line that grazes the buffer's corner (4160 4160): a point in common, no length.
    [InlineData("LINESTRING(4100 4220, 4220 4100)", null)]
    // Out and back in: two pieces.
    [InlineData("LINESTRING(4000 100, 4300 100, 4300 300, 4000 300)", "MULTILINESTRING((4000 100, 4160 100), (4160 300, 4000 300))")]
    // Shorter than a unit: gone when both ends snap to one point, kept when they snap apart.
    [InlineData("LINESTRING(100 100, 100.3 100)", null)]
    [InlineData("LINESTRING(100.4 100, 100.6 100)", "LINESTRING(100 100, 101 100)")]
    // A bend of 0.4 units is below the half-unit simplification.
    [InlineData("LINESTRING(0 0, 50 0.4, 100 0)", "LINESTRING(0 0, 100 0)")]
    // Multi-lines: the part beyond the buffer goes.
    [InlineData("MULTILINESTRING((100 100, 200 100), (5000 100, 5100 100))", "LINESTRING(100 100, 200 100)")]
    [InlineData("MULTILINESTRING((100 100, 200 100), (100 300, 200 300))", "MULTILINESTRING((100 100, 200 100), (100 300, 200 300))")]
    // Degenerate and empty.
    [InlineData("LINESTRING(100 100, 100 100)", null)]
    [InlineData("LINESTRING EMPTY", null)]
    [InlineData("MULTILINESTRING EMPTY", null)]
    public void Lines(string input, string? expected) => AssertClipped(input, expected);

    [Theory]
    [InlineData("POINT(100 200)", "POINT(100 200)")]
    // The buffer's corners are inside (edge included); one unit beyond is not.
    [InlineData("POINT(4160 4160)", "POINT(4160 4160)")]
    [InlineData("POINT(-64 -64)", "POINT(-64 -64)")]
    [InlineData("POINT(4161 0)", null)]
    // Snapped first, then tested: 4160.4 rounds onto the edge, 4160.6 beyond it.
    [InlineData("POINT(4160.4 100)", "POINT(4160 100)")]
    [InlineData("POINT(4160.6 100)", null)]
    // Points that snap to one position are one point; those beyond the buffer go.
    [InlineData("MULTIPOINT((100 100), (100.2 99.9), (5000 0))", "POINT(100 100)")]
    [InlineData("MULTIPOINT((100 100), (200 200))", "MULTIPOINT((100 100), (200 200))")]
    [InlineData("POINT EMPTY", null)]
    [InlineData("MULTIPOINT EMPTY", null)]
    public void Points(string input, string? expected) => AssertClipped(input, expected);

    [Theory]
    // A bump of 3 units goes with a tolerance of 4 and stays with 2 (Douglas-Peucker distance of (50 3) from the chord).
    [InlineData("LINESTRING(0 0, 50 3, 100 0)", 4, "LINESTRING(0 0, 100 0)")]
    [InlineData("LINESTRING(0 0, 50 3, 100 0)", 2, "LINESTRING(0 0, 50 3, 100 0)")]
    [InlineData("POLYGON((0 0, 50 -3, 100 0, 100 100, 0 100, 0 0))", 4, "POLYGON((0 0, 100 0, 100 100, 0 100, 0 0))")]
    [InlineData("POLYGON((0 0, 50 -3, 100 0, 100 100, 0 100, 0 0))", 2, "POLYGON((0 0, 50 -3, 100 0, 100 100, 0 100, 0 0))")]
    // Points are never simplified.
    [InlineData("MULTIPOINT((100 100), (102 100))", 4, "MULTIPOINT((100 100), (102 100))")]
    public void With_a_thinning_tolerance(string input, double tolerance, string expected) =>
        GeometryAssert.Equal(expected, Clip(input, tolerance), Exact);

    [Fact]
    public void The_tile_corners_from_the_slippy_map_formulas_land_on_the_tile_corners()
    {
        // Independent of the code's projection: lon = x / 2^z * 360 - 180, lat = atan(sinh(pi * (1 - 2 y / 2^z))).
        static (double Lon, double Lat) Corner(double x, double y)
        {
            var n = Math.Pow(2, Z);
            return (x / n * 360 - 180, Math.Atan(Math.Sinh(Math.PI * (1 - 2 * y / n))) * 180 / Math.PI);
        }
        var (west, north) = Corner(X, Y);
        var (east, south) = Corner(X + 1, Y + 1);
        var (midLon, midLat) = Corner(X + 0.5, Y + 0.5);
        var clipper = new TileGeometryClipper(Z, X, Y);
        var points = GeometryFactory.Default.CreateMultiPointFromCoords(
            [new Coordinate(west, north), new Coordinate(east, south), new Coordinate(midLon, midLat)]);

        GeometryAssert.Equal("MULTIPOINT((0 0), (4096 4096), (2048 2048))", clipper.ToTile(points), Exact);
    }

    private static void AssertClipped(string input, string? expected) => GeometryAssert.Equal(expected, Clip(input), Exact);

    private static Geometry? Clip(string tileUnitsWkt, double tolerance = 0) =>
        new TileGeometryClipper(Z, X, Y, tolerance).ToTile(ToLonLat(GeometryAssert.Read(tileUnitsWkt)));

    /// <summary>Tile units of the test tile to lon/lat: the inverse of the tile's scaling, then Web Mercator to WGS84.</summary>
    private static Geometry ToLonLat(Geometry tileUnits)
    {
        var bounds = VectorTileGrid.MercatorBounds(Z, X, Y);
        var unit = bounds.Width / VectorTileGrid.Extent;
        var mercator = tileUnits.Copy();
        mercator.Apply(new FromTileUnits(bounds.MinX, bounds.MaxY, unit));
        mercator.GeometryChanged();
        return CoordinateTransformer.Transform(mercator, CrsId.WebMercator, CrsId.Wgs84);
    }

    private sealed class FromTileUnits(double west, double north, double unit) : IEntireCoordinateSequenceFilter
    {
        public bool Done => false;

        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq)
        {
            for (var i = 0; i < seq.Count; i++)
            {
                seq.SetX(i, west + seq.GetX(i) * unit);
                seq.SetY(i, north - seq.GetY(i) * unit);
            }
        }
    }
}
