using Huayang.Gis.Core.Crs;

namespace Huayang.Gis.Core.Tests.Crs;

/// <summary>
/// GCJ-02 and BD-09 against published vectors, and the exact inverses by round trip.
/// </summary>
/// <remarks>
/// Vectors come from:
/// wandergis/coordtransform, test/app.js (MIT): every conversion of (116.404, 39.915);
/// googollee/eviltransform (BSD-2-Clause), go/transform_test.go, javascript/test.js and
/// python/test.py: WGS84 to GCJ-02 for Shanghai, Shenzhen and Beijing. eviltransform writes
/// latitude first; the tables here are lon, lat. Both libraries publish one-step approximate
/// inverses (errors of metres; eviltransform's own tests allow 5 m), so their inverse vectors
/// are checked loosely, and the exact inverses are checked by round trip instead.
/// eviltransform's python BD-09 vectors (TESTS_bd, near Jinhua) are left out: neither its own
/// formulas nor these reproduce them (they differ by up to 40 m), so they are not formula output.
/// </remarks>
public sealed class ChineseWebCoordinatesTests
{
    private const double ForwardTolerance = 1e-6;
    private const double RoundTripTolerance = 1e-8;

    // The published one-step inverses are off by up to a few metres: 5e-5 degrees is about 5 m.
    private const double ApproximateInverseTolerance = 5e-5;

    [Theory]
    [InlineData(116.404, 39.915, 116.41024449916938, 39.91640428150164)] // wandergis
    [InlineData(121.5272106, 31.1774276, 121.531541859215, 31.17530398364597)] // eviltransform, Shanghai
    [InlineData(113.912316, 22.543847, 113.9171764808363, 22.540796131694766)] // eviltransform, Shenzhen
    [InlineData(116.377817, 39.911954, 116.38404722455657, 39.91334545536069)] // eviltransform, Beijing
    public void Wgs84ToGcj02_matches_published_vectors(double lon, double lat, double gcjLon, double gcjLat)
    {
        var (x, y) = ChineseWebCoordinates.Wgs84ToGcj02(lon, lat);

        Assert.Equal(gcjLon, x, ForwardTolerance);
        Assert.Equal(gcjLat, y, ForwardTolerance);
    }

    [Fact]
    public void Gcj02ToBd09_matches_the_published_vector()
    {
        // wandergis
        var (x, y) = ChineseWebCoordinates.Gcj02ToBd09(116.404, 39.915);

        Assert.Equal(116.41036949371029, x, ForwardTolerance);
        Assert.Equal(39.92133699351021, y, ForwardTolerance);
    }

    [Theory]
    [InlineData(116.404, 39.915, 116.39775550083061, 39.91359571849836)] // wandergis
    [InlineData(121.531541859215, 31.17530398364597, 121.5272106, 31.1774276)] // eviltransform, Shanghai
    [InlineData(113.9171764808363, 22.540796131694766, 113.912316, 22.543847)] // eviltransform, Shenzhen
    [InlineData(116.38404722455657, 39.91334545536069, 116.377817, 39.911954)] // eviltransform, Beijing
    public void Gcj02ToWgs84_is_exact_and_near_published_values(double lon, double lat, double wgsLon, double wgsLat)
    {
        var (x, y) = ChineseWebCoordinates.Gcj02ToWgs84(lon, lat);

        Assert.Equal(wgsLon, x, ApproximateInverseTolerance);
        Assert.Equal(wgsLat, y, ApproximateInverseTolerance);
        var (backLon, backLat) = ChineseWebCoordinates.Wgs84ToGcj02(x, y);
        Assert.Equal(lon, backLon, 1e-9);
        Assert.Equal(lat, backLat, 1e-9);
    }

    [Fact]
    public void Bd09ToGcj02_is_exact_and_near_the_published_value()
    {
        // wandergis, one-step approximation
        var (x, y) = ChineseWebCoordinates.Bd09ToGcj02(116.404, 39.915);

        Assert.Equal(116.39762729119315, x, ApproximateInverseTolerance);
        Assert.Equal(39.90865673957631, y, ApproximateInverseTolerance);
        var (backLon, backLat) = ChineseWebCoordinates.Gcj02ToBd09(x, y);
        Assert.Equal(116.404, backLon, 1e-9);
        Assert.Equal(39.915, backLat, 1e-9);
    }

    /// <summary>Latitude bands 3° high from Hainan (18N) to Heilongjiang (53.5N).</summary>
    public static TheoryData<double> LatitudeBands() => new() { 18, 21, 24, 27, 30, 33, 36, 39, 42, 45, 48, 51 };

