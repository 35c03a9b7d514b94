using Huayang.Gis.Core.Model;
using Huayang.Gis.Core.Store;
using Huayang.Gis.Core.Tests.Support;
using NetTopologySuite.Geometries;

namespace Huayang.Gis.Core.Tests.Store;

/// <summary>
/// The in-memory store against brute force over the bundled data: geodesic distances (Vincenty) for
/// nearest and within, a ray-casting point-in-polygon for the community at a point.
/// </summary>
public sealed class InMemoryStoreTests
{
    private const int QueryPoints = 1000;

    /// <summary>Relative tolerance between the store's planar metres and geodesic metres.</summary>
    private const double Tolerance = 0.001;

    private static readonly InMemorySpatialStore Store = TestData.Store;

    public static TheoryData<string?> Categories => new() { null, "kindergarten", "primary_school", "park", "international_school" };

    [Theory]
    [MemberData(nameof(Categories))]
    public async Task Nearest_matches_brute_force_geodesic_ranking(string? category)
    {
        var candidates = Store.Dataset.Sites.Where(s => category is null || s.Category == category).ToList();
        Assert.NotEmpty(candidates);
        var random = new Random(42);
        foreach (var (lon, lat) in RandomPositions(random, QueryPoints))
        {
            var k = random.Next(1, 6);
            var answer = await Store.NearestSitesAsync(lon, lat, k, category);
            var expected = candidates
                .Select(s => Geodesic.Distance(lon, lat, s.Geometry.X, s.Geometry.Y))
                .Order()
                .Take(k)
                .ToList();

            Assert.Equal(expected.Count, answer.Count);
            for (var i = 0; i < answer.Count; i++)
            {
                // The i-th distance matches the brute-force i-th distance, and the site reported
                // really is at the distance reported.
                Assert.InRange(answer[i].DistanceM, expected[i] * (1 - Tolerance) - 0.01, expected[i] * (1 + Tolerance) + 0.01);
                var geodesic = Geodesic.Distance(lon, lat, answer[i].Site.Geometry.X, answer[i].Site.Geometry.Y);
                Assert.InRange(answer[i].DistanceM, geodesic * (1 - Tolerance) - 0.01, geodesic * (1 + Tolerance) + 0.01);
                if (category is not null)
                {
                    Assert.Equal(category, answer[i].Site.Category);
                }
            }
            AssertOrdered(answer);
        }
    }

    [Fact]
    public async Task Within_matches_brute_force_geodesic_set()
    {
        var random = new Random(7);
        var sites = Store.Dataset.Sites;
        var nonEmpty = 0;
        foreach (var (lon, lat) in RandomPositions(random, QueryPoints))
        {
            var radius = 100 + random.NextDouble() * 1400;
            var answer = await Store.SitesWithinAsync(lon, lat, radius, null);
            var got = answer.Select(a => a.Site.Id).ToHashSet(StringComparer.Ordinal);
            foreach (var site in sites)
            {
                var d = Geodesic.Distance(lon, lat, site.Geometry.X, site.Geometry.Y);
                if (d < radius * (1 - Tolerance))
                {
                    Assert.Contains(site.Id, got);
                }
                else if (d > radius * (1 + Tolerance))
                {
                    Assert.DoesNotContain(site.Id, got);
                }
            }
            Assert.All(answer, a => Assert.InRange(a.DistanceM, 0, radius));
            AssertOrdered(answer);
            nonEmpty += answer.Count > 0 ? 1 : 0;
        }
        Assert.True(nonEmpty > QueryPoints / 2, $"only {nonEmpty} of {QueryPoints} queries found any site: the test is not exercising the store");
    }

    [Fact]
    public async Task Within_a_category_keeps_only_that_category()
    {
        var all = await Store.SitesWithinAsync(104.05, 30.50, 2000, null);
        var schools = await Store.SitesWithinAsync(104.05, 30.50, 2000, "primary_school");
        Assert.Equal(all.Where(a => a.Site.Category == "primary_school").Select(a => a.Site.Id), schools.Select(a => a.Site.Id));
    }

    [Fact]
    public async Task Unknown_category_finds_nothing()
    {
        Assert.Empty(await Store.NearestSitesAsync(104.05, 30.50, 3, "no_such_category"));
        Assert.Empty(await Store.SitesWithinAsync(104.05, 30.50, 5000, "no_such_category"));
    }

