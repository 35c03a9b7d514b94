using System.Text.Json.Nodes;
using Huayang.Gis.Cli;
using Huayang.Gis.Core.Crs;
using Huayang.Gis.Core.Model;
using Huayang.Gis.PostGis.Tests.Support;

namespace Huayang.Gis.PostGis.Tests.Loading;

/// <summary><c>huayang db migrate</c> and <c>huayang load</c>, run in-process.</summary>
public sealed class LoadCommandTests
{
    private static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await HuayangCli.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [SkippableFact]
    public async Task Load_writes_the_bundled_data_and_prints_the_counts_and_the_version()
    {
        await using var db = await TestDatabase.CreateAsync();

        var (code, stdout, stderr) = await Run("load", LoaderTestData.DataDirectory, "--pg", db.ConnectionString, "--from-crs", "CRS84");

        Assert.True(code == 0, stderr);
        var state = await DatabaseState.ReadAsync(db.DataSource);
        foreach (var layer in Layers.All)
        {
            var count = LoaderTestData.BundledDataset.Layers[layer].Count;
            Assert.Equal(count, state.Counts[layer]);
            Assert.Contains(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{layer,-12} {count,9:N0} features"), stdout);
        }
        Assert.Contains("dataset version 1 (merged", stdout);
        Assert.Contains($"loading {Layers.Population}:", stderr);
        Assert.Equal(1, state.Versions);
    }

    [SkippableFact]
    public async Task Db_migrate_lists_the_migrations_applied_then_says_it_is_up_to_date()
    {
        await using var db = await TestDatabase.CreateAsync();

        var first = await Run("db", "migrate", "--pg", db.ConnectionString);
        var second = await Run("db", "migrate", "--pg", db.ConnectionString);

        Assert.True(first.Code == 0, first.Err);
        Assert.Contains("applied 0001_initial", first.Out);
        Assert.Equal(0, second.Code);
        Assert.Equal("already up to date", second.Out.Trim());
    }

    [SkippableFact]
    public async Task Load_of_a_bad_dataset_prints_every_problem_exits_1_and_writes_nothing()
    {
        await using var db = await TestDatabase.CreateAsync();
        using var bad = LoaderTestData.CopyOfBundled();
        File.WriteAllText(bad.File("sites.geojson"), File.ReadAllText(bad.File("sites.geojson")).Replace("\"existing\"", "\"derelict\"", StringComparison.Ordinal));
        File.Delete(bad.File("plan.geojson"));

        var (code, _, stderr) = await Run("load", bad.Path, "--pg", db.ConnectionString, "--replace");

        Assert.Equal(HuayangCli.DataProblems, code);
        Assert.Contains("sites.geojson: feature #", stderr);
        Assert.Contains("derelict", stderr);
        Assert.Contains("plan.geojson", stderr);
        Assert.False((await DatabaseState.ReadAsync(db.DataSource)).SchemaExists);
    }

    [SkippableFact]
    public async Task Load_from_gcj02_stores_wgs84()
    {
        await using var db = await TestDatabase.CreateAsync();
        var dir = Directory.CreateTempSubdirectory("huayang-gcj-");
        try
        {
            // The bundled data as a Chinese web map would deliver it: every coordinate shifted to GCJ-02.
            foreach (var file in Directory.GetFiles(LoaderTestData.DataDirectory))
            {
                var target = Path.Combine(dir.FullName, Path.GetFileName(file));
                if (!file.EndsWith(".geojson", StringComparison.Ordinal))
                {
                    File.Copy(file, target);
                    continue;
                }
                var json = JsonNode.Parse(await File.ReadAllTextAsync(file))!;
                foreach (var feature in json["features"]!.AsArray())
                {
                    ShiftCoordinates(feature!["geometry"]!["coordinates"]!);
                }
                await File.WriteAllTextAsync(target, json.ToJsonString());
            }

            var (code, _, stderr) = await Run("load", dir.FullName, "--pg", db.ConnectionString, "--from-crs", "GCJ-02");

            Assert.True(code == 0, stderr);
            await using var command = db.DataSource.CreateCommand("SELECT id, ST_X(geom), ST_Y(geom) FROM huayang.sites");
            await using var reader = await command.ExecuteReaderAsync();
            var expected = LoaderTestData.BundledDataset.Sites.ToDictionary(s => s.Id);
            var rows = 0;
            while (await reader.ReadAsync())
            {
                var site = expected[reader.GetString(0)];
                Assert.Equal(site.Geometry.X, reader.GetDouble(1), 1e-7);
                Assert.Equal(site.Geometry.Y, reader.GetDouble(2), 1e-7);
                rows++;
            }
            Assert.Equal(expected.Count, rows);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static void ShiftCoordinates(JsonNode node)
    {
        var array = node.AsArray();
        if (array[0] is JsonValue)
        {
            var (lon, lat) = ChineseWebCoordinates.Wgs84ToGcj02((double)array[0]!, (double)array[1]!);
            array[0] = lon;
            array[1] = lat;
            return;
        }
        foreach (var child in array)
        {
            ShiftCoordinates(child!);
        }
    }
}
