using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Huayang.Gis.Core.Analysis;
using Huayang.Gis.Core.Crs;
using Huayang.Gis.Server.Tests.Support;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using NetTopologySuite.Features;
using NetTopologySuite.Operation.Union;

namespace Huayang.Gis.Server.Tests.Analysis;

/// <summary>
/// <c>/analysis/*</c> in-process over the repository's data: each answer equals the store's and the
/// <c>huayang</c> command's JSON for the same question.
/// </summary>
public sealed class AnalysisEndpointTests(ServerApp app) : IClassFixture<ServerApp>
{
    private readonly HttpClient _http = app.CreateClient();

    [Theory]
    [InlineData("104.05", "30.50", null, "3")]
    [InlineData("104.05", "30.50", "kindergarten", "4")]
    [InlineData("104.0312", "30.4655", "health_centre", "1")]
    [InlineData("104.07", "30.52", null, "1000")]
    public async Task Nearest_is_the_stores_answer_and_the_clis_json(string lon, string lat, string? category, string k)
    {
        var query = $"lon={lon}&lat={lat}&k={k}" + (category is null ? "" : $"&category={category}");
        var json = await GetJsonAsync($"/analysis/nearest?{query}");

        var expected = await RepositoryData.Store.NearestSitesAsync(double.Parse(lon), double.Parse(lat), int.Parse(k), category);
        var rows = json.AsArray();
        Assert.Equal(expected.Select(e => e.Site.Id), rows.Select(r => (string?)r!["id"]));
        foreach (var (row, site) in rows.Zip(expected))
        {
            Assert.Equal(site.Site.NameZh, (string?)row!["name_zh"]);
            Assert.Equal(site.Site.Category, (string?)row["category"]);
            Assert.Equal(site.Site.Status, (string?)row["status"]);
            Assert.Equal(site.DistanceM, (double)row["distance_m"]!, 3);
        }

        string[] cli = ["nearest", "--lon", lon, "--lat", lat, "--k", k, "--format", "json"];
        var cliJson = await HuayangCommand.JsonAsync(category is null ? cli : [.. cli, "--category", category]);
        AssertSameJson(cliJson, json);
    }

    [Theory]
    [InlineData("104.06", "30.49", "800", null)]
    [InlineData("104.05", "30.50", "1500", "park")]
    [InlineData("104.05", "30.50", "0", null)]
    public async Task Within_is_the_stores_answer_and_the_clis_json(string lon, string lat, string radius, string? category)
    {
        var query = $"lon={lon}&lat={lat}&radius_m={radius}" + (category is null ? "" : $"&category={category}");
        var json = await GetJsonAsync($"/analysis/within?{query}");

        var expected = await RepositoryData.Store.SitesWithinAsync(double.Parse(lon), double.Parse(lat), double.Parse(radius), category);
        Assert.Equal(expected.Select(e => e.Site.Id), json.AsArray().Select(r => (string?)r!["id"]));

        string[] cli = ["within", "--lon", lon, "--lat", lat, "--radius-m", radius, "--format", "json"];
        AssertSameJson(await HuayangCommand.JsonAsync(category is null ? cli : [.. cli, "--category", category]), json);
    }

    [Fact]
    public async Task Community_is_the_stores_answer_and_the_clis_json()
    {
        var json = await GetJsonAsync("/analysis/community?lon=104.05&lat=30.5");
        var expected = await RepositoryData.Store.CommunityAtAsync(104.05, 30.5);
        Assert.NotNull(expected);
        Assert.Equal(expected.Id, (string?)json["id"]);
        Assert.Equal(expected.Population, (int)json["population"]!);
        AssertSameJson(await HuayangCommand.JsonAsync("community", "--lon", "104.05", "--lat", "30.5", "--format", "json"), json);
    }

    [Fact]
    public async Task Community_outside_every_community_is_a_404_problem()
    {
        using var response = await _http.GetAsync("/analysis/community?lon=0&lat=0");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Contains("outside every community", (string?)problem["detail"]);
    }

