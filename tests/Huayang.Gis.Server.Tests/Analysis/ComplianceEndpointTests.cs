using System.Net;
using System.Text.Json.Nodes;
using Huayang.Gis.Server.Tests.Support;

namespace Huayang.Gis.Server.Tests.Analysis;

/// <summary>
/// <c>/analysis/compliance</c> over the repository's data: every finding is the coverage answer of its category and level
/// measured against the threshold, the three formats hold the same findings, and the answer is the <c>huayang compliance</c>
/// command's.
/// </summary>
public sealed class ComplianceEndpointTests(ServerApp app) : IClassFixture<ServerApp>
{
    private readonly HttpClient _http = app.CreateClient();

    private async Task<string> GetAsync(string url, string mediaType)
    {
        using var response = await _http.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {body}");
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        return body;
    }

    [Fact]
    public async Task Each_finding_is_the_walking_coverage_of_its_category_against_the_threshold()
    {
        var json = JsonNode.Parse(await GetAsync("/analysis/compliance?threshold=0.3", "application/json"))!;
        Assert.Equal("network", (string?)json["method"]);
        Assert.Equal("existing", (string?)json["status"]);
        var levels = json["levels"]!.AsArray();
        Assert.Equal(["5min", "10min", "15min", "intl-15min", "intl-30min"], levels.Select(l => (string)l!["level"]!));
        Assert.StartsWith("GB 50180-2018", (string)levels[0]!["standard"]!, StringComparison.Ordinal);
        Assert.Contains("International-community services", (string)levels[3]!["standard"]!, StringComparison.Ordinal);
        var compared = 0;
        foreach (var level in levels)
        {
            var required = level!["required_categories"]!.AsArray().Select(c => (string)c!).ToList();
            foreach (var category in required)
            {
                var coverage = JsonNode.Parse(await GetAsync(
                    $"/analysis/coverage?category={category}&level={level["level"]}&status=existing&method=network", "application/json"))!;
                var rows = coverage["communities"]!.AsArray().ToDictionary(r => (string)r!["community_id"]!, r => r!);
                foreach (var community in level["communities"]!.AsArray())
                {
                    var finding = community!["findings"]!.AsArray().Single(f => (string)f!["category"]! == category)!;
                    var row = rows[(string)community["community_id"]!];
                    Assert.Equal((int)row["covered_population"]!, (int)finding["covered_population"]!);
                    Assert.Equal((int)row["population"]! - (int)row["covered_population"]!, (int)finding["population_without"]!);
                    Assert.Equal((double)row["covered_share"]! >= 0.3 && (int)row["population"]! > 0, (bool)finding["met"]!);
                    Assert.Equal((double?)row["nearest_site_walk_m"], (double?)finding["nearest_m"]);
                    var missing = community["missing"]!.AsArray().Select(m => (string)m!).ToList();
                    Assert.Equal(!(bool)finding["met"]!, missing.Contains(category));
                    compared++;
                }
            }
        }

        Assert.Equal((3 + 3 + 6 + 2 + 2) * 29, compared);
        var cli = await HuayangCommand.JsonAsync(["compliance", "--threshold", "0.3", "--format", "json"]);
        Assert.Equal(cli.ToJsonString(), json.ToJsonString());
    }

    [Fact]
    public async Task Csv_and_html_hold_the_same_findings()
    {
        var json = JsonNode.Parse(await GetAsync("/analysis/compliance?level=10min", "application/json"))!;
        var csv = (await GetAsync("/analysis/compliance?level=10min&f=csv", "text/csv")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var html = await GetAsync("/analysis/compliance?level=10min&f=html", "text/html");

        var level = json["levels"]![0]!;
        var communities = level["communities"]!.AsArray();
        Assert.Equal(1 + communities.Count * level["required_categories"]!.AsArray().Count, csv.Length);
        Assert.StartsWith("standard,level,community_id,name_zh,name_en,population,category,met,", csv[0], StringComparison.Ordinal);
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Contains("@page { size: A4;", html, StringComparison.Ordinal);
        Assert.Contains("十分钟生活圈", html, StringComparison.Ordinal);
        foreach (var community in communities)
        {
            Assert.Contains((string)community!["name_zh"]!, html, StringComparison.Ordinal);
            Assert.Contains((string)community["name_en"]!, html, StringComparison.Ordinal);
            var missing = community["missing"]!.AsArray().Count;
            Assert.Contains(missing == 0 ? "全部达标 all met" : $"缺 {missing} 项 {missing} missing", html, StringComparison.Ordinal);
        }

        // The map pictures: the street's, then one per community that misses a category (what each shows is checked by
        // Rendering.Tests' ComplianceMapTests), each fetched by the browser from /analysis/compliance/map.jpg asking the
        // same question; a JPEG.
        var pictures = System.Text.RegularExpressions.Regex.Matches(html, "<img alt=\"([^\"]*)\" loading=\"lazy\" src=\"([^\"]+)\"");
        Assert.Equal(1 + communities.Count(c => c!["missing"]!.AsArray().Count > 0), pictures.Count);
        Assert.Contains("十分钟生活圈：各社区缺少的必配设施", pictures[0].Groups[1].Value, StringComparison.Ordinal);
        var client = app.CreateClient();
        foreach (var picture in pictures.Take(3))
        {
            var url = System.Net.WebUtility.HtmlDecode(picture.Groups[2].Value);
            Assert.StartsWith("/analysis/compliance/map.jpg?", url, StringComparison.Ordinal);
            Assert.Contains("level=10min", url, StringComparison.Ordinal);
            using var response = await client.GetAsync(url);
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("image/jpeg", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal([0xFF, 0xD8, 0xFF], (await response.Content.ReadAsByteArrayAsync())[..3]);
        }
    }

    [Theory]
    [InlineData("level=10min&community=nowhere", 404, "community")]
    [InlineData("community=zhengxi", 400, "level")]
    [InlineData("level=1min", 400, "level")]
    [InlineData("level=10min&method=walk", 400, "method")]
    public async Task A_picture_that_does_not_exist_is_a_problem_naming_the_parameter(string query, int status, string parameter)
    {
        using var response = await app.CreateClient().GetAsync("/analysis/compliance/map.jpg?" + query);
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(parameter, (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["parameter"]);
    }
}
