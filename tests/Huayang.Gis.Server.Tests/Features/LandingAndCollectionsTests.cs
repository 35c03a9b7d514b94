using System.Text.Json;
using Huayang.Gis.Core.Model;

namespace Huayang.Gis.Server.Tests.Features;

/// <summary>The landing page, /conformance, /collections and /api: their shapes and links.</summary>
public sealed class LandingAndCollectionsTests(FeaturesApp app) : IClassFixture<FeaturesApp>
{
    private const string Crs84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";

    /// <summary>The listed collections: the layers, the plan (points, lines and areas) as one collection per geometry family.</summary>
    public static IReadOnlyList<string> Listed { get; } =
        ["communities", "water", "population", "roads", "walkways", "plan-points", "plan-lines", "plan-areas", "sites"];

    [Fact]
    public async Task Landing_page_links_to_the_api_conformance_collections_and_viewer()
    {
        var landing = await app.GetJsonAsync("/");
        Assert.Contains("华阳", landing.GetProperty("title").GetString());
        Assert.Equal("application/json", landing.Link("self")?.GetProperty("type").GetString());
        Assert.Equal("text/html", landing.Link("alternate")?.GetProperty("type").GetString());
        var api = landing.Link("service-desc");
        Assert.Equal("application/vnd.oai.openapi+json;version=3.0", api?.GetProperty("type").GetString());
        Assert.Equal("/api", api?.Relative());
        Assert.NotNull(landing.Link("service-doc", "text/html"));
        Assert.Equal("/conformance", landing.Link("conformance")?.Relative());
        Assert.Equal("/collections", landing.Link("data")?.Relative());
        var viewer = landing.Links().Single(l => l.GetProperty("title").GetString() == "Map viewer");
        Assert.Equal("/viewer/", viewer.Relative());
        var tiles = landing.Links().Single(l => l.GetProperty("title").GetString()!.StartsWith("Vector tiles", StringComparison.Ordinal) && l.GetProperty("rel").GetString() == "related");
        Assert.Equal("/tiles/communities,water,population,roads,walkways,plan,sites.json", tiles.Relative());
        var tileJson = await app.GetJsonAsync(tiles.Relative());
        Assert.Equal("3.0.0", tileJson.GetProperty("tilejson").GetString());
        foreach (var link in landing.Links())
        {
            Assert.StartsWith("http://localhost/", link.GetProperty("href").GetString());
        }
    }

    [Fact]
    public async Task Conformance_declares_core_geojson_html_oas30_crs_filtering_sorting_and_tiles()
    {
        var conformance = await app.GetJsonAsync("/conformance");
        Assert.Equal(
            [
                "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
                "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
                "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
                "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
                "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
                "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
                "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters",
                "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter",
                "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter",
                "http://www.opengis.net/spec/cql2/1.0/conf/cql2-text",
                "http://www.opengis.net/spec/cql2/1.0/conf/cql2-json",
                "http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2",
                "http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators",
                "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions",
                "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions-plus",
                "http://www.opengis.net/spec/cql2/1.0/conf/spatial-functions",
                "http://www.opengis.net/spec/ogcapi-records-1/1.0/conf/sorting",
                "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/core",
                "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/tileset",
                "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/tilesets-list",
                "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/geodata-tilesets",
                "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/dataset-tilesets",
                "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/mvt",
                "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/png",
                "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/oas30",
            ],
            conformance.GetProperty("conformsTo").EnumerateArray().Select(c => c.GetString()));
    }

    [Fact]
    public async Task Collections_are_the_layers_with_the_plan_split_by_geometry_with_names_extent_and_crs()
    {
        var collections = await app.GetJsonAsync("/collections");
        Assert.Equal("/collections?f=json", collections.Link("self")?.Relative());
        var list = collections.GetProperty("collections").EnumerateArray().ToList();
        Assert.Equal(Listed, list.Select(c => c.GetProperty("id").GetString()));
        foreach (var collection in list)
        {
            var id = collection.GetProperty("id").GetString()!;
            Assert.Equal(collection.GetRawText(), (await app.GetJsonAsync($"/collections/{id}")).GetRawText());
            Assert.Matches(@"^\p{IsCJKUnifiedIdeographs}+(（[点线面]）)? [A-Z][a-z]+( \((points|lines|areas)\))?$", collection.GetProperty("title").GetString());
            Assert.Equal("feature", collection.GetProperty("itemType").GetString());
            Assert.Equal(Crs84, collection.GetProperty("storageCrs").GetString());
            Assert.Equal(
                [Crs84, "http://www.opengis.net/def/crs/EPSG/0/4326", "http://www.opengis.net/def/crs/EPSG/0/4490",
                 "http://www.opengis.net/def/crs/EPSG/0/4544", "http://www.opengis.net/def/crs/EPSG/0/3857"],
                collection.GetProperty("crs").EnumerateArray().Select(c => c.GetString()));
            Assert.Equal($"/collections/{id}/items", collection.Link("items", "application/geo+json")?.Relative());
            Assert.Equal($"/collections/{id}/items?f=html", collection.Link("items", "text/html")?.Relative());

            var spatial = collection.GetProperty("extent").GetProperty("spatial");
            Assert.Equal(Crs84, spatial.GetProperty("crs").GetString());
            var bbox = spatial.GetProperty("bbox")[0].EnumerateArray().Select(n => n.GetDouble()).ToArray();
            var expected = new NetTopologySuite.Geometries.Envelope();
            var family = id.StartsWith("plan-", StringComparison.Ordinal) ? GeometryFamilies.FromWord(id[5..]) : null;
            foreach (var feature in (await app.Reference.GetFeaturesAsync(family is null ? id : Layers.Plan, null))
                         .Where(f => family is null || GeometryFamilies.Of(f.Geometry) == family))
            {
                expected.ExpandToInclude(feature.Geometry.EnvelopeInternal);
            }
            Assert.Equal([expected.MinX, expected.MinY, expected.MaxX, expected.MaxY], bbox);
        }
    }

