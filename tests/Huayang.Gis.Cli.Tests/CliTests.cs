using System.Text.Json;
using Huayang.Gis.Cli.Tests.Support;

namespace Huayang.Gis.Cli.Tests;

/// <summary>The <c>huayang</c> command run in-process over the bundled data.</summary>
public sealed class CliTests
{
    private static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await HuayangCli.RunAsync([.. args, "--data", TestData.DataDirectory], output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Nearest_json_lists_sites_nearest_first_as_the_store_does()
    {
        var (code, stdout, stderr) = await Run("nearest", "--lon", "104.05", "--lat", "30.50", "--k", "4", "--category", "kindergarten", "--format", "json");
        Assert.True(code == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var rows = json.RootElement.EnumerateArray().ToList();
        var expected = await TestData.Store.NearestSitesAsync(104.05, 30.50, 4, "kindergarten");
        Assert.Equal(expected.Select(e => e.Site.Id), rows.Select(r => r.GetProperty("id").GetString()));
        foreach (var (row, site) in rows.Zip(expected))
        {
            Assert.Equal(site.Site.NameZh, row.GetProperty("name_zh").GetString());
            Assert.Equal(site.Site.NameEn, row.GetProperty("name_en").GetString());
            Assert.Equal("kindergarten", row.GetProperty("category").GetString());
            Assert.Equal(site.DistanceM, row.GetProperty("distance_m").GetDouble(), 3);
        }
    }

    [Fact]
    public async Task Nearest_table_shows_chinese_names()
    {
        var (code, stdout, _) = await Run("nearest", "--lon", "104.05", "--lat", "30.50");
        Assert.Equal(0, code);
        var expected = await TestData.Store.NearestSitesAsync(104.05, 30.50, 3, null);
        Assert.All(expected, e => Assert.Contains(e.Site.NameZh, stdout));
    }

    [Fact]
    public async Task Within_json_returns_every_site_in_the_radius()
    {
        var (code, stdout, stderr) = await Run("within", "--lon", "104.06", "--lat", "30.49", "--radius-m", "800", "--format", "json");
        Assert.True(code == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var expected = await TestData.Store.SitesWithinAsync(104.06, 30.49, 800, null);
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Select(e => e.Site.Id), json.RootElement.EnumerateArray().Select(r => r.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Coverage_json_has_the_documented_shape()
    {
        var (code, stdout, stderr) = await Run("coverage", "--category", "kindergarten", "--level", "5min", "--format", "json");
        Assert.True(code == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        Assert.Equal("kindergarten", root.GetProperty("category").GetString());
        Assert.Equal("5min", root.GetProperty("level").GetString());
        Assert.Equal("buffer", root.GetProperty("method").GetString());
        Assert.Equal(300, root.GetProperty("radius_m").GetDouble());
        var communities = root.GetProperty("communities").EnumerateArray().ToList();
        Assert.Equal(29, communities.Count);
        foreach (var c in communities)
        {
            foreach (var field in new[] { "community_id", "name_zh", "population", "covered_population", "covered_share", "covered_area_share", "nearest_site_m" })
            {
                Assert.True(c.TryGetProperty(field, out _), $"missing {field}");
            }
        }
        var total = root.GetProperty("total");
        Assert.Equal(communities.Sum(c => c.GetProperty("population").GetInt32()), total.GetProperty("population").GetInt32());
        Assert.Equal(communities.Sum(c => c.GetProperty("covered_population").GetInt32()), total.GetProperty("covered_population").GetInt32());
        var report = await TestData.Store.CoverageAsync(new(
            "kindergarten", TestData.Store.Dataset.LifeCircles.Level("5min")!));
        Assert.Equal(report.Total.CoveredPopulation, total.GetProperty("covered_population").GetInt32());
    }

    [Fact]
    public async Task Coverage_csv_has_a_header_a_row_per_community_and_a_total()
    {
        var (code, stdout, _) = await Run("coverage", "--category", "park", "--level", "10min", "--format", "csv");
        Assert.Equal(0, code);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(1 + 29 + 1, lines.Length);
        Assert.StartsWith("community_id,name_zh,name_en,population,covered_population", lines[0]);
        Assert.StartsWith("total,", lines[^1]);
    }

    [Fact]
    public async Task Coverage_geojson_is_communities_plus_the_uncovered_area()
    {
        var (code, stdout, _) = await Run("coverage", "--category", "middle_school", "--level", "15min", "--format", "geojson");
        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(stdout);
        var features = json.RootElement.GetProperty("features").EnumerateArray().ToList();
        Assert.Equal(30, features.Count);
        Assert.Equal(29, features.Count(f => f.GetProperty("properties").GetProperty("kind").GetString() == "community"));
        Assert.Single(features, f => f.GetProperty("properties").GetProperty("kind").GetString() == "uncovered");
    }

    [Fact]
    public async Task Coverage_table_names_every_community()
    {
        var (code, stdout, _) = await Run("coverage", "--category", "kindergarten", "--level", "5min");
        Assert.Equal(0, code);
        Assert.All(TestData.Store.Dataset.Communities, c => Assert.Contains(c.NameZh, stdout));
        Assert.Contains("合计", stdout);
    }

    [Theory]
    [InlineData("--category = \"bakery\" is not accepted; allowed: kindergarten", "nearest", "--lon", "104.05", "--lat", "30.5", "--category", "bakery")]
    [InlineData("--lon", "nearest", "--lon", "204.05", "--lat", "30.5")]
    [InlineData("swapped", "nearest", "--lon", "30.5", "--lat", "104.05")]
    [InlineData("--lat", "nearest", "--lon", "104.05")]
    [InlineData("--k", "nearest", "--lon", "104.05", "--lat", "30.5", "--k", "0")]
    [InlineData("abc", "nearest", "--lon", "abc", "--lat", "30.5")]
    [InlineData("--lon", "nearest", "--lon", "NaN", "--lat", "30.5")]
    [InlineData("--radius-m", "within", "--lon", "104.05", "--lat", "30.5", "--radius-m", "-5")]
    [InlineData("--level = \"20min\" is not accepted; allowed: 5min, 10min, 15min", "coverage", "--category", "park", "--level", "20min")]
    [InlineData("xml", "coverage", "--category", "park", "--level", "5min", "--format", "xml")]
    [InlineData("--category", "coverage", "--level", "5min")]
    [InlineData("frobnicate", "frobnicate")]
    [InlineData("unknown CRS \"EPSG:9999\"", "coverage", "--category", "park", "--level", "5min", "--from-crs", "EPSG:9999")]
    [InlineData("GCJ-02", "validate", ".", "--from-crs", "WGS-99")]
    // Numbers are read one way, as HTTP reads them: never a comma as a thousands separator, hexadecimal or infinity.
    [InlineData("--radius-m = \"0,8\" is not accepted", "within", "--lon", "104.06", "--lat", "30.49", "--radius-m", "0,8")]
    [InlineData("--radius-m = \"8,00\" is not accepted", "within", "--lon", "104.06", "--lat", "30.49", "--radius-m", "8,00")]
    [InlineData("--lon = \"104,05\" is not accepted", "nearest", "--lon", "104,05", "--lat", "30.5")]
    [InlineData("--lat = \"30,5\" is not accepted", "community", "--lon", "104.05", "--lat", "30,5")]
    [InlineData("--k = \"0x10\" is not accepted", "nearest", "--lon", "104.05", "--lat", "30.5", "--k", "0x10")]
    [InlineData("--k = \"1,000\" is not accepted", "nearest", "--lon", "104.05", "--lat", "30.5", "--k", "1,000")]
    [InlineData("--radius-m = \"Infinity\" is not accepted", "within", "--lon", "104.06", "--lat", "30.49", "--radius-m", "Infinity")]
    [InlineData("--width = \"1,024\" is not accepted", "render", "--out", "/tmp/never-written.png", "--width", "1,024")]
    [InlineData("--scale = \"1,0\" is not accepted", "generate", "--out", "/tmp/never-written", "--scale", "1,0")]
    public async Task Bad_arguments_exit_2_with_a_message_naming_the_problem(string expected, params string[] args)
    {
        var (code, stdout, stderr) = await Run(args);
        Assert.Equal(HuayangCli.BadArguments, code);
        Assert.Contains(expected, stderr);
        Assert.Equal("", stdout);
    }

    [Fact]
    public async Task Missing_data_directory_is_a_bad_argument()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await HuayangCli.RunAsync(["nearest", "--lon", "104.05", "--lat", "30.5", "--data", "/no/such/dir"], output, error);
        Assert.Equal(HuayangCli.BadArguments, code);
        Assert.Contains("/no/such/dir", error.ToString());
    }

    [Fact]
    public async Task Validate_passes_the_bundled_data()
    {
        var (code, stdout, _) = await Run("validate", TestData.DataDirectory);
        Assert.Equal(0, code);
        Assert.Contains("no problems", stdout);
    }

    [Fact]
    public async Task From_crs_reads_shifted_coordinates()
    {
        // The bundled data declared as CGCS2000 (EPSG:4490) reads as itself: the datums are treated as one.
        var (code, stdout, _) = await Run("validate", TestData.DataDirectory, "--from-crs", "EPSG:4490");
        Assert.Equal(0, code);
        Assert.Contains("no problems", stdout);
        // Declared as GCJ-02, the same numbers are shifted by hundreds of metres: the nearest site moves.
        var (plain, plainOut, _) = await Run("nearest", "--lon", "104.05", "--lat", "30.50", "--k", "1", "--format", "json");
        var (shifted, shiftedOut, _) = await Run("nearest", "--lon", "104.05", "--lat", "30.50", "--k", "1", "--format", "json", "--from-crs", "GCJ-02");
        Assert.Equal(0, plain);
        Assert.Equal(0, shifted);
        var before = JsonDocument.Parse(plainOut).RootElement[0].GetProperty("distance_m").GetDouble();
        var after = JsonDocument.Parse(shiftedOut).RootElement[0].GetProperty("distance_m").GetDouble();
        Assert.NotEqual(before, after, 1.0);
    }

    [Fact]
    public async Task Validate_reports_a_bad_file_and_exits_1()
    {
        var dir = Directory.CreateTempSubdirectory("huayang-cli-");
        try
        {
            var file = Path.Combine(dir.FullName, "sites.geojson");
            await File.WriteAllTextAsync(file, """
                {"type":"FeatureCollection","features":[
                  {"type":"Feature","id":"s1","geometry":{"type":"Point","coordinates":[30.5,104.05]},
                   "properties":{"id":"s1","name_zh":"幼儿园","name_en":"Kindergarten","category":"kindergarten","status":"existing"}}]}
                """);
            var (code, stdout, _) = await Run("validate", file);
            Assert.Equal(HuayangCli.DataProblems, code);
            Assert.Contains("sites.geojson", stdout);
            Assert.Contains("s1", stdout);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Generate_reports_stages_and_a_failure_as_one_line_with_exit_code_1()
    {
        var dir = Directory.CreateTempSubdirectory("huayang-cli-");
        try
        {
            var blocker = Path.Combine(dir.FullName, "not-a-directory");
            await File.WriteAllTextAsync(blocker, "");
            var (code, stdout, stderr) = await Run("generate", "--out", Path.Combine(blocker, "out"), "--scale", "2");
            Assert.Equal(HuayangCli.DataProblems, code);
            Assert.Equal("", stdout);
            var failure = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("huayang:", StringComparison.Ordinal));
            Assert.Contains("generate ×2 failed", failure);
            Assert.DoesNotContain("   at ", stderr);

            var target = Path.Combine(dir.FullName, "out");
            (code, stdout, stderr) = await Run("generate", "--out", target);
            Assert.True(code == 0, stderr);
            Assert.Contains("population: 3647 cells", stderr);
            Assert.Contains("wrote " + Path.Combine(target, "sites.geojson"), stderr);
            Assert.True(File.Exists(Path.Combine(target, "life-circles.json")));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