    [Theory]
    [InlineData("kindergarten", "5min", null)]
    [InlineData("health_centre", "15min", "existing")]
    [InlineData("primary_school", "10min", "planned")]
    [InlineData("international_school", "15min", "all")]
    public async Task Coverage_is_the_stores_answer_and_the_clis_json(string category, string level, string? status)
    {
        var json = await GetJsonAsync($"/analysis/coverage?category={category}&level={level}&method=buffer" + (status is null ? "" : $"&status={status}"));

        var filter = status is null ? SiteStatusFilter.All : Enum.Parse<SiteStatusFilter>(status, ignoreCase: true);
        var report = await RepositoryData.Store.CoverageAsync(new(category, RepositoryData.Store.Dataset.LifeCircles.Level(level)!, filter));
        Assert.Equal(report.SiteCount, (int)json["site_count"]!);
        Assert.Equal(AnalysisJson.StatusId(filter), (string?)json["status"]);
        Assert.Equal(report.Total.CoveredPopulation, (int)json["total"]!["covered_population"]!);
        Assert.Equal(report.Communities.Select(c => c.CoveredPopulation), json["communities"]!.AsArray().Select(c => (int)c!["covered_population"]!));

        string[] cli = ["coverage", "--category", category, "--level", level, "--format", "json"];
        AssertSameJson(await HuayangCommand.JsonAsync(status is null ? cli : [.. cli, "--status", status]), json);
    }

    [Theory]
    [InlineData("kindergarten", "5min", "all")]
    [InlineData("park", "10min", "existing")]
    [InlineData("middle_school", "15min", "planned")]
    public async Task Gaps_are_geojson_whose_area_is_the_uncovered_share(string category, string level, string status)
    {
        using var response = await _http.GetAsync($"/analysis/coverage/gaps?category={category}&level={level}&status={status}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/geo+json", response.Content.Headers.ContentType?.MediaType);
        var collection = JsonSerializer.Deserialize<FeatureCollection>(await response.Content.ReadAsStringAsync(), AnalysisJson.GeoJsonOptions)!;

        var uncovered = Assert.Single(collection);
        Assert.Equal("uncovered", uncovered.Attributes["kind"]);
        Assert.Equal(category, uncovered.Attributes["category"]);
        Assert.Equal(level, uncovered.Attributes["level"]);
        Assert.Equal("buffer", uncovered.Attributes["method"]);
        Assert.Equal(RepositoryData.Store.Dataset.LifeCircles.Level(level)!.RadiusM, Convert.ToDouble(uncovered.Attributes["radius_m"]));
        Assert.True(uncovered.Geometry.IsValid);

        var coverage = await GetJsonAsync($"/analysis/coverage?category={category}&level={level}&status={status}");
        var coveredAreaShare = (double)coverage["total"]!["covered_area_share"]!;
        var street = UnaryUnionOp.Union(RepositoryData.Store.Dataset.Communities.Select(c => MetricProjection.ToMetric(c.Geometry)).ToList());
        var uncoveredShare = MetricProjection.ToMetric(uncovered.Geometry).Area / street.Area;
        // covered_area_share is rounded to 6 decimals and the geometry went through WGS84 and back: 2e-6 of the street.
        Assert.Equal(1 - coveredAreaShare, uncoveredShare, tolerance: 2e-6);
    }

    [Fact]
    public async Task Gaps_with_communities_are_the_clis_geojson()
    {
        using var response = await _http.GetAsync("/analysis/coverage/gaps?category=culture&level=15min&communities=true");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var features = json["features"]!.AsArray();
        Assert.Equal(RepositoryData.Store.Dataset.Communities.Count + 1, features.Count);
        Assert.Equal("uncovered", (string?)features[^1]!["properties"]!["kind"]);
        AssertSameJson(await HuayangCommand.JsonAsync("coverage", "--category", "culture", "--level", "15min", "--format", "geojson"), json);
    }

