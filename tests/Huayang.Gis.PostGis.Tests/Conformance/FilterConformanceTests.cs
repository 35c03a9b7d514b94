using System.Globalization;
using Huayang.Gis.Core.Crs;
using Huayang.Gis.Core.Filtering;
using Huayang.Gis.Core.Model;
using Huayang.Gis.Core.Store;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using Huayang.Gis.PostGis.Tests.Loading;
using Npgsql;

namespace Huayang.Gis.PostGis.Tests.Conformance;

/// <summary>
/// OGC API – Features Part 3 on both stores: a table of CQL2 filters (every operator, Chinese strings, nulls, spatial
/// literals in several filter CRSs) and sort orders must select the same ids in the same order from the in-memory and
/// the PostGIS store, and the ids a brute-force predicate written beside each filter selects from every feature.
/// </summary>
public sealed class FilterConformanceTests(BothStores stores) : IClassFixture<BothStores>
{
    /// <summary>One row: the filter, how it is written, and what it must select, worked out by hand in C#.</summary>
    public sealed record Case(string Layer, string Filter, Func<IFeature, bool> Expected, string? SortBy = null,
        Func<IEnumerable<IFeature>, IEnumerable<IFeature>>? Order = null, FilterLanguage Language = FilterLanguage.Cql2Text, string? Crs = null)
    {
        public override string ToString() => $"{Layer}: {Filter}{(SortBy is null ? "" : " sortby " + SortBy)}{(Crs is null ? "" : " in " + Crs)}";
    }

    private static readonly Point Centre = new(104.062, 30.49) { SRID = 4326 };
    private static readonly Polygon Box = Rectangle(104.04, 30.47, 104.07, 30.50);

