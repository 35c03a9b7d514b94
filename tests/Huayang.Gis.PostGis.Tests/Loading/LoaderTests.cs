using System.Text.Json;
using System.Text.Json.Nodes;
using Huayang.Gis.Core.Model;
using Huayang.Gis.PostGis.Tests.Support;
using NetTopologySuite.Geometries;
using Npgsql;

namespace Huayang.Gis.PostGis.Tests.Loading;

/// <summary>Loads of valid data into a real PostGIS: what is written, repeated loads, replacing.</summary>
public sealed class LoaderTests
{
    /// <summary>How many features per layer are compared field by field (evenly spread; all of a smaller layer).</summary>
    private const int Sample = 40;

    [SkippableFact]
    public async Task The_bundled_data_loads_with_every_feature_and_sampled_features_equal_to_the_input()
    {
        await using var db = await TestDatabase.CreateAsync();
        var dataset = LoaderTestData.BundledDataset;

        var result = await LoaderTestData.LoadAsync(db.DataSource, dataset, LoaderTestData.DataDirectory);

        var state = await DatabaseState.ReadAsync(db.DataSource);
        Assert.Equal(Layers.All, result.FeatureCounts.Keys);
        foreach (var layer in Layers.All)
        {
            Assert.Equal(dataset.Layers[layer].Count, result.FeatureCounts[layer]);
            Assert.Equal(dataset.Layers[layer].Count, state.Counts[layer]);
        }
        Assert.True(result.FeatureCounts[Layers.Population] > 1000);
        foreach (var layer in Layers.All)
        {
            await AssertSampleEqualsInputAsync(db.DataSource, layer);
        }
    }