    [Fact]
    public async Task Unknown_collection_is_404_problem_json()
    {
        using var client = app.CreateClient();
        foreach (var path in new[] { "/collections/nope", "/collections/nope/items", "/collections/nope/items/x", "/collections/sites/items/no-such-site" })
        {
            using var response = await client.GetAsync(path);
            Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task Api_is_an_openapi_3_0_document_of_every_endpoint()
    {
        var api = await app.GetJsonAsync("/api");
        Assert.StartsWith("3.0", api.GetProperty("openapi").GetString());
        var paths = api.GetProperty("paths");
        foreach (var path in new[] { "/", "/conformance", "/collections", "/collections/{collectionId}", "/collections/{collectionId}/items", "/collections/{collectionId}/items/{featureId}" })
        {
            Assert.True(paths.TryGetProperty(path, out var item), $"/api has no {path}");
            Assert.True(item.TryGetProperty("get", out _));
        }
        var parameters = paths.GetProperty("/collections/{collectionId}/items").GetProperty("get").GetProperty("parameters")
            .EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!);
        Assert.Equal(10_000, parameters["limit"].GetProperty("schema").GetProperty("maximum").GetInt32());
        Assert.Equal(100, parameters["limit"].GetProperty("schema").GetProperty("default").GetInt32());
        foreach (var name in new[] { "bbox", "bbox-crs", "crs", "offset", "datetime", "f", "category", "status", "kind", "community_id" })
        {
            Assert.True(parameters.ContainsKey(name), $"items parameters lack {name}");
        }

        using var client = app.CreateClient();
        var page = await client.GetStringAsync("/api.html");
        Assert.Contains("/collections/{collectionId}/items", page);
    }

    [Theory]
    [InlineData("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "text/html")]
    [InlineData("application/geo+json, application/json", "application/geo+json")]
    [InlineData("*/*", "application/geo+json")]
    [InlineData("text/html;q=0.5, application/json", "application/geo+json")]
    public async Task Accept_chooses_html_or_geojson(string accept, string expected)
    {
        using var client = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/collections/plan/items");
        request.Headers.TryAddWithoutValidation("Accept", accept);
        using var response = await client.SendAsync(request);
        Assert.Equal(expected, response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_f_parameter_wins_over_accept()
    {
        using var client = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/collections?f=json");
        request.Headers.TryAddWithoutValidation("Accept", "text/html");
        using var response = await client.SendAsync(request);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(Listed.Count, document.RootElement.GetProperty("collections").GetArrayLength());
    }

    [Fact]
    public async Task Each_plan_collection_holds_one_geometry_family_and_the_combined_plan_stays_reachable()
    {
        var plan = await app.Reference.GetFeaturesAsync(Layers.Plan, null);
        var seen = new List<string>();
        foreach (var (id, types) in new[] { ("plan-points", "Point"), ("plan-lines", "LineString"), ("plan-areas", "Polygon") })
        {
            var items = await app.GetJsonAsync($"/collections/{id}/items");
            var features = items.GetProperty("features").EnumerateArray().ToList();
            Assert.NotEmpty(features);
            Assert.All(features, f => Assert.Equal(types, f.GetProperty("geometry").GetProperty("type").GetString()));
            Assert.Equal(features.Count, items.GetProperty("numberMatched").GetInt32());
            seen.AddRange(features.Select(f => f.GetProperty("id").GetString()!));
            var first = features[0].GetProperty("id").GetString();
            Assert.Equal(first, (await app.GetJsonAsync($"/collections/{id}/items/{first}")).GetProperty("id").GetString());
        }
        // Together they are the plan, each feature once.
        Assert.Equal(plan.Select(f => (string)f.Attributes["id"]).Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));
        // A feature of another family is not in a view; the combined layer still answers (the viewer and edits use it).
        using var client = app.CreateClient();
        using var wrong = await client.GetAsync("/collections/plan-points/items/axis-tianfu");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, wrong.StatusCode);
        Assert.Equal(plan.Count, (await app.GetJsonAsync("/collections/plan/items")).GetProperty("numberMatched").GetInt32());
        var landing = await app.GetJsonAsync("/");
        Assert.Contains("plan-points, plan-lines, plan-areas", landing.GetProperty("description").GetString(), StringComparison.Ordinal);
    }
}
