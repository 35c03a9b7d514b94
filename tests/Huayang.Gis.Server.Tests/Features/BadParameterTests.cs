using System.Net;
using System.Text.Json;

namespace Huayang.Gis.Server.Tests.Features;

/// <summary>Every bad parameter is a 400 problem+json that names it and says what is allowed; never a 500.</summary>
public sealed class BadParameterTests(FeaturesApp app) : IClassFixture<FeaturesApp>
{
    public static TheoryData<string, string> BadRequests() => new()
    {
        { "/collections/sites/items?bbox=1,2,3", "bbox" },
        { "/collections/sites/items?bbox=1,2,3,4,5,6", "bbox" },
        { "/collections/sites/items?bbox=a,b,c,d", "bbox" },
        { "/collections/sites/items?bbox=NaN,30,104,31", "bbox" },
        { "/collections/sites/items?bbox=104,30,Infinity,31", "bbox" },
        { "/collections/sites/items?bbox=104,30,1e999,31", "bbox" },
        { "/collections/sites/items?bbox=104.1,30.4,104.0,30.5", "bbox" },
        { "/collections/sites/items?bbox=104.0,30.5,104.1,30.4", "bbox" },
        { "/collections/sites/items?bbox=104,91,105,92", "bbox" },
        { "/collections/sites/items?bbox=-181,30,105,31", "bbox" },
        { "/collections/sites/items?bbox=", "bbox" },
        { "/collections/sites/items?bbox=104,30,105,31&bbox-crs=EPSG:4326", "bbox" },
        { "/collections/sites/items?bbox=0,0,1e9,1e9&bbox-crs=EPSG:3857", "bbox" },
        { "/collections/sites/items?bbox=-5,0,10,10&bbox-crs=EPSG:4544", "bbox" },
        { "/collections/sites/items?bbox=0,0,10000000,1000000&bbox-crs=EPSG:4544", "bbox" },
        { "/collections/sites/items?bbox-crs=EPSG:9999", "bbox-crs" },
        { "/collections/sites/items?bbox-crs=GCJ-02&bbox=104,30,105,31", "bbox-crs" },
        { "/collections/sites/items?crs=EPSG:2000", "crs" },
        { "/collections/sites/items?crs=BD-09", "crs" },
        { "/collections/sites/items?crs=", "crs" },
        { "/collections/sites/items?limit=-1", "limit" },
        { "/collections/sites/items?limit=0", "limit" },
        { "/collections/sites/items?limit=abc", "limit" },
        { "/collections/sites/items?limit=1.5", "limit" },
        { "/collections/sites/items?limit=1e3", "limit" },
        { "/collections/sites/items?limit=", "limit" },
        { "/collections/sites/items?offset=-5", "offset" },
        { "/collections/sites/items?offset=x", "offset" },
        { "/collections/sites/items?offset=99999999999999999999", "offset" },
        { "/collections/sites/items?offset=2000000000", "offset" },
        { "/collections/sites/items?limit=1&limit=2", "limit" },
        { "/collections/sites/items?f=xml", "f" },
        { "/collections/sites/items?datetime=yesterday", "datetime" },
        { "/collections/sites/items?datetime=../..", "datetime" },
        { "/collections/sites/items?no_such_property=1", "no_such_property" },
        { "/collections/sites/items?kind=zone", "kind" },
        { "/collections/sites/items?category=park;%20DROP%20TABLE%20x&1=1", "1" },
        { "/collections/sites/items/site-baimasi-culture-1?crs=EPSG:1", "crs" },
        { "/collections/sites/items/site-baimasi-culture-1?limit=10", "limit" },
        { "/collections/sites?f=pdf", "f" },
        { "/collections?bbox=1,2,3,4", "bbox" },
        { "/conformance?f=", "f" },
        { "/?x=1", "x" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Bad_parameter_is_400_problem_json_naming_it(string path, string parameter)
    {
        using var client = app.CreateClient();
        using var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{path}: {(int)response.StatusCode} {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(body);
        Assert.Equal(400, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Equal(parameter, problem.RootElement.GetProperty("parameter").GetString());
        Assert.False(string.IsNullOrWhiteSpace(problem.RootElement.GetProperty("allowed").GetString()));
        Assert.Contains(parameter, problem.RootElement.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Unknown_parameters_are_listed_with_the_allowed_ones()
    {
        using var client = app.CreateClient();
        using var response = await client.GetAsync("/collections/plan/items?colour=red&size=2");
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("colour, size", problem.RootElement.GetProperty("parameter").GetString());
        var allowed = problem.RootElement.GetProperty("allowed").GetString()!;
        foreach (var name in new[] { "bbox", "limit", "offset", "crs", "kind", "theme", "name_zh" })
        {
            Assert.Contains(name, allowed);
        }
    }

    [Theory]
    [InlineData("/collections/sites/items?datetime=2024-05-01T08:00:00Z")]
    [InlineData("/collections/sites/items?datetime=2024-05-01/..")]
    [InlineData("/collections/sites/items?datetime=../2024-05-01T08:00:00%2B08:00")]
    [InlineData("/collections/sites/items?bbox=104,30,105,31&bbox-crs=CRS84")]
    [InlineData("/collections/sites/items?crs=urn:ogc:def:crs:EPSG::4544")]
    [InlineData("/collections/sites/items?limit=10000&offset=1000000000")]
    [InlineData("/collections/sites/items?bbox=2000000,200000,5000000,800000&bbox-crs=EPSG:4544")]
    [InlineData("/collections/sites/items?bbox=-20037508.342789244,-20037508.342789244,20037508.342789244,20037508.342789244&bbox-crs=EPSG:3857")]
    [InlineData("/collections/sites/items?bbox=-90,-180,90,180&bbox-crs=EPSG:4490")]
    public async Task Good_parameters_are_accepted(string path)
    {
        using var client = app.CreateClient();
        using var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