    [Theory]
    [MemberData(nameof(LatitudeBands))]
    public void Round_trips_are_exact_across_china(double southLat)
    {
        // Steps of 0.37° and 0.29° (not divisors of the formula's periods) from Xinjiang (73.5E)
        // to the east coast (135E), well inside the GCJ-02 rectangle.
        var worst = (Error: 0.0, Lon: 0.0, Lat: 0.0);
        for (var lon = 73.5; lon <= 135.0; lon += 0.37)
        {
            for (var lat = southLat; lat < southLat + 3.0 && lat <= 53.5; lat += 0.29)
            {
                var error = RoundTripError(lon, lat);
                if (error > worst.Error)
                {
                    worst = (error, lon, lat);
                }
            }
        }

        Assert.True(worst.Error <= RoundTripTolerance, $"round trip off by {worst.Error:G3}° at {worst.Lon}, {worst.Lat}");
    }

    [Theory]
    [InlineData(2.3522, 48.8566)] // Paris
    [InlineData(-74.006, 40.7128)] // New York
    [InlineData(151.2093, -33.8688)] // Sydney
    [InlineData(139.6917, 35.6895)] // Tokyo, east of 137.8347
    [InlineData(37.6173, 55.7558)] // Moscow, west of 72.004
    [InlineData(104.05, 56.0)] // north of 55.8271
    [InlineData(104.05, 0.5)] // south of 0.8293
    [InlineData(72.0039, 30.0)] // just west of the rectangle
    public void Gcj02_is_the_identity_outside_china(double lon, double lat)
    {
        Assert.Equal((lon, lat), ChineseWebCoordinates.Wgs84ToGcj02(lon, lat));
        Assert.Equal((lon, lat), ChineseWebCoordinates.Gcj02ToWgs84(lon, lat));
    }

    [Fact]
    public void Rectangle_bounds_are_inside()
    {
        Assert.NotEqual((72.004, 30.0), ChineseWebCoordinates.Wgs84ToGcj02(72.004, 30.0));
        Assert.NotEqual((137.8347, 30.0), ChineseWebCoordinates.Wgs84ToGcj02(137.8347, 30.0));
    }

    [Fact]
    public void Bd09_shift_applies_outside_china_too()
    {
        var (lon, lat) = ChineseWebCoordinates.Wgs84ToBd09(2.3522, 48.8566);

        Assert.Equal(ChineseWebCoordinates.Gcj02ToBd09(2.3522, 48.8566), (lon, lat));
        var (backLon, backLat) = ChineseWebCoordinates.Bd09ToWgs84(lon, lat);
        Assert.Equal(2.3522, backLon, RoundTripTolerance);
        Assert.Equal(48.8566, backLat, RoundTripTolerance);
    }

    [Fact]
    public void Gcj02_shift_in_huayang_is_hundreds_of_metres()
    {
        var (lon, lat) = ChineseWebCoordinates.Wgs84ToGcj02(104.05, 30.5);

        var metres = Math.Sqrt(Math.Pow((lon - 104.05) * 111_320 * Math.Cos(30.5 * Math.PI / 180), 2)
                               + Math.Pow((lat - 30.5) * 110_850, 2));
        Assert.InRange(metres, 100, 1000);
    }

    /// <summary>The worst of the four round trips at a point, in degrees.</summary>
    private static double RoundTripError(double lon, double lat)
    {
        static double Error((double Lon, double Lat) a, double lon, double lat) =>
            Math.Max(Math.Abs(a.Lon - lon), Math.Abs(a.Lat - lat));

        var gcj = ChineseWebCoordinates.Wgs84ToGcj02(lon, lat);
        var bd = ChineseWebCoordinates.Gcj02ToBd09(lon, lat);
        var wgsToBd = ChineseWebCoordinates.Wgs84ToBd09(lon, lat);
        var gcjInverse = ChineseWebCoordinates.Gcj02ToWgs84(lon, lat);
        return new[]
        {
            Error(ChineseWebCoordinates.Gcj02ToWgs84(gcj.Lon, gcj.Lat), lon, lat),
            Error(ChineseWebCoordinates.Wgs84ToGcj02(gcjInverse.Lon, gcjInverse.Lat), lon, lat),
            Error(ChineseWebCoordinates.Bd09ToGcj02(bd.Lon, bd.Lat), lon, lat),
            Error(ChineseWebCoordinates.Bd09ToWgs84(wgsToBd.Lon, wgsToBd.Lat), lon, lat),
        }.Max();
    }
}
