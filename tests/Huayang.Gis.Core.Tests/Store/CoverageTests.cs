using Huayang.Gis.Core.Analysis;
using Huayang.Gis.Core.Crs;
using Huayang.Gis.Core.Store;
using Huayang.Gis.Core.Tests.Support;
using NetTopologySuite.Geometries;

namespace Huayang.Gis.Core.Tests.Store;

/// <summary>Buffer coverage against brute force: every population cell's geodesic distance to every site.</summary>
public sealed class CoverageTests
{
    private static readonly InMemorySpatialStore Store = TestData.Store;

    public static TheoryData<string, string, SiteStatusFilter> Questions => new()
    {
        { "kindergarten", "5min", SiteStatusFilter.All },
        { "kindergarten", "5min", SiteStatusFilter.Existing },
        { "primary_school", "10min", SiteStatusFilter.All },
        { "park", "10min", SiteStatusFilter.Existing },
        { "health_centre", "15min", SiteStatusFilter.All },
        { "culture", "15min", SiteStatusFilter.All },
        { "international_school", "15min", SiteStatusFilter.Planned },
    };

    [Theory]
    [MemberData(nameof(Questions))]
    public async Task Covered_population_matches_brute_force(string category, string levelId, SiteStatusFilter status)
    {
        var level = Store.Dataset.LifeCircles.Level(levelId)!;
        var request = new CoverageRequest(category, level, status);
        var report = await Store.CoverageAsync(request);
        var sites = Store.Dataset.Sites.Where(request.Includes).ToList();
        Assert.Equal(sites.Count, report.SiteCount);
        Assert.Equal("buffer", report.Method);
        Assert.Equal(level.RadiusM, report.RadiusM);
        Assert.Equal(Store.Dataset.Communities.Count, report.Communities.Count);

        var cells = Store.Dataset.Population.ToLookup(c => c.CommunityId, StringComparer.Ordinal);
        foreach (var row in report.Communities)
        {
            var community = Store.Dataset.Communities.Single(c => c.Id == row.CommunityId);
            Assert.Equal(community.Population, row.Population);
            int sure = 0, maybe = 0;
            foreach (var cell in cells[row.CommunityId])
            {
                var nearest = sites.Count == 0
                    ? double.PositiveInfinity
                    : sites.Min(s => Geodesic.Distance(cell.Geometry.X, cell.Geometry.Y, s.Geometry.X, s.Geometry.Y));
                if (nearest < level.RadiusM * 0.999)
                {
                    sure += cell.Residents;
                }
                else if (nearest <= level.RadiusM * 1.001)
                {
                    maybe += cell.Residents;
                }
            }
            Assert.InRange(row.CoveredPopulation, sure, sure + maybe);
            Assert.Equal(row.Population == 0 ? 0 : (double)row.CoveredPopulation / row.Population, row.CoveredShare, 12);
            Assert.InRange(row.CoveredAreaShare, 0, 1);
        }

        Assert.Equal(report.Communities.Sum(c => c.Population), report.Total.Population);
        Assert.Equal(report.Communities.Sum(c => c.CoveredPopulation), report.Total.CoveredPopulation);
        Assert.Equal((double)report.Total.CoveredPopulation / report.Total.Population, report.Total.CoveredShare, 12);
    }

    [Fact]
    public async Task Nearest_site_is_measured_from_the_population_weighted_centre()
    {
        var level = Store.Dataset.LifeCircles.Level("10min")!;
        var report = await Store.CoverageAsync(new CoverageRequest("primary_school", level));
        var schools = Store.Dataset.Sites.Where(s => s.Category == "primary_school").ToList();
        foreach (var row in report.Communities)
        {
            var cells = Store.Dataset.Population.Where(c => c.CommunityId == row.CommunityId).ToList();
            var weight = cells.Sum(c => (double)c.Residents);
            // The centre is weighted in the metric plane; in lon/lat over a few hundred metres the
            // difference is far below the tolerance.
            var lon = cells.Sum(c => c.Geometry.X * c.Residents) / weight;
            var lat = cells.Sum(c => c.Geometry.Y * c.Residents) / weight;
            var expected = schools.Min(s => Geodesic.Distance(lon, lat, s.Geometry.X, s.Geometry.Y));
            Assert.NotNull(row.NearestSiteM);
            Assert.InRange(row.NearestSiteM!.Value, expected * 0.999 - 0.05, expected * 1.001 + 0.05);
        }
    }

