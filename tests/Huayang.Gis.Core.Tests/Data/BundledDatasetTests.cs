using System.Text.Json;
using Huayang.Gis.Core.Model;
using Huayang.Gis.Synthetic;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;
using NetTopologySuite.Operation.Union;

namespace Huayang.Gis.Core.Tests.Data;

/// <summary>The claims <c>data/README.md</c> makes about the bundled dataset, checked on the files themselves.</summary>
public sealed class BundledDatasetTests(BundledDataset data) : IClassFixture<BundledDataset>
{
    private static readonly string[] EverydayCategories =
        ["kindergarten", "primary_school", "middle_school", "health_centre", "elderly_care", "community_service",
         "culture", "sports", "park"];

    [Theory]
    [InlineData(Layers.Communities, "Polygon")]
    [InlineData(Layers.Population, "Point")]
    [InlineData(Layers.Sites, "Point")]
    [InlineData(Layers.Walkways, "LineString")]
    [InlineData(Layers.Water, "Polygon")]
    [InlineData(Layers.Roads, "LineString")]
    [InlineData(Layers.Plan, "LineString|Point|Polygon")]
    public void Every_geometry_is_valid_and_of_the_layer_type(string layer, string types)
    {
        Assert.NotEmpty(data[layer]);
        foreach (var feature in data[layer])
        {
            Assert.Contains(feature.Geometry.GeometryType, types.Split('|'));
            Assert.True(feature.Geometry.IsValid, $"{layer} {Id(feature)} is not valid");
            Assert.Equal(4326, feature.Geometry.SRID);
        }
    }

