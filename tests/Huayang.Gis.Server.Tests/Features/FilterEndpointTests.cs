using System.Net;
using System.Text.Json;
using Huayang.Gis.Core.Model;

namespace Huayang.Gis.Server.Tests.Features;

/// <summary>Part 3 over HTTP: queryables, filter (text and JSON, filter-crs), sortby and properties; bad ones are 400s that point.</summary>
public sealed class FilterEndpointTests(FeaturesApp app) : IClassFixture<FeaturesApp>
{
    [Fact]
    public async Task Queryables_are_a_json_schema_of_the_layer_fields()
    {
        using var client = app.CreateClient();
        using var response = await client.GetAsync("/collections/sites/queryables");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/schema+json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var schema = document.RootElement;
        Assert.Equal("https://json-schema.org/draft/2020-12/schema", schema.GetProperty("$schema").GetString());
        Assert.Equal("http://localhost/collections/sites/queryables", schema.GetProperty("$id").GetString());
        Assert.Equal("object", schema.GetProperty("type").GetString());
        Assert.False(schema.GetProperty("additionalProperties").GetBoolean());
        var properties = schema.GetProperty("properties");
        Assert.Equal(
            ["id", "name_zh", "name_en", "category", "status", "capacity", "plan_element", "community_id", "geometry"],
            properties.EnumerateObject().Select(p => p.Name));
        Assert.Equal("integer", properties.GetProperty("capacity").GetProperty("type").GetString());
        Assert.Equal(["existing", "planned"], properties.GetProperty("status").GetProperty("enum").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal("geometry-point", properties.GetProperty("geometry").GetProperty("format").GetString());
        Assert.False(properties.GetProperty("geometry").TryGetProperty("type", out _));
    }

    [Fact]
    public async Task Each_collection_links_to_its_queryables_and_they_have_a_page()
    {
        var collection = await app.GetJsonAsync("/collections/plan");
        var link = collection.Link("http://www.opengis.net/def/rel/ogc/1.0/queryables");
        Assert.Equal("application/schema+json", link?.GetProperty("type").GetString());
        var schema = await app.GetJsonAsync(link!.Value.Relative());
        Assert.Equal("geometry-any", schema.GetProperty("properties").GetProperty("geometry").GetProperty("format").GetString());

        using var client = app.CreateClient();
        var html = await client.GetStringAsync("/collections/plan/queryables?f=html");
        Assert.Contains("<td>kind</td><td>string</td>", html);
        Assert.Contains("axis, point, belt, zone", html);
        using var unknown = await client.GetAsync("/collections/nope/queryables");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    public static TheoryData<string, string> SameAnswers => new()
    {
        // Each filter, and a question the embedded store answers without it.
        { "filter=category%20%3D%20%27kindergarten%27", "category=kindergarten" },
        { "filter-lang=cql2-json&filter=" + Uri.EscapeDataString("""{"op":"=","args":[{"property":"category"},"kindergarten"]}"""), "category=kindergarten" },
        { "filter-lang=cql-text&filter=" + Uri.EscapeDataString("(category = 'park') AND (status = 'existing')"), "category=park&status=existing" },
        { "filter=" + Uri.EscapeDataString("S_INTERSECTS(geometry, BBOX(30.47, 104.04, 30.50, 104.07))") + "&filter-crs=EPSG:4326", "bbox=104.04,30.47,104.07,30.50" },
    };

    [Theory]
    [MemberData(nameof(SameAnswers))]
    public async Task Filters_answer_like_the_simpler_question(string filter, string simpler)
    {
        var filtered = await app.GetJsonAsync($"/collections/sites/items?limit=1000&{filter}");
        var plain = await app.GetJsonAsync($"/collections/sites/items?limit=1000&{simpler}");
        Assert.Equal(Ids(plain), Ids(filtered));
        Assert.NotEmpty(Ids(filtered));
        Assert.Equal(plain.GetProperty("numberMatched").GetInt64(), filtered.GetProperty("numberMatched").GetInt64());
    }

    [Fact]
    public async Task Paging_links_keep_the_filter_and_sort()
    {
        var first = await app.GetJsonAsync("/collections/sites/items?limit=5&filter=capacity%20IS%20NOT%20NULL&sortby=-capacity");
        var next = first.Link("next")!.Value.Relative();
        Assert.Contains("filter=capacity%20IS%20NOT%20NULL", next);
        Assert.Contains("sortby=-capacity", next);
        var second = await app.GetJsonAsync(next);
        var all = await app.GetJsonAsync("/collections/sites/items?limit=10&filter=capacity%20IS%20NOT%20NULL&sortby=-capacity");
        Assert.Equal(Ids(all), [.. Ids(first), .. Ids(second)]);
        var capacities = all.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties").GetProperty("capacity").GetInt32()).ToList();
        Assert.Equal(capacities.OrderDescending(), capacities);
    }

    [Fact]
    public async Task Sortby_orders_by_name_in_code_point_order_then_id()
    {
        var page = await app.GetJsonAsync("/collections/communities/items?sortby=name_zh,-id&limit=100");
        var names = page.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties").GetProperty("name_zh").GetString()!).ToList();
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
        Assert.Equal((await app.Reference.DescribeLayerAsync(Layers.Communities)).Count, names.Count);
    }

    [Fact]
    public async Task Properties_choose_the_returned_fields_and_keep_the_id()
    {
        var page = await app.GetJsonAsync("/collections/sites/items?properties=name_zh,capacity&limit=3");
        foreach (var feature in page.GetProperty("features").EnumerateArray())
        {
            Assert.Equal(["id", "name_zh", "capacity"], feature.GetProperty("properties").EnumerateObject().Select(p => p.Name));
            Assert.Equal(feature.GetProperty("id").GetString(), feature.GetProperty("properties").GetProperty("id").GetString());
        }
        var none = await app.GetJsonAsync("/collections/sites/items?properties=&limit=1");
        Assert.Equal(["id"], none.GetProperty("features")[0].GetProperty("properties").EnumerateObject().Select(p => p.Name));
        using var client = app.CreateClient();
        var html = await client.GetStringAsync("/collections/sites/items?properties=category&f=html&limit=2");
        Assert.Contains("<th>category</th>", html);
        Assert.DoesNotContain("<th>name_zh</th>", html);
    }

    public static TheoryData<string, string, string, int> Refusals => new()
    {
        { "filter=" + Uri.EscapeDataString("category = 'park' AND foo = 1"), "filter", "unknown property 'foo'", 23 },
        { "filter=" + Uri.EscapeDataString("capacity = 'many'"), "filter", "'capacity' is an integer and cannot be compared with the string 'many'", 12 },
        { "filter=" + Uri.EscapeDataString("category = 'park"), "filter", "the string is not closed", 12 },
        { "filter-lang=cql2-json&filter=" + Uri.EscapeDataString("""{"op":"=","args":[{"property":"名称"},"x"]}"""), "filter", "unknown property '名称'", 31 },
        { "sortby=capacity,nope", "sortby", "unknown property 'nope'", 10 },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Bad_filters_are_400_problems_pointing_at_the_position(string query, string parameter, string problem, int position)
    {
        using var client = app.CreateClient();
        using var response = await client.GetAsync($"/collections/sites/items?{query}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var body = document.RootElement;
        Assert.Equal(parameter, body.GetProperty("parameter").GetString());
        Assert.Equal(position, body.GetProperty("position").GetInt32());
        var detail = body.GetProperty("detail").GetString()!;
        Assert.Contains(problem, detail);
        Assert.Contains($"position {position}", detail);
        Assert.Contains("⟨here⟩", detail);
    }

    [Theory]
    [InlineData("filter-lang=cql3", "filter-lang")]
    [InlineData("filter-crs=EPSG:2000&filter=id%20%3D%20%27x%27", "filter-crs")]
    [InlineData("properties=nope", "properties")]
    public async Task Bad_companion_parameters_are_400(string query, string parameter)
    {
        using var client = app.CreateClient();
        using var response = await client.GetAsync($"/collections/sites/items?{query}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(parameter, document.RootElement.GetProperty("parameter").GetString());
    }

    [Fact]
    public async Task The_api_document_lists_the_filter_parameters_with_cql_text_for_gdal()
    {
        var api = await app.GetJsonAsync("/api");
        var parameters = api.GetProperty("paths").GetProperty("/collections/{collectionId}/items").GetProperty("get").GetProperty("parameters")
            .EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!);
        foreach (var name in new[] { "filter", "filter-lang", "filter-crs", "sortby", "properties" })
        {
            Assert.True(parameters.ContainsKey(name), $"no {name} in the items parameters");
        }
        Assert.Equal(["cql2-text", "cql2-json", "cql-text"],
            parameters["filter-lang"].GetProperty("schema").GetProperty("enum").EnumerateArray().Select(v => v.GetString()));
        Assert.True(api.GetProperty("paths").TryGetProperty("/collections/{collectionId}/queryables", out _));
    }

    private static List<string> Ids(JsonElement page) =>
        page.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("id").GetString()!).ToList();
}
