using System.Net;
using Huayang.Gis.Server.Tests.Support;

namespace Huayang.Gis.Server.Tests.Expected;

/// <summary>
/// The server's answers over the bundled data against the fixtures under <c>tests/expected/</c>: vector tiles decoded
/// to text (<c>mvt/</c>) and GeoJSON and JSON answers normalized to text (<c>geojson/</c>). A change of any answer shows
/// as a diff here and as a reviewed change of a fixture in the commit that makes it (refresh: tests/expected/README.md).
/// </summary>
public sealed class ExpectedOutputTests(ServerApp app) : IClassFixture<ServerApp>
{
    [Theory]
    // Low zoom: the whole street in one corner of the tile, communities and roads simplified.
    [InlineData("10/807/420", "communities,roads", "z10-communities-roads")]
    // The street's middle at three zooms and different layers.
    [InlineData("12/3231/1683", "communities,water,roads", "z12-communities-water-roads")]
    [InlineData("14/12927/6733", "sites,walkways,plan", "z14-sites-walkways-plan")]
    [InlineData("16/51709/26933", "sites,population,walkways,roads,water,communities,plan", "z16-all-layers")]
    // A tile far from Huayang (Beijing): no feature, 204.
    [InlineData("14/13489/6207", "sites,communities", "z14-beijing-empty")]
    public async Task Vector_tiles(string tile, string layers, string name)
    {
        var path = $"/tiles/{layers}/{tile}.mvt";
        using var client = app.CreateClient();
        using var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NoContent, $"{path}: {(int)response.StatusCode}");

        // The status is part of the fixture: an empty tile is 204 with no body.
        ExpectedOutput.Match($"mvt/{name}.txt", ExpectedOutput.MvtText($"{path} -> {(int)response.StatusCode}", body));
    }

    [Theory]
    [InlineData("/collections/sites/items?limit=5", "sites-first-5")]
    [InlineData("/collections/sites/items?category=kindergarten&status=planned", "sites-planned-kindergartens")]
    [InlineData("/collections/sites/items?bbox=104.04,30.49,104.06,30.51&crs=EPSG:4544&limit=4", "sites-bbox-epsg4544")]
    [InlineData("/collections/population/items?bbox=104.05,30.50,104.052,30.502&limit=3", "population-bbox")]
    [InlineData("/collections/sites/items/site-culture-arts-centre", "site-culture-arts-centre")]
    [InlineData("/analysis/coverage?category=kindergarten&level=5min", "analysis-coverage-kindergarten-5min")]
    [InlineData("/analysis/nearest?lon=104.05&lat=30.5&k=3&category=primary_school", "analysis-nearest-primary-schools")]
    [InlineData("/analysis/coverage/gaps?category=middle_school&level=15min", "analysis-gaps-middle-school-15min")]
    public async Task Json_answers(string path, string name)
    {
        using var client = app.CreateClient();
        using var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {body}");

        ExpectedOutput.Match($"geojson/{name}.json", ExpectedOutput.JsonText(path, body));
    }

    [Fact]
    public void The_diff_shows_the_changed_lines_with_their_context()
    {
        var expected = string.Join('\n', Enumerable.Range(1, 20).Select(i => $"line {i}"));
        var actual = expected.Replace("line 10\n", "line ten\n", StringComparison.Ordinal);

        var diff = LineDiff.Show(expected, actual);

        Assert.Equal(
            "@@ line 10: fixture 20 lines, now 20 lines @@\n  line 7\n  line 8\n  line 9\n- line 10\n+ line ten\n  line 11\n  line 12\n  line 13",
            diff);
    }

    [Fact]
    public void Json_text_sorts_keys_keeps_array_order_and_fixes_number_format()
    {
        var text = ExpectedOutput.JsonText("q", "{\"b\":[3,1.25,0.1000000000001],\"a\":{\"href\":\"http://localhost/x?y=1\",\"timeStamp\":\"2026\"}}");

        Assert.Equal(
            "// q\n{\n  \"a\": {\n    \"href\": \"/x?y=1\",\n    \"timeStamp\": \"(the time of the request)\"\n  },\n  \"b\": [3, 1.25, 0.1]\n}\n",
            text);
    }
}
