using Huayang.Gis.Core.Crs;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace Huayang.Gis.Core.Tests.Crs;

public sealed class CoordinateTransformerTests
{
    private static readonly WKTReader Reader = new();

    /// <summary>A box over Huayang Street, WGS84.</summary>
    private static readonly Envelope Huayang = new(103.98, 104.12, 30.44, 30.56);

    [Theory]
    [InlineData("POINT (104.05 30.5)")]
    [InlineData("LINESTRING (104.0 30.45, 104.05 30.5, 104.1 30.52)")]
    [InlineData("POLYGON ((104.0 30.45, 104.1 30.45, 104.1 30.55, 104.0 30.55, 104.0 30.45), (104.04 30.49, 104.06 30.49, 104.06 30.51, 104.04 30.49))")]
    [InlineData("MULTIPOLYGON (((104.0 30.45, 104.02 30.45, 104.02 30.47, 104.0 30.45)), ((104.1 30.5, 104.12 30.5, 104.12 30.52, 104.1 30.5)))")]
    [InlineData("GEOMETRYCOLLECTION (POINT (104.05 30.5), LINESTRING (104.0 30.45, 104.1 30.52))")]
    [InlineData("GEOMETRYCOLLECTION (POINT (104.05 30.5), POLYGON EMPTY)")]
    public void Geometry_is_transformed_point_by_point_into_a_new_geometry(string wkt)
    {
        var input = Reader.Read(wkt);
        input.SRID = 4326;
        var before = input.Copy();

        foreach (var to in CrsId.Supported)
        {
            var result = CoordinateTransformer.Transform(input, CrsId.Wgs84, to);

            Assert.Equal(to.Srid, result.SRID);
            Assert.Equal(input.GeometryType, result.GeometryType);
            Assert.Equal(input.NumGeometries, result.NumGeometries);
            Assert.Equal(input.NumPoints, result.NumPoints);
            var expected = input.Coordinates.Select(c => CoordinateTransformer.Transform(c.X, c.Y, CrsId.Wgs84, to)).ToList();
            Assert.Equal(expected, result.Coordinates.Select(c => (c.X, c.Y)));
        }

        Assert.True(before.EqualsExact(input), "the input geometry was changed");
        Assert.Equal(4326, input.SRID);
    }

    [Theory]
    [InlineData("EPSG:4544")]
    [InlineData("EPSG:32648")]
    [InlineData("EPSG:3857")]
    [InlineData("GCJ-02")]
    [InlineData("BD-09")]
    public void Geometry_round_trips(string code)
    {
        var crs = CrsId.Parse(code);
        var input = Reader.Read("POLYGON ((104.0 30.45, 104.1 30.45, 104.1 30.55, 104.0 30.55, 104.0 30.45))");

        var back = CoordinateTransformer.Transform(CoordinateTransformer.Transform(input, CrsId.Wgs84, crs), crs, CrsId.Wgs84);

        Assert.True(back.EqualsExact(input, 1e-9), back.AsText());
        Assert.Equal(4326, back.SRID);
    }

    [Fact]
    public void Crs84_gives_srid_4326_and_chinese_web_crs_give_0()
    {
        var point = new Point(104.05, 30.5) { SRID = 4326 };

        Assert.Equal(4326, CoordinateTransformer.Transform(point, CrsId.Wgs84, CrsId.Crs84).SRID);
        Assert.Equal(0, CoordinateTransformer.Transform(point, CrsId.Wgs84, CrsId.Gcj02).SRID);
        Assert.Equal(0, CoordinateTransformer.Transform(point, CrsId.Wgs84, CrsId.Bd09).SRID);
    }

    [Fact]
    public void Z_is_kept_and_empty_stays_empty()
    {
        var point = (Point)CoordinateTransformer.Transform(Reader.Read("POINT Z (104.05 30.5 512.5)"), CrsId.Wgs84, CrsId.GaussKrugerCm105);
        var empty = CoordinateTransformer.Transform(Reader.Read("POLYGON EMPTY"), CrsId.Wgs84, CrsId.GaussKrugerCm105);

        Assert.Equal(512.5, point.Z);
        Assert.Equal(408798.977701, point.X, 1e-6);
        Assert.True(empty.IsEmpty);
        Assert.Equal(4544, empty.SRID);
    }

