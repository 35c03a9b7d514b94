using System.Text.Json.Nodes;
using Huayang.Gis.Cli;
using Huayang.Gis.Core.IO;
using Huayang.Gis.Core.Model;
using Huayang.Gis.PostGis.Tests.Support;
using NetTopologySuite.Features;
using Npgsql;

namespace Huayang.Gis.PostGis.Tests.Loading;

/// <summary>
/// A load checks the cross-layer rules of <c>huayang validate</c> on the tables as it leaves them, and refuses
/// (rolling everything back) a load whose merged result breaks one.
/// </summary>
/// <remarks>The population case uses a generated dataset of scale 10 rather than 200 to keep the tests short:
/// the bundled data merged into any scale above 1 leaves the larger dataset's extra cells counting for the
/// bundled communities.</remarks>
public sealed class LoadCheckTests
{
    private const int Scale = 10;

    [SkippableFact]
    public async Task Merging_the_bundled_data_into_a_larger_dataset_is_refused_naming_every_population_sum_and_changes_nothing()
    {
        await using var db = await TestDatabase.CreateAsync();
        using var large = LoaderTestData.Generated(Scale);
        var generated = DatasetReader.Read(large.Path);
        await LoaderTestData.LoadAsync(db.DataSource, generated, large.Path, replace: true);
        var before = await DatabaseState.ReadAsync(db.DataSource);
        var bundled = LoaderTestData.BundledDataset;

        var error = await Assert.ThrowsAsync<LoadCheckException>(
            () => LoaderTestData.LoadAsync(db.DataSource, bundled, LoaderTestData.DataDirectory));

        // The merged result computed here, independently: rows by id, the bundled ones replacing the generated.
        var communities = Merge(generated, bundled, Layers.Communities);
        var sums = Merge(generated, bundled, Layers.Population).Values
            .GroupBy(c => (string)c.Attributes["community_id"])
            .ToDictionary(g => g.Key, g => g.Sum(c => Convert.ToInt64(c.Attributes["residents"], System.Globalization.CultureInfo.InvariantCulture)));
        var expected = communities.Values
            .Select(c => (Id: (string)c.Attributes["id"], Population: Convert.ToInt64(c.Attributes["population"], System.Globalization.CultureInfo.InvariantCulture)))
            .Select(c => (c.Id, c.Population, Actual: sums.GetValueOrDefault(c.Id)))
            .Where(c => c.Actual != c.Population)
            .OrderBy(c => c.Id, StringComparer.Ordinal)
            .Select(c => new DatasetProblem(
                "huayang.communities", null, c.Id, "population", c.Population.ToString(System.Globalization.CultureInfo.InvariantCulture),
                CrossLayerChecker.ResidentsMismatch("huayang.population", c.Actual, c.Population)))
            .ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, error.Problems);
        Assert.Equal(LoaderTestData.DataDirectory, error.DatasetSource);
        Assert.Contains(expected[0].ToString(), error.Message);
        Assert.Matches(
            "^huayang\\.communities: id \"[^\"]+\": field \"population\": value \"\\d+\": the residents of this community's " +
            "cells in huayang\\.population add up to \\d+, not the community's population \\d+$",
            expected[0].ToString());
        (await DatabaseState.ReadAsync(db.DataSource)).AssertSameAs(before);
    }

    [SkippableFact]
    public async Task Huayang_load_of_the_bundled_data_into_a_larger_dataset_exits_1_printing_the_problems()
    {
        await using var db = await TestDatabase.CreateAsync();
        using var large = LoaderTestData.Generated(Scale);
        await LoaderTestData.LoadAsync(db.DataSource, large.Path, replace: true);
        var before = await DatabaseState.ReadAsync(db.DataSource);

        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await HuayangCli.RunAsync(["load", LoaderTestData.DataDirectory, "--pg", db.ConnectionString], output, error);

        Assert.Equal(HuayangCli.DataProblems, code);
        var lines = error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var header = Assert.Single(lines, l => l.StartsWith("huayang: loading", StringComparison.Ordinal));
        Assert.Contains("nothing was loaded", header);
        var problems = lines.Where(l => l.StartsWith("huayang.communities: id ", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(problems);
        Assert.Contains($"would leave {problems.Count} problems", header);
        Assert.All(problems, p => Assert.Contains("the residents of this community's cells in huayang.population add up to", p));
        Assert.DoesNotContain("dataset version", output.ToString());
        (await DatabaseState.ReadAsync(db.DataSource)).AssertSameAs(before);
    }

    [SkippableFact]
    public async Task A_merge_that_leaves_a_reference_to_a_missing_id_is_refused_and_changes_nothing()
    {
        await using var db = await TestDatabase.CreateAsync();
        await LoaderTestData.LoadAsync(db.DataSource, LoaderTestData.DataDirectory);
        var before = await DatabaseState.ReadAsync(db.DataSource);
        // Changed after validation (the loader trusts its dataset), so that only the database check can see it.
        var dataset = DatasetReader.Read(LoaderTestData.DataDirectory);
        var site = dataset.Layers[Layers.Sites][dataset.Layers[Layers.Sites].Count / 2];
        site.Attributes["plan_element"] = "no-such-plan";
        var cell = dataset.Layers[Layers.Population][0];
        var home = (string)cell.Attributes["community_id"];
        cell.Attributes["community_id"] = "no-such-community";

        var error = await Assert.ThrowsAsync<LoadCheckException>(
            () => LoaderTestData.LoadAsync(db.DataSource, dataset, LoaderTestData.DataDirectory));

        var dangling = error.Problems.Where(p => p.Field != "population").ToList();
        Assert.Equal(
            [
                new DatasetProblem("huayang.sites", null, (string)site.Attributes["id"], "plan_element", "no-such-plan",
                    CrossLayerChecker.UnknownId("huayang.plan")),
                new DatasetProblem("huayang.population", null, (string)cell.Attributes["id"], "community_id", "no-such-community",
                    CrossLayerChecker.UnknownId("huayang.communities")),
            ],
            dangling);
        Assert.Equal(
            "huayang.sites: id \"" + site.Attributes["id"] + "\": field \"plan_element\": value \"no-such-plan\": " +
            "unknown id: no feature of huayang.plan has this id",
            dangling[0].ToString());
        // The cell moved out of its community, whose residents no longer add up.
        var community = Assert.Single(error.Problems, p => p.Field == "population");
        Assert.Equal(home, community.FeatureId);
        (await DatabaseState.ReadAsync(db.DataSource)).AssertSameAs(before);
    }

    [SkippableFact]
    public async Task A_merge_whose_life_circle_table_drops_a_category_that_kept_sites_still_use_is_refused()
    {
        await using var db = await TestDatabase.CreateAsync();
        await LoaderTestData.LoadAsync(db.DataSource, LoaderTestData.DataDirectory);
        var before = await DatabaseState.ReadAsync(db.DataSource);
        const string dropped = "international_school";
        using var changed = LoaderTestData.CopyOfBundled();
        var lifeCircles = JsonNode.Parse(await File.ReadAllTextAsync(changed.File(Layers.LifeCirclesFile)))!;
        var categories = lifeCircles["categories"]!.AsArray();
        categories.Remove(Assert.Single(categories, c => (string?)c!["id"] == dropped));
        await File.WriteAllTextAsync(changed.File(Layers.LifeCirclesFile), lifeCircles.ToJsonString());
        var sites = JsonNode.Parse(await File.ReadAllTextAsync(changed.File("sites.geojson")))!;
        var features = sites["features"]!.AsArray();
        var removed = features.Where(f => (string?)f!["properties"]!["category"] == dropped).ToList();
        Assert.NotEmpty(removed);
        foreach (var feature in removed)
        {
            features.Remove(feature);
        }
        await File.WriteAllTextAsync(changed.File("sites.geojson"), sites.ToJsonString());
        // The further standards name the category too; without them the dataset is valid on its own.
        foreach (var standard in Directory.EnumerateFiles(changed.Path, "standard-*.json"))
        {
            File.Delete(standard);
        }

        var dataset = DatasetReader.Read(changed.Path);

        var error = await Assert.ThrowsAsync<LoadCheckException>(() => LoaderTestData.LoadAsync(db.DataSource, dataset, changed.Path));

        var message = CrossLayerChecker.NotACategory(dataset.LifeCircles.Categories.Select(c => c.Id));
        Assert.Equal(
            removed.Select(f => (string)f!["properties"]!["id"]!).Order(StringComparer.Ordinal)
                .Select(id => new DatasetProblem("huayang.sites", null, id, "category", dropped, message)),
            error.Problems);
        (await DatabaseState.ReadAsync(db.DataSource)).AssertSameAs(before);
    }

    [SkippableFact]
    public async Task Correct_loads_still_succeed_merging_the_same_data_again_and_replacing_a_larger_dataset()
    {
        await using var db = await TestDatabase.CreateAsync();
        using var large = LoaderTestData.Generated(Scale);
        await LoaderTestData.LoadAsync(db.DataSource, large.Path);
        await LoaderTestData.LoadAsync(db.DataSource, large.Path);
        var merged = await DatabaseState.ReadAsync(db.DataSource);

        await LoaderTestData.LoadAsync(db.DataSource, LoaderTestData.DataDirectory, replace: true);

        var replaced = await DatabaseState.ReadAsync(db.DataSource);
        Assert.Equal(2, merged.Versions);
        Assert.Equal(3, replaced.Versions);
        foreach (var layer in Layers.All)
        {
            Assert.Equal(LoaderTestData.BundledDataset.Layers[layer].Count, replaced.Counts[layer]);
        }
    }

    [SkippableFact]
    public async Task Loaded_at_is_the_database_clock_after_the_last_layer_started_not_the_transaction_start()
    {
        await using var db = await TestDatabase.CreateAsync();
        var last = LayerTables.All[^1].Layer;
        DateTime? lastLayerStarted = null;
        var progress = new SynchronousProgress(p =>
        {
            if (p.Layer == last && p.RowsWritten == 0)
            {
                using var command = db.DataSource.CreateCommand("SELECT clock_timestamp()");
                lastLayerStarted = (DateTime)command.ExecuteScalar()!;
            }
        });

        var result = await LoaderTestData.LoadAsync(db.DataSource, LoaderTestData.DataDirectory, progress: progress);

        await using var read = db.DataSource.CreateCommand("SELECT loaded_at, clock_timestamp() FROM huayang.dataset_versions WHERE version = $1");
        read.Parameters.Add(new NpgsqlParameter<long> { TypedValue = result.Version });
        await using var reader = await read.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        var loadedAt = reader.GetDateTime(0);
        Assert.NotNull(lastLayerStarted);
        Assert.True(loadedAt >= lastLayerStarted, $"loaded_at {loadedAt:O} is before the last layer started at {lastLayerStarted:O}");
        Assert.True(loadedAt <= reader.GetDateTime(1));
    }

    private static Dictionary<string, IFeature> Merge(Dataset first, Dataset second, string layer)
    {
        var rows = first.Layers[layer].ToDictionary(f => (string)f.Attributes["id"], StringComparer.Ordinal);
        foreach (var feature in second.Layers[layer])
        {
            rows[(string)feature.Attributes["id"]] = feature;
        }
        return rows;
    }
}
