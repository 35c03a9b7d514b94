using Huayang.Gis.Core.Analysis;
using Huayang.Gis.Core.Model;
using Huayang.Gis.Core.Store;
using Huayang.Gis.Tests.Support;
using NetTopologySuite.Geometries;

namespace Huayang.Gis.PostGis.Tests.Conformance;

/// <summary>
/// The store-conformance suite: every query against the in-memory store and the PostGIS store over
/// the bundled data, at 1,000 random positions, must give identical ids in identical order, distances
/// within 1 cm and coverage figures within 0.1%.
/// </summary>
public sealed class StoreConformanceTests(BothStores stores) : IClassFixture<BothStores>
{
    private const int QueryPoints = 1000;
    private const double Centimetre = 0.01;

    private static readonly string?[] Categories =
        [null, "kindergarten", "primary_school", "middle_school", "park", "health_centre", "international_school", "sports_town"];

    [SkippableFact]
    public async Task Nearest_sites_agree()
    {
        stores.Require();
        var random = new Random(1);
        foreach (var (lon, lat) in Positions(random))
        {
            var k = random.Next(1, 8);
            var category = Categories[random.Next(Categories.Length)];
            AssertSame(
                await stores.Memory.NearestSitesAsync(lon, lat, k, category),
                await stores.PostGis.NearestSitesAsync(lon, lat, k, category),
                $"nearest k={k} category={category} at ({lon}, {lat})");
        }
    }

    [SkippableFact]
    public async Task Sites_within_agree()
    {
        stores.Require();
        var random = new Random(2);
        var found = 0;
        foreach (var (lon, lat) in Positions(random))
        {
            var radius = random.NextDouble() * 1500;
            var category = Categories[random.Next(Categories.Length)];
            AssertSame(
                await stores.Memory.SitesWithinAsync(lon, lat, radius, category),
                await stores.PostGis.SitesWithinAsync(lon, lat, radius, category),
                $"within {radius} m category={category} at ({lon}, {lat})");
            var any = await stores.Memory.SitesWithinAsync(lon, lat, radius, null);
            AssertSame(any, await stores.PostGis.SitesWithinAsync(lon, lat, radius, null), $"within {radius} m at ({lon}, {lat})");
            found += any.Count > 0 ? 1 : 0;
        }
        Assert.True(found > QueryPoints / 2, $"only {found} of {QueryPoints} queries found a site: too few to prove anything");
    }

    [SkippableFact]
    public async Task Community_at_a_point_agrees()
    {
        stores.Require();
        var random = new Random(3);
        var inside = 0;
        foreach (var (lon, lat) in Positions(random))
        {
            var memory = await stores.Memory.CommunityAtAsync(lon, lat);
            var postgis = await stores.PostGis.CommunityAtAsync(lon, lat);
            Assert.Equal(memory?.Id, postgis?.Id);
            if (memory is not null)
            {
                inside++;
                Assert.NotNull(postgis);
                Assert.Equal(memory, postgis with { Geometry = memory.Geometry });
                Assert.Equal(memory.Geometry, postgis.Geometry, GeometryAssert.ExactWithin(1e-9));
            }
        }
        Assert.InRange(inside, QueryPoints / 3, QueryPoints);
    }

    [SkippableFact]
    public async Task Features_by_bbox_agree_on_every_layer()
    {
        stores.Require();
        var random = new Random(4);
        foreach (var layer in Layers.All)
        {
            await AssertSameFeatures(layer, null);
            foreach (var (lon, lat) in Positions(random).Take(40))
            {
                await AssertSameFeatures(layer, new Envelope(lon, lon + random.NextDouble() * 0.03, lat, lat + random.NextDouble() * 0.03));
            }
        }
    }

    [SkippableFact]
    public async Task Unknown_layer_is_refused_by_both()
    {
        stores.Require();
        await Assert.ThrowsAsync<UnknownLayerException>(() => stores.Memory.GetFeaturesAsync("sites; DROP TABLE x", null));
        await Assert.ThrowsAsync<UnknownLayerException>(() => stores.PostGis.GetFeaturesAsync("sites; DROP TABLE x", null));
    }