    [Fact]
    public void Geometry_with_a_contradicting_srid_is_rejected()
    {
        var metric = new Point(408798.98, 3375925.50) { SRID = 4544 };

        var e = Assert.Throws<ArgumentException>(() => CoordinateTransformer.Transform(metric, CrsId.Wgs84, CrsId.GaussKrugerCm105));

        Assert.Equal("geometry", e.ParamName);
    }

    [Fact]
    public void Shifted_coordinates_stored_under_srid_4326_are_accepted_from_gcj02()
    {
        var gcj = new Point(104.05, 30.5) { SRID = 4326 };

        var wgs = (Point)CoordinateTransformer.Transform(gcj, CrsId.Gcj02, CrsId.Wgs84);

        Assert.Equal(ChineseWebCoordinates.Gcj02ToWgs84(104.05, 30.5), (wgs.X, wgs.Y));
    }

    [Fact]
    public void Default_crs_is_rejected()
    {
        var e = Assert.Throws<ArgumentException>(() => CoordinateTransformer.Transform(104.05, 30.5, default, CrsId.Wgs84));
        Assert.Equal("from", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => CoordinateTransformer.Transform(new Envelope(0, 1, 0, 1), CrsId.Wgs84, default));
        Assert.Equal("to", e.ParamName);
    }

    [Fact]
    public void Geographic_crs_are_the_same_coordinates()
    {
        foreach (var from in new[] { CrsId.Wgs84, CrsId.Crs84, CrsId.Cgcs2000 })
        {
            foreach (var to in new[] { CrsId.Wgs84, CrsId.Crs84, CrsId.Cgcs2000 })
            {
                Assert.Equal((104.05, 30.5), CoordinateTransformer.Transform(104.05, 30.5, from, to));
            }
        }
    }

    [Fact]
    public void Gcj02_and_bd09_route_through_wgs84()
    {
        var (gLon, gLat) = ChineseWebCoordinates.Wgs84ToGcj02(104.05, 30.5);
        var (bLon, bLat) = ChineseWebCoordinates.Wgs84ToBd09(104.05, 30.5);
        var metric = CoordinateTransformer.Transform(104.05, 30.5, CrsId.Wgs84, CrsId.GaussKrugerCm105);

        var fromGcj = CoordinateTransformer.Transform(gLon, gLat, CrsId.Gcj02, CrsId.GaussKrugerCm105);
        var fromBd = CoordinateTransformer.Transform(bLon, bLat, CrsId.Bd09, CrsId.GaussKrugerCm105);
        var gcjToBd = CoordinateTransformer.Transform(gLon, gLat, CrsId.Gcj02, CrsId.Bd09);

        Assert.Equal(metric.X, fromGcj.X, 1e-6);
        Assert.Equal(metric.Y, fromGcj.Y, 1e-6);
        Assert.Equal(metric.X, fromBd.X, 1e-6);
        Assert.Equal(metric.Y, fromBd.Y, 1e-6);
        Assert.Equal(bLon, gcjToBd.X, 1e-12);
        Assert.Equal(bLat, gcjToBd.Y, 1e-12);
    }

    [Fact]
    public void Same_crs_is_returned_unchanged()
    {
        Assert.Equal((104.05, 30.5), CoordinateTransformer.Transform(104.05, 30.5, CrsId.Gcj02, CrsId.Gcj02));
        Assert.Equal((408798.9, 3375925.5), CoordinateTransformer.Transform(408798.9, 3375925.5, CrsId.GaussKrugerCm105, CrsId.GaussKrugerCm105));
    }