    [Theory]
    [MemberData(nameof(AllLayers))]
    public void Ids_are_unique_strings_equal_to_the_feature_id_member(string layer)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(data.Directory, layer + ".geojson")));
        var ids = new HashSet<string>();
        foreach (var feature in json.RootElement.GetProperty("features").EnumerateArray())
        {
            var property = feature.GetProperty("properties").GetProperty("id");
            Assert.Equal(JsonValueKind.String, property.ValueKind);
            Assert.Equal(property.GetString(), feature.GetProperty("id").GetString());
            Assert.True(ids.Add(property.GetString()!), $"{layer}: duplicate id {property.GetString()}");
        }

        Assert.Equal(data[layer].Count, ids.Count);
    }

    public static TheoryData<string> AllLayers() => [.. Layers.All];

    [Theory]
    [InlineData(Layers.Communities)]
    [InlineData(Layers.Plan)]
    [InlineData(Layers.Sites)]
    [InlineData(Layers.Water)]
    [InlineData(Layers.Roads)]
    public void Names_are_given_in_both_languages(string layer)
    {
        foreach (var feature in data[layer])
        {
            Assert.False(string.IsNullOrWhiteSpace(feature.Attributes["name_zh"] as string), $"{layer} {Id(feature)}");
            Assert.False(string.IsNullOrWhiteSpace(feature.Attributes["name_en"] as string), $"{layer} {Id(feature)}");
        }
    }

    [Fact]
    public void There_are_28_communities_and_Luhu_International_Community()
    {
        var communities = data[Layers.Communities];
        Assert.Equal(29, communities.Count);
        Assert.Contains(communities, c => Id(c) == "luhu" && (string)c.Attributes["name_zh"] == "麓湖国际社区");
        foreach (var known in new[] { "锦江社区", "清河社区", "二江寺社区", "古城社区", "半边街社区", "河池社区", "白马寺社区", "龙腾社区" })
        {
            var community = Assert.Single(communities, c => (string)c.Attributes["name_zh"] == known);
            Assert.Equal("real", community.Attributes["name_source"]);
        }

        Assert.All(communities, c => Assert.Contains((string)c.Attributes["name_source"], new[] { "real", "invented" }));
    }

    [Fact]
    public void Communities_tile_an_outline_of_38_5_square_kilometres()
    {
        var polygons = data[Layers.Communities].Select(c => c.Geometry).ToList();
        var union = CascadedPolygonUnion.Union(polygons);

        var single = Assert.IsType<Polygon>(union);
        Assert.Equal(0, single.NumInteriorRings);
        double outlineArea = GeodesicArea.SquareMetres(DatasetBuilder.OutlineLonLat());
        double unionArea = GeodesicArea.SquareMetres(union);
        double sumArea = polygons.Sum(GeodesicArea.SquareMetres);
        Assert.InRange(unionArea / outlineArea, 0.9999, 1.0001);
        Assert.InRange(sumArea / unionArea, 0.9999, 1.0001);
        Assert.InRange(unionArea / 1e6, 38.5 * 0.95, 38.5 * 1.05);
    }

    [Fact]
    public void Communities_do_not_overlap()
    {
        var communities = data[Layers.Communities];
        for (int i = 0; i < communities.Count; i++)
        {
            for (int j = i + 1; j < communities.Count; j++)
            {
                var a = communities[i].Geometry;
                var b = communities[j].Geometry;
                if (!a.EnvelopeInternal.Intersects(b.EnvelopeInternal))
                {
                    continue;
                }

                double overlap = GeodesicArea.SquareMetres(a.Intersection(b));
                Assert.True(overlap < 1, $"{Id(communities[i])} and {Id(communities[j])} overlap by {overlap:F2} m²");
            }
        }
    }

    [Fact]
    public void Population_matches_the_census_and_each_community_exactly()
    {
        var communities = data[Layers.Communities];
        int total = communities.Sum(c => Convert.ToInt32(c.Attributes["population"]));
        Assert.InRange(total, 444_000 * 0.99, 444_000 * 1.01);

        var residents = data[Layers.Population]
            .GroupBy(p => (string)p.Attributes["community_id"])
            .ToDictionary(g => g.Key, g => g.Sum(p => Convert.ToInt32(p.Attributes["residents"])));
        Assert.All(data[Layers.Population], p => Assert.True(Convert.ToInt32(p.Attributes["residents"]) >= 1));
        foreach (var community in communities)
        {
            int population = Convert.ToInt32(community.Attributes["population"]);
            Assert.Equal(population, residents.GetValueOrDefault(Id(community)));
            double perHousehold = (double)population / Convert.ToInt32(community.Attributes["households"]);
            Assert.InRange(perHousehold, 2.29, 2.81);
        }

        Assert.Equal(communities.Count, residents.Count);
    }

    [Fact]
    public void Population_points_lie_inside_their_community_and_not_in_water()
    {
        var communities = data[Layers.Communities].ToDictionary(Id, c => PreparedGeometryFactory.Prepare(c.Geometry));
        var water = Water();
        foreach (var cell in data[Layers.Population])
        {
            Assert.True(communities[(string)cell.Attributes["community_id"]].Contains(cell.Geometry), Id(cell));
            Assert.False(water.Intersects(cell.Geometry), $"{Id(cell)} is in the water");
        }
    }

    [Fact]
    public void Plan_is_one_axis_two_points_one_belt_three_zones()
    {
        var plan = data[Layers.Plan];
        var byKind = plan.GroupBy(p => (string)p.Attributes["kind"]).ToDictionary(g => g.Key, g => g.ToList());
        Assert.Equal(["axis", "belt", "point", "zone"], byKind.Keys.Order());
        Assert.All(byKind["axis"], p => Assert.IsType<LineString>(p.Geometry));
        Assert.All(byKind["point"], p => Assert.IsType<Point>(p.Geometry));
        Assert.All(byKind["belt"], p => Assert.IsType<Polygon>(p.Geometry));
        Assert.All(byKind["zone"], p => Assert.IsType<Polygon>(p.Geometry));
        Assert.Equal([1, 2, 1, 3], new[] { "axis", "point", "belt", "zone" }.Select(k => byKind[k].Count));

        var outline = DatasetBuilder.OutlineLonLat().Buffer(1e-5);
        foreach (var element in plan)
        {
            Assert.True(outline.Covers(element.Geometry), $"{Id(element)} leaves the outline");
            Assert.False(string.IsNullOrWhiteSpace(element.Attributes["theme"] as string));
            Assert.Equal(
                "authored reading of 一轴二点、一带三片; the 2019 report does not name the places",
                element.Attributes["interpretation"]);
        }
    }

    [Fact]
    public void Sites_cover_the_life_circle_categories_and_the_named_plan_projects()
    {
        var sites = data[Layers.Sites];
        var known = KnownCategories();
        Assert.True(sites.Count >= 60, $"{sites.Count} sites");
        Assert.All(sites, s => Assert.Contains((string)s.Attributes["category"], known));
        Assert.True(sites.Select(s => s.Attributes["category"]).Distinct().Count() >= 10);

        Assert.Single(sites, s => Is(s, "sports_town") && (string)s.Attributes["name_zh"] == "健康运动小镇");
        Assert.Single(sites, s => Is(s, "culture_arts_centre") && (string)s.Attributes["name_zh"] == "国际社区文化艺术中心");
        Assert.Single(sites, s => Is(s, "talent_service") && ((string)s.Attributes["name_zh"]).Contains("蓉漂人才荟", StringComparison.Ordinal));
        Assert.True(sites.Count(s => Is(s, "international_school")) >= 2);
        Assert.Contains(sites, s => Is(s, "international_services"));
        foreach (var category in EverydayCategories)
        {
            Assert.Contains(sites, s => Is(s, category));
        }

        var planIds = data[Layers.Plan].Select(Id).ToHashSet();
        foreach (var site in sites)
        {
            Assert.Contains((string)site.Attributes["status"], new[] { "existing", "planned" });
            Assert.True(site.Attributes["plan_element"] is null || planIds.Contains((string)site.Attributes["plan_element"]));
            Assert.True(site.Attributes["capacity"] is null || Convert.ToInt32(site.Attributes["capacity"]) > 0);
        }

        double plannedShare = sites.Count(s => (string)s.Attributes["status"] == "planned") / (double)sites.Count;
        Assert.InRange(plannedShare, 0.1, 0.3);
        var served = sites.Where(s => Is(s, "community_service")).Select(s => s.Attributes["community_id"]).ToHashSet();
        Assert.All(data[Layers.Communities], c => Assert.Contains(Id(c), served));
    }

    [Fact]
    public void Sites_lie_strictly_inside_their_community_and_not_in_water()
    {
        var outline = DatasetBuilder.OutlineLonLat();
        var communities = data[Layers.Communities];
        var water = Water();
        foreach (var site in data[Layers.Sites])
        {
            Assert.True(outline.Contains(site.Geometry), $"{Id(site)} is outside the outline");
            Assert.False(water.Intersects(site.Geometry), $"{Id(site)} is in the water");
            var containing = Assert.Single(communities, c => c.Geometry.Contains(site.Geometry));
            Assert.Equal(Id(containing), site.Attributes["community_id"]);
        }
    }

    [Fact]
    public void Walk_network_is_one_connected_graph()
    {
        var walkways = data[Layers.Walkways];
        Assert.All(walkways, w => Assert.Contains((string)w.Attributes["kind"], new[] { "street", "path", "bridge" }));

        var adjacency = new Dictionary<Coordinate, List<Coordinate>>();
        foreach (var line in walkways.Select(w => (LineString)w.Geometry))
        {
            var (a, b) = (line.StartPoint.Coordinate, line.EndPoint.Coordinate);
            adjacency.TryAdd(a, []);
            adjacency.TryAdd(b, []);
            adjacency[a].Add(b);
            adjacency[b].Add(a);
        }

        var seen = new HashSet<Coordinate> { adjacency.Keys.First() };
        var queue = new Queue<Coordinate>(seen);
        while (queue.TryDequeue(out var node))
        {
            foreach (var next in adjacency[node].Where(seen.Add))
            {
                queue.Enqueue(next);
            }
        }

        Assert.Equal(adjacency.Count, seen.Count);
    }

    [Fact]
    public void Walkways_cross_water_only_on_bridges()
    {
        var water = Water();
        foreach (var walkway in data[Layers.Walkways].Where(w => (string)w.Attributes["kind"] != "bridge"))
        {
            Assert.False(water.Intersects(walkway.Geometry), $"{Id(walkway)} ({walkway.Attributes["kind"]}) enters the water");
        }

        var bridges = data[Layers.Walkways].Where(w => (string)w.Attributes["kind"] == "bridge").ToList();
        Assert.All(bridges, b => Assert.False(string.IsNullOrWhiteSpace(b.Attributes["name_zh"] as string)));
        Assert.All(bridges, b => Assert.False(string.IsNullOrWhiteSpace(b.Attributes["name_en"] as string)));
        foreach (var river in data[Layers.Water].Where(w => (string)w.Attributes["kind"] == "river"))
        {
            int crossings = bridges.Where(b => b.Geometry.Intersects(river.Geometry))
                .Select(b => b.Attributes["name_zh"]).Distinct().Count();
            Assert.True(crossings >= 3, $"{Id(river)} has {crossings} bridges");
        }
    }

    [Fact]
    public void Regenerating_at_scale_1_reproduces_the_bundled_files()
    {
        var generated = HuayangDatasetGenerator.Generate(scale: 1);
        foreach (var layer in Layers.All)
        {
            var bundled = File.ReadAllText(Path.Combine(data.Directory, layer + ".geojson"));
            Assert.True(bundled == HuayangDatasetGenerator.Serialize(generated[layer]), $"{layer}.geojson differs from the generator");
        }
    }

    [Fact]
    public void Scale_4_keeps_community_totals_with_four_times_the_cells_and_everyday_sites()
    {
        var larger = HuayangDatasetGenerator.Generate(scale: 4);
        var population = BundledDataset.Parse(HuayangDatasetGenerator.Serialize(larger[Layers.Population]));
        var sites = BundledDataset.Parse(HuayangDatasetGenerator.Serialize(larger[Layers.Sites]));

        var residents = population.GroupBy(p => (string)p.Attributes["community_id"])
            .ToDictionary(g => g.Key, g => g.Sum(p => Convert.ToInt32(p.Attributes["residents"])));
        foreach (var community in data[Layers.Communities])
        {
            Assert.Equal(Convert.ToInt32(community.Attributes["population"]), residents[Id(community)]);
        }

        Assert.InRange(population.Count / (double)data[Layers.Population].Count, 3.8, 4.2);
        int everyday = data[Layers.Sites].Count(s => EverydayCategories.Contains((string)s.Attributes["category"]));
        int everydayLarger = sites.Count(s => EverydayCategories.Contains((string)s.Attributes["category"]));
        Assert.InRange(everydayLarger / (double)everyday, 3.6, 4.0);
        Assert.Equal(data[Layers.Walkways].Count, larger[Layers.Walkways].Count);
        Assert.Equal(data[Layers.Communities].Count, larger[Layers.Communities].Count);
    }

    [Fact]
    public void Scale_100_thins_crowded_communities_but_keeps_their_totals_and_a_resident_in_every_cell()
    {
        // At 10 m cells some communities have more cells than residents (the old generator threw
        // for scale above about 50); those are thinned to one cell per resident, so the cell count
        // falls somewhat short of 100×, while the everyday sites are exactly 100×.
        const int scale = 100;
        var larger = HuayangDatasetGenerator.Generate(scale: scale);
        var population = larger[Layers.Population];

        Assert.All(population, p => Assert.True(Convert.ToInt32(p.Attributes["residents"]) >= 1, Id(p)));
        var residents = population.GroupBy(p => (string)p.Attributes["community_id"])
            .ToDictionary(g => g.Key, g => (Cells: g.Count(), Residents: g.Sum(p => Convert.ToInt32(p.Attributes["residents"]))));
        Assert.Equal(data[Layers.Communities].Count, residents.Count);
        int crowded = 0;
        foreach (var community in data[Layers.Communities])
        {
            int total = Convert.ToInt32(community.Attributes["population"]);
            var (cells, sum) = residents[Id(community)];
            Assert.Equal(total, sum);
            crowded += cells == total ? 1 : 0;
        }

        Assert.InRange(crowded, 1, data[Layers.Communities].Count - 1);
        Assert.InRange(population.Count / (double)data[Layers.Population].Count, 0.9 * scale, 1.05 * scale);
        Assert.Equal(population.Count, population.Select(Id).Distinct().Count());

        // The named sites (some of them in everyday categories) are not multiplied; the drawn ones are.
        int named = HuayangGeography.NamedSites.Length;
        Assert.Equal(scale * (data[Layers.Sites].Count - named), larger[Layers.Sites].Count - named);
        Assert.Equal(data[Layers.Walkways].Count, larger[Layers.Walkways].Count);
        Assert.Equal(data[Layers.Communities].Count, larger[Layers.Communities].Count);
    }

    private static string Id(IFeature feature) => (string)feature.Attributes["id"];

    private static bool Is(IFeature site, string category) => (string)site.Attributes["category"] == category;

    private IPreparedGeometry Water() =>
        PreparedGeometryFactory.Prepare(CascadedPolygonUnion.Union(data[Layers.Water].Select(w => w.Geometry).ToList()));

    private HashSet<string> KnownCategories()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(data.Directory, Layers.LifeCirclesFile)));
        return json.RootElement.GetProperty("categories").EnumerateArray()
            .Select(c => c.GetProperty("id").GetString()!).ToHashSet();
    }
}