    [SkippableFact]
    public async Task Life_circles_agree()
    {
        stores.Require();
        var memory = (await stores.Memory.GetStateAsync()).LifeCircles;
        var postgis = (await stores.PostGis.GetStateAsync()).LifeCircles;
        Assert.Equal(memory.Standard, postgis.Standard);
        Assert.Equal(memory.Categories, postgis.Categories);
        Assert.Equal(memory.Levels.Count, postgis.Levels.Count);
        foreach (var (a, b) in memory.Levels.Zip(postgis.Levels))
        {
            Assert.Equal(a with { RequiredCategories = [] }, b with { RequiredCategories = [] });
            Assert.Equal(a.RequiredCategories, b.RequiredCategories);
        }
    }

    public static TheoryData<string, string, SiteStatusFilter> CoverageQuestions()
    {
        var data = new TheoryData<string, string, SiteStatusFilter>();
        foreach (var category in new[] { "kindergarten", "primary_school", "middle_school", "health_centre", "elderly_care", "community_service", "culture", "sports", "park", "international_school", "no_such_category" })
        {
            foreach (var level in new[] { "5min", "10min", "15min" })
            {
                data.Add(category, level, SiteStatusFilter.All);
            }
            data.Add(category, "10min", SiteStatusFilter.Existing);
            data.Add(category, "15min", SiteStatusFilter.Planned);
        }
        return data;
    }

    [SkippableTheory]
    [MemberData(nameof(CoverageQuestions))]
    public async Task Coverage_agrees(string category, string level, SiteStatusFilter status)
    {
        stores.Require();
        var request = new CoverageRequest(category, stores.Memory.Dataset.LifeCircles.Level(level)!, status);
        var memory = await stores.Memory.CoverageAsync(request);
        var postgis = await stores.PostGis.CoverageAsync(request);

        Assert.Equal(memory.SiteCount, postgis.SiteCount);
        Assert.Equal(memory.RadiusM, postgis.RadiusM);
        Assert.Equal(memory.Communities.Select(c => c.CommunityId), postgis.Communities.Select(c => c.CommunityId));
        foreach (var (a, b) in memory.Communities.Zip(postgis.Communities))
        {
            Assert.Equal(a.Population, b.Population);
            Assert.InRange(b.CoveredPopulation, a.CoveredPopulation - 0.001 * a.Population, a.CoveredPopulation + 0.001 * a.Population);
            Assert.Equal(a.CoveredAreaShare, b.CoveredAreaShare, 0.001);
            if (a.NearestSiteM is null)
            {
                Assert.Null(b.NearestSiteM);
            }
            else
            {
                Assert.Equal(a.NearestSiteM!.Value, b.NearestSiteM!.Value, Centimetre);
            }
        }
        Assert.Equal(memory.Total.Population, postgis.Total.Population);
        Assert.Equal(memory.Total.CoveredShare, postgis.Total.CoveredShare, 0.001);
        Assert.Equal(memory.Total.CoveredAreaShare, postgis.Total.CoveredAreaShare, 0.001);
        Assert.Equal(4326, postgis.Uncovered.SRID);
        var area = (Geometry g) => Core.Crs.MetricProjection.ToMetric(g).Area;
        Assert.Equal(area(memory.Uncovered), area(postgis.Uncovered), Math.Max(1.0, area(memory.Uncovered) * 0.001));
    }

    public static TheoryData<string, string> FeatureQueries() => new()
    {
        { Layers.Sites, "" },
        { Layers.Sites, "category=kindergarten" },
        { Layers.Sites, "status=planned" },
        { Layers.Sites, "category=primary_school&status=existing" },
        { Layers.Sites, "capacity=270" },
        { Layers.Sites, "capacity=null" },
        { Layers.Sites, "category=no_such_category" },
        { Layers.Sites, "no_such_property=1" },
        { Layers.Plan, "kind=zone" },
        { Layers.Population, "" },
        { Layers.Population, "community_id=luhu" },
        { Layers.Population, "residents=52" },
        { Layers.Communities, "" },
        { Layers.Walkways, "" },
        { Layers.Water, "" },
        { Layers.Roads, "" },
    };