    public static TheoryData<Case> Cases()
    {
        var gk = MetricProjection.ToMetric(Centre.X, Centre.Y);
        var mercator = CoordinateTransformer.Transform(104.04, 30.47, CrsId.Crs84, CrsId.WebMercator);
        var mercatorHigh = CoordinateTransformer.Transform(104.07, 30.50, CrsId.Crs84, CrsId.WebMercator);
        var line = "LINESTRING(104.03 30.46, 104.09 30.52)";
        var diagonal = Geometry(line);
        return new()
        {
            new(Layers.Sites, "category = 'kindergarten'", f => S(f, "category") == "kindergarten"),
            new(Layers.Sites, "category <> 'kindergarten'", f => S(f, "category") != "kindergarten"),
            new(Layers.Sites, "capacity > 300", f => N(f, "capacity") > 300),
            new(Layers.Sites, "capacity >= 300", f => N(f, "capacity") >= 300),
            new(Layers.Sites, "capacity < 100.5", f => N(f, "capacity") < 100.5),
            new(Layers.Sites, "capacity <= 100", f => N(f, "capacity") <= 100),
            new(Layers.Sites, "capacity <> 360", f => N(f, "capacity") is { } c && c != 360),
            new(Layers.Sites, "capacity BETWEEN 100 AND 900", f => N(f, "capacity") is >= 100 and <= 900),
            new(Layers.Sites, "capacity NOT BETWEEN 100 AND 900", f => N(f, "capacity") is { } c && c is < 100 or > 900),
            new(Layers.Sites, "category IN ('park', 'culture', '不存在')", f => S(f, "category") is "park" or "culture"),
            new(Layers.Sites, "category NOT IN ('park', 'culture')", f => S(f, "category") is not ("park" or "culture")),
            new(Layers.Sites, "capacity IN (100, 1500)", f => N(f, "capacity") is 100 or 1500),
            new(Layers.Sites, "capacity IS NULL", f => N(f, "capacity") is null),
            new(Layers.Sites, "capacity IS NOT NULL AND status = 'planned'", f => N(f, "capacity") is not null && S(f, "status") == "planned"),
            new(Layers.Sites, "NOT capacity > 300", f => N(f, "capacity") is { } c && !(c > 300)),
            new(Layers.Sites, "capacity > 300 OR status = 'planned'", f => N(f, "capacity") > 300 || S(f, "status") == "planned"),
            new(Layers.Sites, "name_zh LIKE '%幼儿园'", f => S(f, "name_zh")!.EndsWith("幼儿园", StringComparison.Ordinal)),
            new(Layers.Sites, "name_zh LIKE '华阳%'", f => S(f, "name_zh")!.StartsWith("华阳", StringComparison.Ordinal)),
            new(Layers.Sites, "name_zh NOT LIKE '%学%'", f => !S(f, "name_zh")!.Contains('学', StringComparison.Ordinal)),
            new(Layers.Sites, "name_en LIKE '%School'", f => S(f, "name_en")!.EndsWith("School", StringComparison.Ordinal)),
            new(Layers.Sites, "name_en ILIKE '%SCHOOL%'", f => S(f, "name_en")!.Contains("school", StringComparison.OrdinalIgnoreCase)),
            new(Layers.Sites, "name_en NOT ILIKE 't%' AND name_zh LIKE '%园'",
                f => !S(f, "name_en")!.StartsWith('T') && !S(f, "name_en")!.StartsWith('t') && S(f, "name_zh")!.EndsWith('园')),
            new(Layers.Sites, "name_en LIKE '_i%'", f => S(f, "name_en")!.Length > 1 && S(f, "name_en")![1] == 'i'),
            new(Layers.Sites, "name_zh > '天' AND name_zh < '学'",
                f => string.CompareOrdinal(S(f, "name_zh"), "天") > 0 && string.CompareOrdinal(S(f, "name_zh"), "学") < 0),
            new(Layers.Sites, "plan_element = 'zone-health-sports' OR plan_element IS NULL",
                f => S(f, "plan_element") is null or "zone-health-sports"),
            new(Layers.Sites, "NOT (plan_element = 'zone-health-sports')", f => S(f, "plan_element") is { } p && p != "zone-health-sports"),
            new(Layers.Sites, "id = 'site-talent-hub'", f => S(f, "id") == "site-talent-hub"),
            new(Layers.Sites, "TRUE AND community_id = 'tianhua'", f => S(f, "community_id") == "tianhua"),
            new(Layers.Sites, """{"op":"and","args":[{"op":"=","args":[{"property":"status"},"existing"]},{"op":"<","args":[{"property":"capacity"},200]}]}""",
                f => S(f, "status") == "existing" && N(f, "capacity") < 200, Language: FilterLanguage.Cql2Json),
            new(Layers.Sites, """{"op":"s_within","args":[{"property":"geometry"},{"bbox":[104.04,30.47,104.07,30.5]}]}""",
                f => f.Geometry.Within(Box), Language: FilterLanguage.Cql2Json),
            new(Layers.Sites, "S_INTERSECTS(geometry, POLYGON((104.04 30.47, 104.07 30.47, 104.07 30.50, 104.04 30.50, 104.04 30.47)))",
                f => f.Geometry.Intersects(Box)),
            new(Layers.Sites, "S_WITHIN(geometry, POLYGON((30.47 104.04, 30.47 104.07, 30.50 104.07, 30.50 104.04, 30.47 104.04)))",
                f => f.Geometry.Within(Box), Crs: "http://www.opengis.net/def/crs/EPSG/0/4326"),
            new(Layers.Sites, Inv($"S_INTERSECTS(geometry, BBOX({mercator.X}, {mercator.Y}, {mercatorHigh.X}, {mercatorHigh.Y}))"),
                f => f.Geometry.Intersects(Rectangle(104.04, 30.47, 104.07, 30.50)), Crs: "EPSG:3857"),
            new(Layers.Sites, "S_DISJOINT(geometry, BBOX(104.04, 30.47, 104.07, 30.50)) AND category = 'park'",
                f => f.Geometry.Disjoint(Box) && S(f, "category") == "park"),
            new(Layers.Sites, Inv($"S_DWITHIN(geometry, POINT({gk.Y} {gk.X}), 1500)"),
                f => MetricProjection.ToMetric(f.Geometry).IsWithinDistance(MetricProjection.ToMetric(Centre), 1500), Crs: "EPSG:4544"),
            new(Layers.Sites, "S_EQUALS(geometry, POINT(104.0671877 30.5031571))", f => f.Geometry.EqualsTopologically(Geometry("POINT(104.0671877 30.5031571)"))),
            new(Layers.Plan, "S_INTERSECTS(geometry, MULTIPOLYGON(((104.04 30.47, 104.07 30.47, 104.07 30.50, 104.04 30.47)), ((104.08 30.50, 104.09 30.50, 104.09 30.51, 104.08 30.50))))",
                f => f.Geometry.Intersects(Geometry("MULTIPOLYGON(((104.04 30.47, 104.07 30.47, 104.07 30.50, 104.04 30.47)), ((104.08 30.50, 104.09 30.50, 104.09 30.51, 104.08 30.50)))"))),
            new(Layers.Water, "S_INTERSECTS(geometry, GEOMETRYCOLLECTION(POINT(104.05 30.48), " + line + "))",
                f => f.Geometry.Intersects(Geometry("GEOMETRYCOLLECTION(POINT(104.05 30.48), " + line + ")"))),
            new(Layers.Communities, "population > 10000 AND name_zh LIKE '%社区'", f => N(f, "population") > 10000 && S(f, "name_zh")!.EndsWith("社区", StringComparison.Ordinal)),
            new(Layers.Communities, "households BETWEEN 3000 AND 6000 OR population < 5000",
                f => N(f, "households") is >= 3000 and <= 6000 || N(f, "population") < 5000),
            new(Layers.Communities, "S_CONTAINS(geometry, POINT(104.062 30.49))", f => f.Geometry.Contains(Centre)),
            new(Layers.Communities, "S_INTERSECTS(geometry, " + line + ")", f => f.Geometry.Intersects(diagonal)),
            new(Layers.Communities, "S_TOUCHES(geometry, " + line + ")", f => f.Geometry.Touches(diagonal)),
            new(Layers.Communities, "S_CROSSES(" + line + ", geometry)", f => diagonal.Crosses(f.Geometry)),
            new(Layers.Communities, "S_OVERLAPS(geometry, POLYGON((104.04 30.47, 104.07 30.47, 104.07 30.50, 104.04 30.50, 104.04 30.47)))",
                f => f.Geometry.Overlaps(Box)),
            new(Layers.Roads, "class = 'arterial' AND S_CROSSES(geometry, BBOX(104.04, 30.47, 104.07, 30.50))",
                f => S(f, "class") == "arterial" && f.Geometry.Crosses(Box)),
            new(Layers.Walkways, "name_zh IS NOT NULL AND kind <> 'street'", f => S(f, "name_zh") is not null && S(f, "kind") != "street"),
            new(Layers.Walkways, "name_zh = name_en OR name_zh IS NULL AND kind = 'bridge'",
                f => (S(f, "name_zh") is { } z && z == S(f, "name_en")) || (S(f, "name_zh") is null && S(f, "kind") == "bridge")),
            new(Layers.Plan, "kind IN ('zone', 'belt')", f => S(f, "kind") is "zone" or "belt"),
            new(Layers.Population, "residents >= 60 AND community_id = 'luhu'", f => N(f, "residents") >= 60 && S(f, "community_id") == "luhu"),
            // Sorting: keys in turn, nulls last both ways, then the id.
            new(Layers.Sites, "status = 'existing'", f => S(f, "status") == "existing", "-capacity",
                fs => fs.OrderBy(f => N(f, "capacity") is null).ThenByDescending(f => N(f, "capacity")).ThenBy(f => S(f, "id"), StringComparer.Ordinal)),
            new(Layers.Sites, "capacity IS NULL OR capacity < 500", f => N(f, "capacity") is null || N(f, "capacity") < 500, "category,-name_zh",
                fs => fs.OrderBy(f => S(f, "category"), StringComparer.Ordinal).ThenByDescending(f => S(f, "name_zh"), StringComparer.Ordinal)
                    .ThenBy(f => S(f, "id"), StringComparer.Ordinal)),
            new(Layers.Communities, "population > 0", f => N(f, "population") > 0, "name_zh",
                fs => fs.OrderBy(f => S(f, "name_zh"), StringComparer.Ordinal).ThenBy(f => S(f, "id"), StringComparer.Ordinal)),
            new(Layers.Walkways, "kind = 'path' OR name_zh IS NOT NULL", f => S(f, "kind") == "path" || S(f, "name_zh") is not null, "+name_en,-id",
                fs => fs.OrderBy(f => S(f, "name_en") is null).ThenBy(f => S(f, "name_en"), StringComparer.Ordinal).ThenByDescending(f => S(f, "id"), StringComparer.Ordinal)),
        };
    }

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public async Task Both_stores_and_brute_force_select_the_same_ids_in_the_same_order(Case row)
    {
        stores.Require();
        var queryables = Queryables.For(LayerRegistry.BuiltIn.Get(row.Layer));
        var filter = FilterParser.Parse(row.Filter, row.Language, queryables, row.Crs is null ? null : FilterCrs.Find(row.Crs)!);
        var sortBy = row.SortBy is null ? null : SortTerm.Parse(row.SortBy, queryables);
        var query = new FeatureQuery(row.Layer, null, [], 0, FeatureQuery.MaxLimit) { Filter = filter, SortBy = sortBy };

        var everything = await stores.Memory.GetFeaturesAsync(row.Layer, null);
        var selected = everything.Where(row.Expected);
        var expected = Ids((row.Order ?? (fs => fs.OrderBy(f => S(f, "id"), StringComparer.Ordinal)))(selected));
        var memory = await stores.Memory.QueryFeaturesAsync(query);
        var postgis = await stores.PostGis.QueryFeaturesAsync(query);
        Assert.Equal(expected, Ids(memory.Features));
        Assert.Equal(expected, Ids(postgis.Features));
        Assert.Equal(expected.Count, memory.NumberMatched);
        Assert.Equal(expected.Count, postgis.NumberMatched);

        // A page in the middle, counted by each store (PostGIS counts in SQL when the page is full).
        var page = query with { Offset = 1, Limit = 2 };
        var memoryPage = await stores.Memory.QueryFeaturesAsync(page);
        var postgisPage = await stores.PostGis.QueryFeaturesAsync(page);
        Assert.Equal(expected.Skip(1).Take(2).ToList(), Ids(memoryPage.Features));
        Assert.Equal(expected.Skip(1).Take(2).ToList(), Ids(postgisPage.Features));
        Assert.Equal(expected.Count, postgisPage.NumberMatched);
    }