    [Theory]
    [InlineData("/analysis/nearest", "lon", "required")]
    [InlineData("/analysis/nearest?lat=30.5", "lon", "required")]
    [InlineData("/analysis/nearest?lon=&lat=30.5", "lon", "required")]
    [InlineData("/analysis/nearest?lon=abc&lat=30.5", "lon", "\"abc\"")]
    [InlineData("/analysis/nearest?lon=NaN&lat=30.5", "lon", "-180 to 180")]
    [InlineData("/analysis/nearest?lon=Infinity&lat=30.5", "lon", "-180 to 180")]
    [InlineData("/analysis/nearest?lon=-Infinity&lat=30.5", "lon", "-180 to 180")]
    [InlineData("/analysis/nearest?lon=1e308&lat=30.5", "lon", "-180 to 180")]
    [InlineData("/analysis/nearest?lon=99999999999999999999&lat=30.5", "lon", "-180 to 180")]
    [InlineData("/analysis/nearest?lon=180.0001&lat=30.5", "lon", "-180 to 180")]
    [InlineData("/analysis/nearest?lon=104,05&lat=30.5", "lon", "104,05")]
    [InlineData("/analysis/nearest?lon=104.05&lat=30.5&lon=104.06", "lon", "104.05,104.06")]
    [InlineData("/analysis/nearest?lon=104.05", "lat", "required")]
    [InlineData("/analysis/nearest?lon=104.05&lat=-90.5", "lat", "-90 to 90")]
    [InlineData("/analysis/nearest?lon=30.5&lat=104.05", "lat", "swapped")]
    [InlineData("/analysis/nearest?lon=104.05&lat=30.5&k=0", "k", "1 to 1000")]
    [InlineData("/analysis/nearest?lon=104.05&lat=30.5&k=1001", "k", "1 to 1000")]
    [InlineData("/analysis/nearest?lon=104.05&lat=30.5&k=-3", "k", "1 to 1000")]
    [InlineData("/analysis/nearest?lon=104.05&lat=30.5&k=2.5", "k", "integer")]
    [InlineData("/analysis/nearest?lon=104.05&lat=30.5&k=abc", "k", "integer")]
    [InlineData("/analysis/nearest?lon=104.05&lat=30.5&k=99999999999999999999", "k", "integer")]
    [InlineData("/analysis/nearest?lon=104.05&lat=30.5&k=3&k=4", "k", "integer")]
    [InlineData("/analysis/nearest?lon=104.05&lat=30.5&category=bakery", "category", "kindergarten, primary_school")]
    [InlineData("/analysis/nearest?lon=104.05&lat=30.5&category=Kindergarten", "category", "kindergarten, primary_school")]
    [InlineData("/analysis/within?lon=104.05&lat=30.5", "radius_m", "required")]
    [InlineData("/analysis/within?lon=104.05&lat=30.5&radius_m=-1", "radius_m", "0 to 100000")]
    [InlineData("/analysis/within?lon=104.05&lat=30.5&radius_m=NaN", "radius_m", "0 to 100000")]
    [InlineData("/analysis/within?lon=104.05&lat=30.5&radius_m=Infinity", "radius_m", "0 to 100000")]
    [InlineData("/analysis/within?lon=104.05&lat=30.5&radius_m=100000.5", "radius_m", "0 to 100000")]
    [InlineData("/analysis/within?lon=104.05&lat=30.5&radius_m=1e308", "radius_m", "0 to 100000")]
    [InlineData("/analysis/within?lon=104.05&lat=30.5&radius_m=800&category=%27%3B%20DROP%20TABLE%20huayang.sites%3B%20--", "category", "park")]
    [InlineData("/analysis/within?lon=abc&radius_m=800", "lon", "-180 to 180")]
    [InlineData("/analysis/community?lon=104.05&lat=abc", "lat", "-90 to 90")]
    [InlineData("/analysis/community", "lon", "required")]
    [InlineData("/analysis/coverage?level=5min", "category", "required")]
    [InlineData("/analysis/coverage?category=bakery&level=5min", "category", "culture")]
    [InlineData("/analysis/coverage?category=park", "level", "5min, 10min, 15min")]
    [InlineData("/analysis/coverage?category=park&level=20min", "level", "5min, 10min, 15min")]
    [InlineData("/analysis/coverage?category=park&level=5min&method=walking", "method", "buffer (default), network")]
    [InlineData("/analysis/coverage?category=park&level=5min&method=network&off_network_m=-1", "off_network_m", "0 to 5000")]
    [InlineData("/analysis/service-area?category=park&distance_m=0", "distance_m", "each above 0")]
    [InlineData("/analysis/service-area?category=park&distance_m=100,200,300,400,500,600", "distance_m", "1 to 5 distances")]
    [InlineData("/analysis/service-area?category=park&distance_m=9000", "distance_m", "at most 5000")]
    [InlineData("/analysis/service-area?category=park&distance_m=1%2C000", "distance_m", "no thousands separators")]
    [InlineData("/analysis/service-area?site=no-such-site", "site", "No site has the id 'no-such-site'")]
    [InlineData("/analysis/service-area", "category", "give a 'category'")]
    [InlineData("/analysis/service-area?site=site-nanhu-kindergarten-1&category=park", "site", "not both")]
    [InlineData("/analysis/service-area?category=park&level=6min", "level", "5min, 10min, 15min")]
    [InlineData("/analysis/service-area?category=park&nodes=1", "nodes", "true, false")]
    [InlineData("/analysis/compliance?level=20min", "level", "5min, 10min, 15min")]
    [InlineData("/analysis/compliance?threshold=0", "threshold", "above 0 and at most 1")]
    [InlineData("/analysis/compliance?f=pdf", "f", "json (default), csv, html")]
    [InlineData("/analysis/compliance?method=walk", "method", "buffer (default), network")]
    [InlineData("/analysis/suggest?category=park&level=5min", "count", "one of them")]
    [InlineData("/analysis/suggest?category=park&level=5min&count=3&target_share=0.5", "count", "one of them")]
    [InlineData("/analysis/suggest?category=park&level=5min&count=0", "count", "1 to 1000")]
    [InlineData("/analysis/suggest?category=park&level=5min&target_share=1.5", "target_share", "at most 1")]
    [InlineData("/analysis/suggest?category=park&level=5min&count=2&candidates=everywhere", "candidates", "planned (default), walkways, layer:NAME")]
    [InlineData("/analysis/suggest?category=park&level=5min&count=2&candidates=layer:nope", "candidates", "communities")]
    [InlineData("/analysis/suggest?category=park&level=5min&count=2&candidates=walkways&spacing_m=10", "spacing_m", "50 to 5000")]
    [InlineData("/analysis/suggest?category=park&level=5min&count=2&solver=best", "solver", "auto (default), heuristic, exact")]
    [InlineData("/analysis/coverage?category=park&level=5min&status=closed", "status", "all (default), existing, planned")]
    [InlineData("/analysis/coverage/gaps?category=park&level=5min&status=Existing", "status", "existing")]
    [InlineData("/analysis/coverage/gaps?category=park&level=5min&method=walk", "method", "network")]
    [InlineData("/analysis/coverage/gaps?category=park&level=5min&communities=yes", "communities", "true, false")]
    [InlineData("/analysis/coverage/gaps?level=5min", "category", "required")]
    // A misspelt or unknown parameter is refused, never ignored (categroy=park would answer for every category).
    [InlineData("/analysis/nearest?lon=104.05&lat=30.5&categroy=park", "categroy", "parameters lon, lat, category, k")]
    [InlineData("/analysis/within?lon=104.05&lat=30.5&radius=800", "radius", "radius_m")]
    [InlineData("/analysis/community?lon=104.05&lat=30.5&crs=EPSG:4544", "crs", "parameters lon, lat")]
    [InlineData("/analysis/coverage?category=park&level=5min&levle=10min", "levle", "level")]
    [InlineData("/analysis/coverage/gaps?category=park&level=5min&community=true", "community", "communities")]
    public async Task Bad_parameters_are_400_problems_naming_the_parameter(string url, string parameter, string detail)
    {
        using var response = await _http.GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(400, (int)problem["status"]!);
        Assert.Equal(parameter, (string?)problem["parameter"]);
        Assert.False(string.IsNullOrEmpty((string?)problem["allowed"]));
        Assert.Contains(parameter, (string?)problem["title"]);
        Assert.Contains(detail, (string?)problem["detail"]);
    }

