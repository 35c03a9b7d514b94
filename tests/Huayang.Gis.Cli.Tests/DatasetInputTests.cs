using System.Text.Json;
using System.Text.Json.Nodes;
using Huayang.Gis.Core.IO;
using Huayang.Gis.Cli.Tests.Support;
using System.Diagnostics;

namespace Huayang.Gis.Cli.Tests;

/// <summary>
/// What a dataset is read from on the command line: one layer file of any name is validated as that layer of a
/// dataset, with the checks a directory gets (categories, references); a single GeoPackage is a dataset for
/// <c>--data</c>; a wrong <c>--from-crs</c> is refused by validate.
/// </summary>
public sealed class DatasetInputTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("huayang-cli-input-");

    public void Dispose() => _dir.Delete(recursive: true);

    private static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await HuayangCli.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    private string Path(string name) => System.IO.Path.Combine(_dir.FullName, name);

    /// <summary>The bundled sites, with one site's <paramref name="field"/> set to <paramref name="value"/>, written as <paramref name="name"/>.</summary>
    private string Sites(string name, string? field = null, string? value = null)
    {
        var root = JsonNode.Parse(File.ReadAllText(System.IO.Path.Combine(TestData.DataDirectory, "sites.geojson")))!;
        if (field is not null)
        {
            root["features"]![3]!["properties"]![field] = value;
        }
        var path = Path(name);
        File.WriteAllText(path, root.ToJsonString());
        return path;
    }

    [Fact]
    public async Task A_layer_file_of_any_name_is_validated_with_layer()
    {
        var file = Sites("my-sites.geojson");

        var (code, stdout, stderr) = await Run("validate", file, "--layer", "sites");
        Assert.True(code == HuayangCli.Success, stdout + stderr);
        Assert.Contains("no problems found", stdout, StringComparison.Ordinal);
        Assert.Contains("as the layer sites of the dataset in", stderr, StringComparison.Ordinal);

        // Without --layer the name says nothing: exit 2, naming --layer and the layers.
        (code, stdout, stderr) = await Run("validate", file);
        Assert.Equal(HuayangCli.BadArguments, code);
        Assert.Contains("--layer", stderr, StringComparison.Ordinal);
        Assert.Contains("sites", stderr, StringComparison.Ordinal);
        Assert.Equal("", stdout);
    }

    [Theory]
    [InlineData("category", "bakery")]
    [InlineData("community_id", "atlantis")]
    [InlineData("plan_element", "zone-9")]
    public async Task A_single_file_gets_the_checks_the_directory_gets(string field, string value)
    {
        // The reference: the whole dataset, copied, with the broken file in place of its sites.
        var copy = Directory.CreateDirectory(Path("dataset"));
        foreach (var file in Directory.GetFiles(TestData.DataDirectory))
        {
            File.Copy(file, System.IO.Path.Combine(copy.FullName, System.IO.Path.GetFileName(file)));
        }
        File.Copy(Sites("broken.geojson", field, value), System.IO.Path.Combine(copy.FullName, "sites.geojson"), overwrite: true);
        var expected = DatasetReader.Validate(copy.FullName);
        Assert.NotEmpty(expected);

        var (code, stdout, _) = await Run("validate", Path("broken.geojson"), "--layer", "sites");

        Assert.Equal(HuayangCli.DataProblems, code);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)[..^1];
        Assert.Equal(expected.Select(p => p.ToString().Replace("sites.geojson", "broken.geojson", StringComparison.Ordinal)), lines);
        Assert.Contains(value, lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_layer_file_next_to_life_circles_is_checked_against_its_own_directory()
    {
        // A directory holding life-circles.json is a dataset: its other files are the reference, not the bundled data.
        var dataset = Directory.CreateDirectory(Path("own"));
        File.Copy(System.IO.Path.Combine(TestData.DataDirectory, "life-circles.json"), System.IO.Path.Combine(dataset.FullName, "life-circles.json"));
        var sites = System.IO.Path.Combine(dataset.FullName, "sites.geojson");
        File.Move(Sites("sites.geojson"), sites);

        var (code, stdout, stderr) = await Run("validate", sites);

        Assert.Equal(HuayangCli.DataProblems, code);
        Assert.Contains("(the file's directory)", stderr, StringComparison.Ordinal);
        Assert.Contains("communities.geojson: required file is missing", stdout, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_single_geopackage_is_a_dataset_for_data()
    {
        var ogr2ogr = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(System.IO.Path.PathSeparator)
            .Select(d => System.IO.Path.Combine(d, "ogr2ogr")).FirstOrDefault(File.Exists);
        const string missing = "ogr2ogr (GDAL, Debian gdal-bin) is not on PATH; tests/run.sh installs it";
        if (ogr2ogr is null && string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail(missing);
        }
        Skip.If(ogr2ogr is null, missing);
        var gpkg = Path("huayang.gpkg");
        foreach (var layer in new[] { "communities", "plan", "sites", "population", "walkways", "water", "roads" })
        {
            string[] update = File.Exists(gpkg) ? ["-update"] : [];
            var start = new ProcessStartInfo(ogr2ogr!) { RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in (string[])["-f", "GPKG", .. update, gpkg, System.IO.Path.Combine(TestData.DataDirectory, layer + ".geojson"), "-nln", layer])
            {
                start.ArgumentList.Add(argument);
            }
            using var process = Process.Start(start)!;
            var error = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, error);
        }
        File.Copy(System.IO.Path.Combine(TestData.DataDirectory, "life-circles.json"), Path("life-circles.json"));

        string[] question = ["nearest", "--lon", "104.05", "--lat", "30.5", "--k", "5", "--format", "json"];
        var (code, fromGpkg, stderr) = await Run([.. question, "--data", gpkg]);
        Assert.True(code == HuayangCli.Success, stderr);
        Assert.Contains($"reading the embedded store over {gpkg} (--data)", stderr, StringComparison.Ordinal);
        var (_, fromDirectory, _) = await Run([.. question, "--data", TestData.DataDirectory]);
        Assert.Equal(Ids(fromDirectory), Ids(fromGpkg));

        // Any other file is not a dataset.
        (code, _, stderr) = await Run([.. question, "--data", Path("life-circles.json")]);
        Assert.Equal(HuayangCli.BadArguments, code);
        Assert.Contains("not a GeoPackage", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_refuses_lon_lat_declared_as_epsg_4544_and_suggests_crs84()
    {
        var (code, stdout, _) = await Run("validate", TestData.DataDirectory, "--from-crs", "EPSG:4544");

        Assert.Equal(HuayangCli.DataProblems, code);
        Assert.Contains("sites.geojson: field \"crs\": value \"EPSG:4544\": read as EPSG:4544", stdout, StringComparison.Ordinal);
        Assert.Contains("they fit CRS84", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("no problems found", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_store_question_over_a_wrong_from_crs_is_refused_not_answered()
    {
        var (code, stdout, stderr) = await Run("nearest", "--lon", "104.05", "--lat", "30.5", "--data", TestData.DataDirectory, "--from-crs", "EPSG:4544");

        Assert.Equal(HuayangCli.DataProblems, code);
        Assert.Equal("", stdout);
        Assert.Contains("the CRS is likely wrong", stderr, StringComparison.Ordinal);
    }

    private static List<string?> Ids(string json) =>
        JsonDocument.Parse(json).RootElement.EnumerateArray().Select(e => e.GetProperty("id").GetString()).ToList();
}