    [Fact]
    public async Task Covered_area_share_matches_a_sampled_estimate()
    {
        var level = Store.Dataset.LifeCircles.Level("10min")!;
        var report = await Store.CoverageAsync(new CoverageRequest("primary_school", level));
        var sites = Store.Dataset.Sites.Where(s => s.Category == "primary_school")
            .Select(s => MetricProjection.ToMetric(s.Geometry.X, s.Geometry.Y)).ToList();
        foreach (var row in report.Communities)
        {
            var community = MetricProjection.ToMetric(Store.Dataset.Communities.Single(c => c.Id == row.CommunityId).Geometry);
            var env = community.EnvelopeInternal;
            int inside = 0, covered = 0;
            const double step = 25;
            for (var x = env.MinX + step / 2; x < env.MaxX; x += step)
            {
                for (var y = env.MinY + step / 2; y < env.MaxY; y += step)
                {
                    if (!RayCasting.Contains(community, x, y))
                    {
                        continue;
                    }
                    inside++;
                    if (sites.Any(s => Math.Sqrt((s.X - x) * (s.X - x) + (s.Y - y) * (s.Y - y)) <= level.RadiusM))
                    {
                        covered++;
                    }
                }
            }
            Assert.True(inside > 100, $"{row.CommunityId}: too few samples ({inside})");
            Assert.InRange(row.CoveredAreaShare, (double)covered / inside - 0.02, (double)covered / inside + 0.02);
        }
    }

    [Fact]
    public async Task Uncovered_area_is_farther_than_the_radius_from_every_site()
    {
        var level = Store.Dataset.LifeCircles.Level("5min")!;
        var report = await Store.CoverageAsync(new CoverageRequest("kindergarten", level));
        Assert.Equal(4326, report.Uncovered.SRID);
        Assert.True(report.Uncovered.IsValid);
        Assert.False(report.Uncovered.IsEmpty);

        var uncoveredMetric = MetricProjection.ToMetric(report.Uncovered);
        var outline = MetricProjection.ToMetric(NetTopologySuite.Operation.Union.UnaryUnionOp.Union(
            Store.Dataset.Communities.Select(c => c.Geometry).ToList()));
        Assert.Equal(1 - report.Total.CoveredAreaShare, uncoveredMetric.Area / outline.Area, 3);

        var kindergartens = Store.Dataset.Sites.Where(s => s.Category == "kindergarten").ToList();
        var random = new Random(5);
        var env = report.Uncovered.EnvelopeInternal;
        var checkedPoints = 0;
        while (checkedPoints < 300)
        {
            var lon = env.MinX + random.NextDouble() * env.Width;
            var lat = env.MinY + random.NextDouble() * env.Height;
            if (!report.Uncovered.Contains(new Point(lon, lat)))
            {
                continue;
            }
            checkedPoints++;
            var nearest = kindergartens.Min(s => Geodesic.Distance(lon, lat, s.Geometry.X, s.Geometry.Y));
            Assert.True(nearest > level.RadiusM * 0.999, $"({lon}, {lat}) is in the gap but {nearest:0.0} m from a kindergarten");
        }
    }

    [Fact]
    public async Task A_category_without_sites_covers_nobody()
    {
        var level = Store.Dataset.LifeCircles.Level("15min")!;
        var report = await Store.CoverageAsync(new CoverageRequest("no_such_category", level));
        Assert.Equal(0, report.SiteCount);
        Assert.Equal(0, report.Total.CoveredPopulation);
        Assert.All(report.Communities, c => Assert.Null(c.NearestSiteM));
        Assert.Equal(0, report.Total.CoveredAreaShare);
        var street = Store.Dataset.Communities.Sum(c => MetricProjection.ToMetric(c.Geometry).Area);
        Assert.Equal(1.0, MetricProjection.ToMetric(report.Uncovered).Area / street, 6);
    }

    [Fact]
    public async Task Planned_sites_only_add_coverage()
    {
        var level = Store.Dataset.LifeCircles.Level("5min")!;
        var existing = await Store.CoverageAsync(new CoverageRequest("kindergarten", level, SiteStatusFilter.Existing));
        var all = await Store.CoverageAsync(new CoverageRequest("kindergarten", level, SiteStatusFilter.All));
        Assert.True(all.Total.CoveredPopulation >= existing.Total.CoveredPopulation);
        foreach (var (before, after) in existing.Communities.Zip(all.Communities))
        {
            Assert.True(after.CoveredPopulation >= before.CoveredPopulation, before.CommunityId);
        }
    }
}