    [SkippableFact]
    public async Task The_load_is_recorded_with_its_source_checksum_and_counts_and_the_life_circle_table()
    {
        await using var db = await TestDatabase.CreateAsync();

        var result = await LoaderTestData.LoadAsync(db.DataSource, LoaderTestData.DataDirectory, replace: true);

        await using (var command = db.DataSource.CreateCommand(
            "SELECT source, checksum, replaced, feature_counts::text FROM huayang.dataset_versions WHERE version = $1"))
        {
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = result.Version });
            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.Equal(LoaderTestData.DataDirectory, reader.GetString(0));
            Assert.Equal(DatasetChecksum.Compute(LoaderTestData.DataDirectory), reader.GetString(1));
            Assert.True(reader.GetBoolean(2));
            var counts = JsonSerializer.Deserialize<Dictionary<string, int>>(reader.GetString(3))!;
            Assert.Equal(result.FeatureCounts.OrderBy(c => c.Key), counts.OrderBy(c => c.Key));
        }

        await using var document = db.DataSource.CreateCommand("SELECT document::text FROM huayang.life_circles");
        var stored = JsonNode.Parse((string)(await document.ExecuteScalarAsync())!)!;
        var input = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(LoaderTestData.DataDirectory, Layers.LifeCirclesFile)))!;
        Assert.Equal(input["standard"]!.GetValue<string>(), stored["standard"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(input["categories"], stored["categories"]), stored["categories"]!.ToJsonString());
        Assert.True(JsonNode.DeepEquals(input["levels"], stored["levels"]), stored["levels"]!.ToJsonString());
    }

    [SkippableFact]
    public async Task Loading_the_same_data_twice_leaves_the_same_rows_and_adds_one_version()
    {
        await using var db = await TestDatabase.CreateAsync();
        var first = await LoaderTestData.LoadAsync(db.DataSource, LoaderTestData.DataDirectory);
        var once = await DatabaseState.ReadAsync(db.DataSource);

        var second = await LoaderTestData.LoadAsync(db.DataSource, LoaderTestData.DataDirectory);
        var twice = await DatabaseState.ReadAsync(db.DataSource);

        Assert.Equal(once.Counts, twice.Counts);
        Assert.Equal(once.Checksums, twice.Checksums);
        Assert.Equal(once.Versions + 1, twice.Versions);
        Assert.Equal(first.Version + 1, second.Version);
    }

    [SkippableFact]
    public async Task Replace_removes_rows_no_longer_in_the_dataset_while_a_merge_keeps_them()
    {
        await using var db = await TestDatabase.CreateAsync();
        await LoaderTestData.LoadAsync(db.DataSource, LoaderTestData.DataDirectory);
        var full = await DatabaseState.ReadAsync(db.DataSource);
        var indexes = await IndexDefinitionsAsync(db.DataSource);

        using var smaller = LoaderTestData.CopyOfBundled();
        var removed = RemoveLastFeatures(smaller.File("sites.geojson"), 10);
        File.Delete(smaller.File("walkways.geojson"));

        await LoaderTestData.LoadAsync(db.DataSource, smaller.Path, replace: false);
        var merged = await DatabaseState.ReadAsync(db.DataSource);
        Assert.Equal(full.Counts, merged.Counts);
        Assert.Equal(full.Checksums[Layers.Sites], merged.Checksums[Layers.Sites]);

        var result = await LoaderTestData.LoadAsync(db.DataSource, smaller.Path, replace: true);
        var replaced = await DatabaseState.ReadAsync(db.DataSource);
        Assert.Equal(full.Counts[Layers.Sites] - 10, replaced.Counts[Layers.Sites]);
        Assert.Equal(result.FeatureCounts[Layers.Sites], replaced.Counts[Layers.Sites]);
        Assert.Equal(0, replaced.Counts[Layers.Walkways]);
        Assert.Equal(full.Checksums[Layers.Communities], replaced.Checksums[Layers.Communities]);
        Assert.Equal(full.Checksums[Layers.Population], replaced.Checksums[Layers.Population]);
        await using var left = db.DataSource.CreateCommand("SELECT count(*) FROM huayang.sites WHERE id = ANY($1)");
        left.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = removed });
        Assert.Equal(0L, (long)(await left.ExecuteScalarAsync())!);
        Assert.Equal(indexes, await IndexDefinitionsAsync(db.DataSource));
    }

    /// <summary>Every index of the schema (a replacing load drops and rebuilds them), as its definition.</summary>
    private static async Task<List<string>> IndexDefinitionsAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand("SELECT indexdef FROM pg_indexes WHERE schemaname = 'huayang' ORDER BY indexname");
        await using var reader = await command.ExecuteReaderAsync();
        var definitions = new List<string>();
        while (await reader.ReadAsync())
        {
            definitions.Add(reader.GetString(0));
        }
        Assert.Contains(definitions, d => d.Contains("USING gist (point_m)", StringComparison.Ordinal));
        return definitions;
    }

    /// <summary>Removes the last <paramref name="count"/> features of a GeoJSON file; returns their ids.</summary>
    private static string[] RemoveLastFeatures(string path, int count)
    {
        var collection = JsonNode.Parse(File.ReadAllText(path))!;
        var features = collection["features"]!.AsArray();
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var last = features[^1]!;
            ids.Add(last["properties"]!["id"]!.GetValue<string>());
            features.RemoveAt(features.Count - 1);
        }
        File.WriteAllText(path, collection.ToJsonString());
        return [.. ids];
    }

    /// <summary>
    /// Compares a sample of a layer's rows with the input file: geometry (exactly, with SRID 4326), the
    /// properties object (JSON equality) and every typed column (the property of the same name).
    /// </summary>
    private static async Task AssertSampleEqualsInputAsync(NpgsqlDataSource dataSource, string layer)
    {
        var input = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        using var file = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(LoaderTestData.DataDirectory, layer + ".geojson")));
        foreach (var feature in file.RootElement.GetProperty("features").EnumerateArray())
        {
            input[feature.GetProperty("properties").GetProperty("id").GetString()!] = feature;
        }
        var features = LoaderTestData.BundledDataset.Layers[layer];
        var step = Math.Max(1, features.Count / Sample);
        var sample = features.Where((_, i) => i % step == 0)
            .ToDictionary(f => (string)f.Attributes["id"], f => f.Geometry, StringComparer.Ordinal);
        var table = LayerTables.For(layer);

        // Layer and column names come from the loader's whitelist.
        await using var command = dataSource.CreateCommand(
            $"SELECT id, properties::text, geom, ST_SRID(geom), {string.Join(", ", table.Typed.Select(c => c.Name + "::text"))} FROM {table.Table} WHERE id = ANY($1)");
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. sample.Keys] });
        await using var reader = await command.ExecuteReaderAsync();
        var seen = 0;
        while (await reader.ReadAsync())
        {
            seen++;
            var id = reader.GetString(0);
            var properties = input[id].GetProperty("properties");
            using var stored = JsonDocument.Parse(reader.GetString(1));
            Assert.True(JsonElement.DeepEquals(properties, stored.RootElement), $"{layer} {id}: properties {stored.RootElement}");
            var geometry = reader.GetFieldValue<Geometry>(2);
            Assert.True(sample[id].EqualsExact(geometry), $"{layer} {id}: {geometry} is not {sample[id]}");
            Assert.Equal(4326, reader.GetInt32(3));
            for (var c = 0; c < table.Typed.Count; c++)
            {
                var column = table.Typed[c].Name;
                var expected = properties.TryGetProperty(column, out var value) && value.ValueKind != JsonValueKind.Null
                    ? (value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetDecimal().ToString(System.Globalization.CultureInfo.InvariantCulture))
                    : null;
                Assert.Equal(expected, reader.IsDBNull(4 + c) ? null : reader.GetString(4 + c));
            }
        }
        Assert.Equal(sample.Count, seen);
    }
}