    [Theory]
    [InlineData("EPSG:4544")]
    [InlineData("EPSG:32648")]
    [InlineData("EPSG:3857")]
    [InlineData("GCJ-02")]
    [InlineData("BD-09")]
    public void Envelope_contains_the_transformed_box_and_little_more(string code)
    {
        var to = CrsId.Parse(code);

        var result = CoordinateTransformer.Transform(Huayang, CrsId.Wgs84, to);

        // The image of the box, sampled far more densely than the transformer does: 4,000
        // points per edge and a 101 x 101 interior grid. BD-09's ripples bend the edges by tens
        // of metres, so the corners alone would not do.
        var dense = new Envelope();
        void Add(double lon, double lat)
        {
            var (x, y) = CoordinateTransformer.Transform(lon, lat, CrsId.Wgs84, to);
            dense.ExpandToInclude(x, y);
        }

        for (var i = 0; i <= 4000; i++)
        {
            var lon = Huayang.MinX + Huayang.Width * i / 4000;
            var lat = Huayang.MinY + Huayang.Height * i / 4000;
            Add(lon, Huayang.MinY);
            Add(lon, Huayang.MaxY);
            Add(Huayang.MinX, lat);
            Add(Huayang.MaxX, lat);
        }

        for (var i = 0; i <= 100; i++)
        {
            for (var j = 0; j <= 100; j++)
            {
                Add(Huayang.MinX + Huayang.Width * i / 100, Huayang.MinY + Huayang.Height * j / 100);
            }
        }

        Assert.True(result.Contains(dense), $"{result} does not contain {dense}");
        var slack = to.IsGeographic ? 1e-6 : 0.1;
        var loose = dense.Copy();
        loose.ExpandBy(slack);
        Assert.True(loose.Contains(result), $"{result} is larger than {dense} by more than {slack}");
    }

    [Fact]
    public void Envelope_round_trip_contains_the_original()
    {
        var metric = CoordinateTransformer.Transform(Huayang, CrsId.Wgs84, CrsId.GaussKrugerCm105);

        var back = CoordinateTransformer.Transform(metric, CrsId.GaussKrugerCm105, CrsId.Wgs84);

        Assert.True(back.Contains(Huayang));
    }

    [Fact]
    public void Null_and_identity_envelopes()
    {
        Assert.True(CoordinateTransformer.Transform(new Envelope(), CrsId.Wgs84, CrsId.WebMercator).IsNull);
        var same = CoordinateTransformer.Transform(Huayang, CrsId.Wgs84, CrsId.Crs84);
        Assert.Equal(Huayang, same);
        Assert.NotSame(Huayang, same);
    }

    [Fact]
    public void Concurrent_transforms_match_sequential_ones()
    {
        var crss = new[] { CrsId.GaussKrugerCm105, CrsId.Utm48N, CrsId.WebMercator, CrsId.Gcj02, CrsId.Bd09 };
        var points = Enumerable.Range(0, 20_000)
            .Select(i => (Lon: 103.9 + (i * 0.6180339887 % 1) * 0.3, Lat: 30.4 + (i * 0.7548776662 % 1) * 0.2))
            .ToArray();
        var expected = crss.Select(crs => points.Select(p => RoundTrip(p, crs)).ToArray()).ToArray();

        var actual = crss.Select(_ => new (double, double, double, double)[points.Length]).ToArray();
        Parallel.For(0, points.Length * crss.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, k =>
        {
            var (c, i) = (k % crss.Length, k / crss.Length);
            actual[c][i] = RoundTrip(points[i], crss[c]);
        });

        for (var c = 0; c < crss.Length; c++)
        {
            Assert.Equal(expected[c], actual[c]);
        }
    }

    [Fact]
    public void Projecting_a_point_allocates_nothing()
    {
        var sum = 0.0;
        for (var i = 0; i < 100; i++)
        {
            sum += CoordinateTransformer.Transform(104 + i * 1e-4, 30.5, CrsId.Wgs84, CrsId.GaussKrugerCm105).X;
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
        {
            var (x, y) = CoordinateTransformer.Transform(104 + i * 1e-6, 30.5, CrsId.Wgs84, CrsId.GaussKrugerCm105);
            sum += CoordinateTransformer.Transform(x, y, CrsId.GaussKrugerCm105, CrsId.Wgs84).X;
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(sum > 0);
    }

    private static (double, double, double, double) RoundTrip((double Lon, double Lat) p, CrsId crs)
    {
        var (x, y) = CoordinateTransformer.Transform(p.Lon, p.Lat, CrsId.Wgs84, crs);
        var (lon, lat) = CoordinateTransformer.Transform(x, y, crs, CrsId.Wgs84);
        return (x, y, lon, lat);
    }
}
