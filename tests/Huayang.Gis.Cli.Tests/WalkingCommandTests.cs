using System.Text.Json.Nodes;
using Huayang.Gis.Cli.Tests.Support;

namespace Huayang.Gis.Cli.Tests;

/// <summary>The walking commands and options: <c>coverage --method network</c>, <c>service-area</c>, and the crossing warnings of <c>validate</c>.</summary>
public sealed class WalkingCommandTests
{
    private static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await HuayangCli.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Network_coverage_table_names_the_method_the_speed_and_who_is_off_the_network()
    {
        var (code, stdout, stderr) = await Run(
            "coverage", "--category", "kindergarten", "--level", "5min", "--status", "existing", "--method", "network", "--data", TestData.DataDirectory);

        Assert.True(code == HuayangCli.Success, stderr);
        Assert.Contains("walking along the walkways (network method)", stdout, StringComparison.Ordinal);
        Assert.Contains("4.5 min at 67 m/min", stdout, StringComparison.Ordinal);
        Assert.Contains("buffer share", stdout, StringComparison.Ordinal);
        Assert.Contains("Off the network (farther than 250 m from every walkway): 0 residents in 0 cells, no sites.", stdout, StringComparison.Ordinal);
        Assert.Contains("83,527", stdout, StringComparison.Ordinal);
        Assert.Contains("31,467", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Network_coverage_csv_adds_the_buffer_and_off_network_columns()
    {
        var (code, stdout, stderr) = await Run(
            "coverage", "--category", "kindergarten", "--level", "5min", "--status", "existing", "--method", "network", "--format", "csv",
            "--data", TestData.DataDirectory);

        Assert.True(code == HuayangCli.Success, stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.EndsWith(",buffer_covered_population,off_network_population", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("total,合计,Total,444000,31467,", lines[^1], StringComparison.Ordinal);
        Assert.EndsWith(",83527,0", lines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Service_area_table_has_a_ring_per_level_and_geojson_by_default()
    {
        var (code, stdout, stderr) = await Run("service-area", "--category", "park", "--format", "table", "--data", TestData.DataDirectory);
        Assert.True(code == HuayangCli.Success, stderr);
        foreach (var ring in new[] { "300", "500", "1000" })
        {
            Assert.Contains($"│        {ring} │", stdout.Replace("│       1000 │", "│        1000 │", StringComparison.Ordinal), StringComparison.Ordinal);
        }

        (code, stdout, stderr) = await Run("service-area", "--site", "site-nanhu-kindergarten-1", "--level", "5min", "--data", TestData.DataDirectory);
        Assert.True(code == HuayangCli.Success, stderr);
        var json = JsonNode.Parse(stdout)!;
        Assert.Equal("FeatureCollection", (string?)json["type"]);
        Assert.Contains(json["features"]!.AsArray(), f => (string?)f!["properties"]!["kind"] == "area");
    }

    [Theory]
    [InlineData(new[] { "service-area" }, "--site or --category")]
    [InlineData(new[] { "service-area", "--site", "site-nanhu-kindergarten-1", "--category", "park" }, "not both")]
    [InlineData(new[] { "service-area", "--site", "nope" }, "no site has the id \"nope\"")]
    [InlineData(new[] { "service-area", "--category", "park", "--distance-m", "0" }, "--distance-m")]
    [InlineData(new[] { "coverage", "--category", "park", "--level", "5min", "--method", "walk" }, "--method")]
    [InlineData(new[] { "coverage", "--category", "park", "--level", "5min", "--off-network-m", "-5" }, "--off-network-m")]
    public async Task Bad_walking_arguments_exit_2_naming_the_option(string[] args, string expected)
    {
        var (code, _, stderr) = await Run([.. args, "--data", TestData.DataDirectory]);
        Assert.Equal(HuayangCli.BadArguments, code);
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_warns_about_walkways_that_cross_without_a_shared_vertex_and_still_passes()
    {
        var directory = Path.Combine(Path.GetTempPath(), "huayang-crossing-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            foreach (var file in Directory.EnumerateFiles(TestData.DataDirectory))
            {
                File.Copy(file, Path.Combine(directory, Path.GetFileName(file)));
            }

            // A footbridge over two existing walkways: it crosses them where neither has a vertex.
            var walkways = JsonNode.Parse(File.ReadAllText(Path.Combine(directory, "walkways.geojson")))!;
            walkways["features"]!.AsArray().Add(JsonNode.Parse("""
                {"type":"Feature","id":"walk-overpass","geometry":{"type":"LineString","coordinates":[[104.04512,30.48013],[104.05487,30.49031]]},
                 "properties":{"id":"walk-overpass","kind":"bridge","name_zh":"天桥","name_en":"Overpass"}}
                """));
            File.WriteAllText(Path.Combine(directory, "walkways.geojson"), walkways.ToJsonString());

            var (code, stdout, stderr) = await Run("validate", directory);

            Assert.True(code == HuayangCli.Success, stdout + stderr);
            Assert.Contains("warning: walkways: feature #", stdout, StringComparison.Ordinal);
            Assert.Contains("(id \"walk-overpass\") cross at (", stdout, StringComparison.Ordinal);
            Assert.Contains("without a shared vertex", stdout, StringComparison.Ordinal);
            Assert.Contains("no problems found, ", stdout, StringComparison.Ordinal);

            (code, stdout, _) = await Run("validate", TestData.DataDirectory);
            Assert.Equal(HuayangCli.Success, code);
            Assert.DoesNotContain("warning", stdout, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