    [SkippableTheory]
    [MemberData(nameof(FeatureQueries))]
    public async Task Feature_pages_and_counts_agree(string layer, string filterText)
    {
        stores.Require();
        var filters = filterText.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('='))
            .Select(pair => KeyValuePair.Create(pair[0], pair[1]))
            .ToList();
        var random = new Random(5);
        var boxes = new List<Envelope?> { null };
        boxes.AddRange(Positions(random).Take(6).Select(p => (Envelope?)new Envelope(p.Lon, p.Lon + 0.02, p.Lat, p.Lat + 0.02)));
        foreach (var bbox in boxes)
        {
            var all = await stores.Memory.GetFeaturesAsync(layer, bbox);
            foreach (var limit in new[] { 1, 7, 100, 10_000 })
            {
                var seen = new List<object?>();
                for (long offset = 0; ; offset += limit)
                {
                    var query = new FeatureQuery(layer, bbox, filters, offset, limit);
                    var memory = await stores.Memory.QueryFeaturesAsync(query);
                    var postgis = await stores.PostGis.QueryFeaturesAsync(query);
                    var question = $"{layer} {filterText} bbox={bbox} offset={offset} limit={limit}";
                    Assert.True(memory.NumberMatched == postgis.NumberMatched,
                        $"{question}: in-memory matched {memory.NumberMatched}, PostGIS {postgis.NumberMatched}");
                    Assert.Equal(memory.Features.Select(f => f.Attributes["id"]), postgis.Features.Select(f => f.Attributes["id"]));
                    // A second ask may be answered from the count cache; it must not differ.
                    Assert.Equal(postgis.NumberMatched, (await stores.PostGis.QueryFeaturesAsync(query)).NumberMatched);
                    seen.AddRange(memory.Features.Select(f => f.Attributes["id"]));
                    if (memory.Features.Count < limit || (limit == 1 && seen.Count >= 40))
                    {
                        break;
                    }
                }
                if (filters.Count == 0 && (limit > 1 || all.Count < 40))
                {
                    Assert.Equal(all.Select(f => f.Attributes["id"]), seen);
                }
            }
        }
    }

    [SkippableFact]
    public async Task Pages_past_the_end_are_empty_and_still_counted()
    {
        stores.Require();
        var total = (await stores.Memory.GetFeaturesAsync(Layers.Sites, null)).Count;
        foreach (var offset in new long[] { total - 1, total, total + 1, 1_000_000_000_000 })
        {
            var query = new FeatureQuery(Layers.Sites, null, [], offset, 10);
            var memory = await stores.Memory.QueryFeaturesAsync(query);
            var postgis = await stores.PostGis.QueryFeaturesAsync(query);
            Assert.Equal(total, memory.NumberMatched);
            Assert.Equal(total, postgis.NumberMatched);
            Assert.Equal(memory.Features.Select(f => f.Attributes["id"]), postgis.Features.Select(f => f.Attributes["id"]));
        }
    }

    [SkippableFact]
    public async Task Hostile_filters_match_nothing_in_either_store()
    {
        stores.Require();
        foreach (var (name, value) in new[] { ("category", "' OR 1=1 --"), ("name_zh'); DROP TABLE huayang.sites; --", "x"), ("id", "站点😀"), ("category", "park\0"), ("cate\0gory", "park") })
        {
            var query = new FeatureQuery(Layers.Sites, null, [KeyValuePair.Create(name, value)], 0, 10);
            Assert.Equal(0, (await stores.Memory.QueryFeaturesAsync(query)).NumberMatched);
            Assert.Equal(0, (await stores.PostGis.QueryFeaturesAsync(query)).NumberMatched);
        }
        Assert.Equal(134, (await stores.PostGis.DescribeLayerAsync(Layers.Sites)).Count);
    }

    [SkippableFact]
    public async Task Bad_pages_are_refused_by_both()
    {
        stores.Require();
        foreach (var (offset, limit) in new[] { (-1L, 10), (0L, 0), (0L, FeatureQuery.MaxLimit + 1) })
        {
            var query = new FeatureQuery(Layers.Sites, null, [], offset, limit);
            await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => stores.Memory.QueryFeaturesAsync(query));
            await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => stores.PostGis.QueryFeaturesAsync(query));
        }
        var unknown = new FeatureQuery("sites; DROP TABLE x", null, [], 0, 10);
        await Assert.ThrowsAsync<UnknownLayerException>(() => stores.Memory.QueryFeaturesAsync(unknown));
        await Assert.ThrowsAsync<UnknownLayerException>(() => stores.PostGis.QueryFeaturesAsync(unknown));
    }

    [SkippableFact]
    public async Task Features_by_id_agree()
    {
        stores.Require();
        foreach (var layer in Layers.All)
        {
            foreach (var feature in (await stores.Memory.GetFeaturesAsync(layer, null)).Take(25))
            {
                var id = (string)feature.Attributes["id"];
                var memory = await stores.Memory.GetFeatureAsync(layer, id);
                var postgis = await stores.PostGis.GetFeatureAsync(layer, id);
                Assert.NotNull(memory);
                Assert.NotNull(postgis);
                Assert.Equal(memory.Geometry, postgis.Geometry, GeometryAssert.ExactWithin(1e-9));
                Assert.Equal(memory.Attributes.GetNames().Order(StringComparer.Ordinal), postgis.Attributes.GetNames().Order(StringComparer.Ordinal));
            }
            Assert.Null(await stores.Memory.GetFeatureAsync(layer, "no-such-id"));
            Assert.Null(await stores.PostGis.GetFeatureAsync(layer, "no-such-id"));
            Assert.Null(await stores.Memory.GetFeatureAsync(layer, "nul\0id"));
            Assert.Null(await stores.PostGis.GetFeatureAsync(layer, "nul\0id"));
        }
    }

    [SkippableFact]
    public async Task Layer_summaries_agree()
    {
        stores.Require();
        foreach (var layer in Layers.All)
        {
            var memory = await stores.Memory.DescribeLayerAsync(layer);
            var postgis = await stores.PostGis.DescribeLayerAsync(layer);
            Assert.Equal(memory.Layer, postgis.Layer);
            Assert.Equal(memory.Count, postgis.Count);
            Assert.Equal(memory.PropertyNames, postgis.PropertyNames);
            Assert.NotNull(memory.Extent);
            Assert.NotNull(postgis.Extent);
            // ST_Extent is single precision: within 1e-5 degrees (about a metre), never smaller.
            Assert.Equal(memory.Extent.MinX, postgis.Extent.MinX, 1e-5);
            Assert.Equal(memory.Extent.MaxY, postgis.Extent.MaxY, 1e-5);
            Assert.True(postgis.Extent.Covers(memory.Extent), $"{layer}: {postgis.Extent} does not cover {memory.Extent}");
            Assert.Equal(memory.Families, postgis.Families);
            foreach (var family in memory.Families)
            {
                Assert.Equal(memory.ByFamily[family].Count, postgis.ByFamily[family].Count);
                Assert.True(postgis.ByFamily[family].Extent.Covers(memory.ByFamily[family].Extent), $"{layer} {family}: extent");
                Assert.Equal(memory.ByFamily[family].Extent.MinX, postgis.ByFamily[family].Extent.MinX, 1e-5);
            }
        }
        // The plan mixes all three families; the other layers have one each (brute force over the features).
        foreach (var layer in Layers.All)
        {
            var families = (await stores.Memory.GetFeaturesAsync(layer, null)).Select(f => GeometryFamilies.Of(f.Geometry)!.Value).Distinct().Order();
            Assert.Equal(families, (await stores.PostGis.DescribeLayerAsync(layer)).Families);
        }
        Assert.Equal([GeometryFamily.Points, GeometryFamily.Lines, GeometryFamily.Areas], (await stores.PostGis.DescribeLayerAsync(Layers.Plan)).Families);
    }

    [SkippableTheory]
    [InlineData(GeometryFamily.Points)]
    [InlineData(GeometryFamily.Lines)]
    [InlineData(GeometryFamily.Areas)]
    public async Task Pages_of_one_geometry_family_agree(GeometryFamily family)
    {
        stores.Require();
        var expected = (await stores.Memory.GetFeaturesAsync(Layers.Plan, null)).Where(f => GeometryFamilies.Of(f.Geometry) == family)
            .Select(f => f.Attributes["id"]).ToList();
        Assert.NotEmpty(expected);
        foreach (var limit in new[] { 1, 100 })
        {
            var query = new FeatureQuery(Layers.Plan, null, [], 0, limit) { Family = family };
            var memory = await stores.Memory.QueryFeaturesAsync(query);
            var postgis = await stores.PostGis.QueryFeaturesAsync(query);
            Assert.Equal(expected.Count, memory.NumberMatched);
            Assert.Equal(expected.Count, postgis.NumberMatched);
            Assert.Equal(expected.Take(limit), memory.Features.Select(f => f.Attributes["id"]));
            Assert.Equal(expected.Take(limit), postgis.Features.Select(f => f.Attributes["id"]));
            // The count cache keys on the family: the whole layer's count is another answer.
            Assert.Equal(7, (await stores.PostGis.QueryFeaturesAsync(query with { Family = null })).NumberMatched);
        }
    }

    private async Task AssertSameFeatures(string layer, Envelope? bbox)
    {
        var memory = await stores.Memory.GetFeaturesAsync(layer, bbox);
        var postgis = await stores.PostGis.GetFeaturesAsync(layer, bbox);
        Assert.Equal(memory.Select(f => f.Attributes["id"]), postgis.Select(f => f.Attributes["id"]));
        foreach (var (a, b) in memory.Zip(postgis))
        {
            Assert.True(a.Geometry.EqualsExact(b.Geometry, 1e-9), $"{layer} {a.Attributes["id"]}: geometry differs");
            Assert.Equal(4326, b.Geometry.SRID);
            foreach (var name in a.Attributes.GetNames())
            {
                Assert.Equal(a.Attributes[name], b.Attributes[name]);
            }
        }
    }

    private static void AssertSame(IReadOnlyList<SiteDistance> memory, IReadOnlyList<SiteDistance> postgis, string question)
    {
        Assert.True(memory.Select(s => s.Site.Id).SequenceEqual(postgis.Select(s => s.Site.Id)),
            $"{question}: in-memory [{string.Join(", ", memory.Select(s => $"{s.Site.Id} {s.DistanceM:0.000}"))}] " +
            $"PostGIS [{string.Join(", ", postgis.Select(s => $"{s.Site.Id} {s.DistanceM:0.000}"))}]");
        foreach (var (a, b) in memory.Zip(postgis))
        {
            Assert.Equal(a.DistanceM, b.DistanceM, Centimetre);
            Assert.Equal(a.Site with { Geometry = b.Site.Geometry }, b.Site);
            Assert.Equal(a.Site.Geometry, b.Site.Geometry, GeometryAssert.ExactWithin(1e-9));
        }
    }

    private IEnumerable<(double Lon, double Lat)> Positions(Random random)
    {
        var extent = new Envelope();
        foreach (var community in stores.Memory.Dataset.Communities)
        {
            extent.ExpandToInclude(community.Geometry.EnvelopeInternal);
        }
        extent.ExpandBy(0.01);
        for (var i = 0; i < QueryPoints; i++)
        {
            yield return (extent.MinX + random.NextDouble() * extent.Width, extent.MinY + random.NextDouble() * extent.Height);
        }
    }
}