    [Fact]
    public async Task A_very_long_value_is_quoted_shortened()
    {
        using var response = await _http.GetAsync("/analysis/nearest?lon=104.05&lat=30.5&category=" + new string('x', 6000));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.True(((string?)problem["detail"])!.Length < 1000);
    }

    [Fact]
    public async Task Life_circles_is_the_loaded_standard_of_life_circles_json_and_its_supplements()
    {
        var json = await GetJsonAsync("/analysis/life-circles");
        var table = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(RepositoryData.DataDirectory, "life-circles.json")))!;
        Assert.Equal((string?)table["standard"], (string?)json["standard"]);
        Assert.Equal((double)table["walking_speed_m_per_min"]!, (double)json["walking_speed_m_per_min"]!);
        // Every level with its minutes, radius, names and required categories, in the file's order.
        Assert.True(JsonNode.DeepEquals(table["levels"], json["levels"]), $"levels: {json["levels"]?.ToJsonString()}");
        Assert.True(JsonNode.DeepEquals(table["categories"], json["categories"]), $"categories: {json["categories"]?.ToJsonString()}");
        Assert.Equal(["kindergarten", "community_service", "sports"],
            json["levels"]![0]!["required_categories"]!.AsArray().Select(c => (string?)c));

        // The supplementary standards: data/standard-*.json, each named by its file, with its own levels.
        var files = Directory.GetFiles(RepositoryData.DataDirectory, "standard-*.json").Order(StringComparer.Ordinal).ToList();
        var supplements = json["supplements"]!.AsArray();
        Assert.Equal(files.Select(Path.GetFileName), supplements.Select(s => (string?)s!["file"]));
        foreach (var (file, supplement) in files.Zip(supplements))
        {
            var standard = JsonNode.Parse(await File.ReadAllTextAsync(file))!;
            Assert.Equal((string?)standard["standard"], (string?)supplement!["standard"]);
            Assert.True(JsonNode.DeepEquals(standard["levels"], supplement["levels"]), $"{file}: {supplement["levels"]?.ToJsonString()}");
        }
        Assert.Contains(supplements, s => s!["levels"]!.AsArray().Any(l => (string?)l!["id"] == "intl-15min"));
    }

    [Fact]
    public async Task Life_circles_refuses_parameters()
    {
        using var response = await _http.GetAsync("/analysis/life-circles?level=5min");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("level", (string?)problem["parameter"]);
    }

    [Fact]
    public void Every_analysis_endpoint_is_documented_for_openapi()
    {
        var endpoints = app.Services.GetServices<EndpointDataSource>()
            .SelectMany(s => s.Endpoints)
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/analysis", StringComparison.Ordinal) == true)
            .ToList();
        Assert.Equal(
            ["/analysis/community", "/analysis/compliance", "/analysis/compliance/map.jpg", "/analysis/coverage", "/analysis/coverage/gaps", "/analysis/life-circles", "/analysis/nearest", "/analysis/service-area", "/analysis/suggest", "/analysis/within"],
            endpoints.Select(e => e.RoutePattern.RawText).Order(StringComparer.Ordinal));
        foreach (var endpoint in endpoints)
        {
            Assert.NotNull(endpoint.Metadata.GetMetadata<IEndpointNameMetadata>());
            Assert.False(string.IsNullOrEmpty(endpoint.Metadata.GetMetadata<IEndpointSummaryMetadata>()?.Summary));
            Assert.False(string.IsNullOrEmpty(endpoint.Metadata.GetMetadata<IEndpointDescriptionMetadata>()?.Description));
            var produces = endpoint.Metadata.GetOrderedMetadata<IProducesResponseTypeMetadata>();
            Assert.Contains(produces, p => p.StatusCode == 200);
            Assert.Contains(produces, p => p.StatusCode == 400 && p.ContentTypes.Contains("application/problem+json"));
        }
    }

    private async Task<JsonNode> GetJsonAsync(string url)
    {
        using var response = await _http.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(body)!;
    }

    private static void AssertSameJson(JsonNode expected, JsonNode actual) =>
        Assert.True(JsonNode.DeepEquals(expected, actual), $"expected (CLI):\n{Shorten(expected)}\nactual (HTTP):\n{Shorten(actual)}");

    private static string Shorten(JsonNode node)
    {
        var text = node.ToJsonString();
        return text.Length <= 2000 ? text : text[..2000] + "…";
    }
}
