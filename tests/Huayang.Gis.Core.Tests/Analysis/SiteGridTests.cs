using Huayang.Gis.Core.Analysis;
using NetTopologySuite.Geometries;

namespace Huayang.Gis.Core.Tests.Analysis;

/// <summary>
/// The bucket grid behind buffer coverage against brute force (every site compared): "any site within the radius" and
/// "the nearest site's distance" for random sites and points inside, at the edge of and far outside the sites' extent,
/// for radii from 1 m to 2 km, for one site, for sites sharing a position, and for sites spread so widely that the
/// buckets must be widened.
/// </summary>
public sealed class SiteGridTests
{
    public static TheoryData<int, int, double, double> Cases() => new()
    {
        // seed, sites, radius m, spread m
        { 1, 1, 300, 5_000 },
        { 2, 30, 300, 5_000 },
        { 3, 300, 1_000, 20_000 },
        { 4, 2_000, 500, 60_000 },
        { 5, 50, 1, 10_000 },
        { 6, 500, 2_000, 3_000 },
        { 7, 40, 1, 50_000_000 }, // 5·10¹³ one-metre buckets: widened to stay within MaxBuckets
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Answers_as_brute_force(int seed, int count, double radius, double spread)
    {
        var random = new Random(seed);
        var origin = new Coordinate(35_400_000, 3_370_000);
        Coordinate Random(double scale) => new(origin.X + (random.NextDouble() - 0.25) * scale, origin.Y + (random.NextDouble() - 0.25) * scale);
        var sites = Enumerable.Range(0, count).Select(_ => Random(spread)).ToList();
        sites.Add(sites[0].Copy()); // two sites at one position
        var grid = new SiteGrid(sites, radius);

        var points = Enumerable.Range(0, 2_000).Select(_ => Random(spread * 1.5))
            .Concat(Enumerable.Range(0, 50).Select(_ => Random(spread * 20))) // far outside the extent
            .Concat(sites.Take(20)) // on a site
            .Concat(sites.Take(20).Select(s => new Coordinate(s.X + radius, s.Y))) // exactly at the radius
            .ToList();
        var within = 0;
        foreach (var point in points)
        {
            var nearest = sites.Min(s => s.Distance(point));
            Assert.Equal(nearest, grid.NearestDistance(point));
            var any = sites.Any(s => s.Distance(point) <= radius);
            Assert.Equal(any, grid.AnyWithin(point));
            within += any ? 1 : 0;
        }

        // The points must test both answers, not only "no".
        Assert.InRange(within, 1, points.Count - 1);
    }

    [Fact]
    public void No_sites_no_answers()
    {
        var grid = new SiteGrid([], 500);
        Assert.False(grid.AnyWithin(new Coordinate(35_400_000, 3_370_000)));
        Assert.Null(grid.NearestDistance(new Coordinate(35_400_000, 3_370_000)));
    }
}
