using System.Globalization;
using Huayang.Gis.Core.Crs;
using Xunit.Abstractions;

namespace Huayang.Gis.Core.Tests.Crs;

/// <summary>
/// CoordinateTransformer against PROJ's cs2cs for the ~200 points in cs2cs-reference.csv:
/// Huayang and around it, plus far points (zone edges, 100E/110E at 25N/35N).
/// </summary>
public sealed class Cs2csReferenceTests(ITestOutputHelper output)
{
    private const double MetreTolerance = 0.01;

    // 1e-7 degrees is about 1 cm on the ground.
    private const double DegreeTolerance = 1e-7;

    [Theory]
    [MemberData(nameof(Cs2csReference.CrsCodes), MemberType = typeof(Cs2csReference))]
    public void Forward_from_wgs84_matches_cs2cs(string code)
    {
        var crs = CrsId.Parse(code);
        var tolerance = crs.IsGeographic ? DegreeTolerance : MetreTolerance;

        var errors = Cs2csReference.Points
            .Select(p =>
            {
                var (x, y) = CoordinateTransformer.Transform(p.Lon, p.Lat, CrsId.Wgs84, crs);
                var (ex, ey) = p.In(crs);
                return (Point: p, Error: Math.Max(Math.Abs(x - ex), Math.Abs(y - ey)));
            })
            .ToList();

        Report(crs, "forward", crs.IsGeographic ? "°" : " m", errors);
        Assert.All(errors, e => Assert.True(
            e.Error <= tolerance,
            $"{e.Point.Lon}, {e.Point.Lat} to {crs}: off by {e.Error:G3}"));
    }

    [Theory]
    [MemberData(nameof(Cs2csReference.CrsCodes), MemberType = typeof(Cs2csReference))]
    public void Inverse_to_wgs84_returns_the_cs2cs_input(string code)
    {
        var crs = CrsId.Parse(code);

        var errors = Cs2csReference.Points
            .Select(p =>
            {
                var (x, y) = p.In(crs);
                var (lon, lat) = CoordinateTransformer.Transform(x, y, crs, CrsId.Wgs84);
                return (Point: p, Error: Math.Max(Math.Abs(lon - p.Lon), Math.Abs(lat - p.Lat)));
            })
            .ToList();

        Report(crs, "inverse", "°", errors);
        Assert.All(errors, e => Assert.True(
            e.Error <= DegreeTolerance,
            $"{e.Point.Lon}, {e.Point.Lat} from {crs}: off by {e.Error:G3}°"));
    }

    [Fact]
    public void Fixture_covers_huayang_and_far_points()
    {
        var points = Cs2csReference.Points;

        Assert.InRange(points.Count, 180, 250);
        Assert.True(points.Count(p => p.Lon is >= 103.9 and <= 104.2 && p.Lat is >= 30.4 and <= 30.6) >= 180);
        Assert.Contains(points, p => p.Lon == 100 && p.Lat == 25);
        Assert.Contains(points, p => p.Lon == 110 && p.Lat == 35);
    }

    private void Report(CrsId crs, string direction, string unit, List<(Cs2csPoint Point, double Error)> errors)
    {
        foreach (var group in errors.GroupBy(e => e.Point.Far).OrderBy(g => g.Key))
        {
            var worst = group.MaxBy(e => e.Error);
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{crs} {direction}, {(group.Key ? "outside" : "inside")} 103.5-106.5E ({group.Count()} points): " +
                $"max error {worst.Error:E2}{unit} at {worst.Point.Lon}, {worst.Point.Lat}"));
        }
    }
}