    [Fact]
    public void The_table_proves_something()
    {
        var data = LoaderTestData.BundledDataset;
        var counts = Rows().Select(c => data.Layers[c.Layer].Count(c.Expected)).ToList();
        Assert.True(counts.Count >= 30);
        // Most filters select some features but not all of their layer.
        Assert.True(counts.Count(n => n > 0) >= counts.Count - 3, string.Join(", ", counts));
        var whole = Rows().Count(c => data.Layers[c.Layer].All(c.Expected));
        Assert.True(whole <= 3, $"{whole} filters select every feature of their layer");
    }

    private static IEnumerable<Case> Rows() => ((IEnumerable<object[]>)Cases()).Select(c => (Case)c[0]);

    public static TheoryData<double, double, double> Distances => new()
    {
        { 104.0671877, 30.5031571, 300 },
        { 104.062, 30.49, 1234.5 },
        { 104.05, 30.475, 800 },
        { 104.08, 30.51, 2500 },
        { 104.0, 30.4, 100_000 },
    };

    [SkippableTheory]
    [MemberData(nameof(Distances))]
    public async Task Dwithin_agrees_with_postgis_distances_in_epsg_4544(double lon, double lat, double metres)
    {
        stores.Require();
        // Brute force: every site's EPSG:4544 distance to the point, by PostGIS itself.
        var distances = new Dictionary<string, double>(StringComparer.Ordinal);
        await using (var connection = new NpgsqlConnection(stores.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                "SELECT id, ST_Distance(ST_Transform(geom, 4544), ST_Transform(ST_SetSRID(ST_MakePoint($1, $2), 4326), 4544)) FROM huayang.sites",
                connection);
            command.Parameters.Add(new NpgsqlParameter<double> { TypedValue = lon });
            command.Parameters.Add(new NpgsqlParameter<double> { TypedValue = lat });
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                distances[reader.GetString(0)] = reader.GetDouble(1);
            }
        }
        Assert.DoesNotContain(distances.Values, d => Math.Abs(d - metres) < 0.01);
        var expected = distances.Where(d => d.Value <= metres).Select(d => d.Key).Order(StringComparer.Ordinal).ToList();

