using System.Text.Json.Nodes;
using Huayang.Gis.Server.Tests.Support;

namespace Huayang.Gis.Server.Tests.Analysis;

/// <summary>
/// Walking answers over HTTP, in-process over the repository's data: <c>/analysis/coverage?method=network</c> and
/// <c>/analysis/service-area</c>, each the same as the <c>huayang</c> command's output for the same question.
/// </summary>
public sealed class WalkingAnalysisEndpointTests(ServerApp app) : IClassFixture<ServerApp>
{
    private readonly HttpClient _http = app.CreateClient();

    private Task<JsonNode> GetJsonAsync(string url) => _http.GetJsonAsync(url);

    [Fact]
    public async Task Network_coverage_names_its_method_speed_and_distance_and_gives_the_buffer_figures_beside()
    {
        var json = await GetJsonAsync("/analysis/coverage?category=kindergarten&level=10min&status=existing&method=network");

        Assert.Equal("network", (string?)json["method"]);
        Assert.Equal(500, (double)json["radius_m"]!);
        Assert.Equal(10, (int)json["minutes"]!);
        Assert.Equal(67, (double)json["walking_speed_m_per_min"]!);
        Assert.Equal(7.46, (double)json["walk_minutes"]!);
        Assert.Equal(250, (double)json["network"]!["off_network_limit_m"]!);
        var total = json["total"]!;
        var covered = (int)total["covered_population"]!;
        var buffer = (int)total["buffer_covered_population"]!;
        Assert.True(covered < buffer, $"walking covers {covered}, the straight line {buffer}");
        var bufferJson = await GetJsonAsync("/analysis/coverage?category=kindergarten&level=10min&status=existing");
        Assert.Equal((int)bufferJson["total"]!["covered_population"]!, buffer);
        Assert.Null(bufferJson["total"]!["buffer_covered_population"]);
        foreach (var row in json["communities"]!.AsArray())
        {
            Assert.True((int)row!["covered_population"]! <= (int)row["buffer_covered_population"]!, row.ToJsonString());
        }

        var cli = await HuayangCommand.JsonAsync(
            ["coverage", "--category", "kindergarten", "--level", "10min", "--status", "existing", "--method", "network", "--format", "json"]);
        Assert.Equal(cli.ToJsonString(), json.ToJsonString());
    }

    [Fact]
    public async Task Service_area_of_a_site_has_rings_cut_lines_and_its_site_and_equals_the_cli()
    {
        const string Site = "site-nanhu-kindergarten-1";
        var url = $"/analysis/service-area?site={Site}&distance_m=300,500&nodes=true";
        var json = await GetJsonAsync(url);
        var features = json["features"]!.AsArray().Select(f => f!).ToList();
        string Kind(JsonNode f) => (string)f["properties"]!["kind"]!;

        var areas = features.Where(f => Kind(f) == "area").ToList();
        Assert.Equal([500.0, 300.0], areas.Select(a => (double)a["properties"]!["distance_m"]!));
        Assert.Equal([7.46, 4.48], areas.Select(a => (double)a["properties"]!["minutes"]!));
        Assert.All(areas, a => Assert.Contains((string)a["geometry"]!["type"]!, new[] { "Polygon", "MultiPolygon" }));
        Assert.True((double)areas[0]["properties"]!["area_m2"]! > (double)areas[1]["properties"]!["area_m2"]!);

        var lines = features.Where(f => Kind(f) == "line").ToList();
        Assert.Contains(lines, l => (bool)l["properties"]!["partial"]!);
        Assert.Contains(lines, l => (bool)l["properties"]!["connector"]!);
        Assert.All(lines, l => Assert.True((double)l["properties"]!["cost_end_m"]! <= 500 + 1e-6 && (double)l["properties"]!["cost_start_m"]! <= 500 + 1e-6));
        Assert.Contains(lines, l => Math.Abs((double)l["properties"]!["cost_end_m"]! - 500) < 1e-3 || Math.Abs((double)l["properties"]!["cost_start_m"]! - 500) < 1e-3);
        Assert.All(features.Where(f => Kind(f) == "node"), n => Assert.True((double)n["properties"]!["cost_m"]! <= 500));
        var site = Assert.Single(features, f => Kind(f) == "site");
        Assert.Equal(Site, (string?)site["properties"]!["id"]);
        Assert.True((bool)site["properties"]!["on_network"]!);

        var cli = await HuayangCommand.JsonAsync(["service-area", "--site", Site, "--distance-m", "300,500", "--nodes"]);
        Assert.Equal(cli.ToJsonString(), json.ToJsonString());
    }

    [Fact]
    public async Task Network_gaps_list_the_cells_no_walk_reaches()
    {
        var json = await GetJsonAsync("/analysis/coverage/gaps?category=kindergarten&level=5min&status=existing&method=network");
        var features = json["features"]!.AsArray().Select(f => f!).ToList();
        var uncovered = features.Where(f => (string)f["properties"]!["kind"]! == "uncovered_cell").ToList();
        var coverage = await GetJsonAsync("/analysis/coverage?category=kindergarten&level=5min&status=existing&method=network");
        var total = coverage["total"]!;
        Assert.Equal(
            (int)total["population"]! - (int)total["covered_population"]! - (int)total["off_network_population"]!,
            uncovered.Sum(f => (int)f["properties"]!["residents"]!));
        Assert.Single(features, f => (string)f["properties"]!["kind"]! == "uncovered");
    }
}