    [Fact]
    public async Task Community_at_matches_ray_casting()
    {
        var random = new Random(11);
        var communities = Store.Dataset.Communities;
        var inside = 0;
        foreach (var (lon, lat) in RandomPositions(random, QueryPoints))
        {
            var expected = communities
                .Where(c => RayCasting.Contains(c.Geometry, lon, lat))
                .Select(c => c.Id)
                .Order(StringComparer.Ordinal)
                .FirstOrDefault();
            var answer = await Store.CommunityAtAsync(lon, lat);
            Assert.Equal(expected, answer?.Id);
            inside += expected is null ? 0 : 1;
        }
        Assert.InRange(inside, QueryPoints / 3, QueryPoints);
    }

    [Fact]
    public async Task Features_by_bbox_are_those_intersecting_it_in_id_order()
    {
        var random = new Random(3);
        foreach (var layer in Layers.All)
        {
            var all = await Store.GetFeaturesAsync(layer, null);
            for (var i = 0; i < 50; i++)
            {
                var (lon, lat) = RandomPositions(random, 1).Single();
                var box = new Envelope(lon, lon + random.NextDouble() * 0.02, lat, lat + random.NextDouble() * 0.02);
                var polygon = GeometryFactory.Default.ToGeometry(box);
                var expected = all.Where(f => f.Geometry.Intersects(polygon)).Select(f => (string)f.Attributes["id"]).ToList();
                var answer = (await Store.GetFeaturesAsync(layer, box)).Select(f => (string)f.Attributes["id"]).ToList();
                Assert.Equal(expected, answer);
                Assert.Equal(answer.Order(StringComparer.Ordinal), answer);
            }
        }
    }

    [Fact]
    public async Task Unknown_layer_is_an_error_naming_it()
    {
        var error = await Assert.ThrowsAsync<UnknownLayerException>(() => Store.GetFeaturesAsync("../etc/passwd", null));
        Assert.Contains("../etc/passwd", error.Message);
        Assert.Contains("communities", error.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public async Task Nearest_needs_a_positive_k(int k) =>
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.NearestSitesAsync(104.05, 30.5, k, null));

    private static void AssertOrdered(IReadOnlyList<SiteDistance> answer)
    {
        for (var i = 1; i < answer.Count; i++)
        {
            var before = answer[i - 1];
            var after = answer[i];
            Assert.True(
                before.DistanceM < after.DistanceM
                || (before.DistanceM == after.DistanceM && string.CompareOrdinal(before.Site.Id, after.Site.Id) < 0),
                $"{before.Site.Id} ({before.DistanceM} m) listed before {after.Site.Id} ({after.DistanceM} m)");
        }
    }

    /// <summary>Positions over the street's extent and a margin around it.</summary>
    internal static IEnumerable<(double Lon, double Lat)> RandomPositions(Random random, int count)
    {
        var extent = new Envelope();
        foreach (var community in Store.Dataset.Communities)
        {
            extent.ExpandToInclude(community.Geometry.EnvelopeInternal);
        }
        extent.ExpandBy(0.01);
        for (var i = 0; i < count; i++)
        {
            yield return (extent.MinX + random.NextDouble() * extent.Width, extent.MinY + random.NextDouble() * extent.Height);
        }
    }
}

/// <summary>An independent point-in-polygon test (even-odd ray casting over every ring).</summary>
internal static class RayCasting
{
    public static bool Contains(Geometry geometry, double x, double y)
    {
        var inside = false;
        for (var g = 0; g < geometry.NumGeometries; g++)
        {
            if (geometry.GetGeometryN(g) is not Polygon polygon)
            {
                continue;
            }
            var rings = new List<LineString> { polygon.ExteriorRing };
            rings.AddRange(polygon.InteriorRings);
            foreach (var ring in rings)
            {
                var c = ring.Coordinates;
                for (int i = 0, j = c.Length - 1; i < c.Length; j = i++)
                {
                    if ((c[i].Y > y) != (c[j].Y > y) && x < (c[j].X - c[i].X) * (y - c[i].Y) / (c[j].Y - c[i].Y) + c[i].X)
                    {
                        inside = !inside;
                    }
                }
            }
        }
        return inside;
    }
}