        var filter = FilterParser.Parse(Inv($"S_DWITHIN(geometry, POINT({lon} {lat}), {metres})"), FilterLanguage.Cql2Text,
            Queryables.For(LayerRegistry.BuiltIn.Get(Layers.Sites)));
        var query = new FeatureQuery(Layers.Sites, null, [], 0, FeatureQuery.MaxLimit) { Filter = filter };
        Assert.Equal(expected, Ids((await stores.Memory.QueryFeaturesAsync(query)).Features));
        Assert.Equal(expected, Ids((await stores.PostGis.QueryFeaturesAsync(query)).Features));
        Assert.NotEmpty(expected);
    }

    [SkippableFact]
    public async Task Counts_are_cached_per_filter_not_per_layer()
    {
        stores.Require();
        var queryables = Queryables.For(LayerRegistry.BuiltIn.Get(Layers.Sites));
        long Count(FeaturePage page) => page.NumberMatched;
        FeatureQuery Query(string filter) => new(Layers.Sites, null, [], 0, 1) { Filter = FilterParser.Parse(filter, FilterLanguage.Cql2Text, queryables) };
        var parks = Count(await stores.PostGis.QueryFeaturesAsync(Query("category = 'park'")));
        var kindergartens = Count(await stores.PostGis.QueryFeaturesAsync(Query("category = 'kindergarten'")));
        Assert.Equal(8, parks);
        Assert.Equal(31, kindergartens);
        Assert.Equal(parks, Count(await stores.PostGis.QueryFeaturesAsync(Query("category = 'park'"))));
    }

    private static List<string> Ids(IEnumerable<IFeature> features) => features.Select(f => S(f, "id")!).ToList();

    private static string? S(IFeature feature, string name) =>
        feature.Attributes.Exists(name) ? feature.Attributes[name] as string : null;

    private static double? N(IFeature feature, string name) =>
        feature.Attributes.Exists(name) ? feature.Attributes[name] switch { long l => l, int i => i, double d => d, _ => null } : null;

    private static Polygon Rectangle(double x1, double y1, double x2, double y2) =>
        new GeometryFactory(new PrecisionModel(), 4326).CreatePolygon(
            [new(x1, y1), new(x2, y1), new(x2, y2), new(x1, y2), new(x1, y1)]);

    private static Geometry Geometry(string wkt) => new NetTopologySuite.IO.WKTReader().Read(wkt);

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
