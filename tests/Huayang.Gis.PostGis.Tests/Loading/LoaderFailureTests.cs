using System.Text.Json.Nodes;
using Huayang.Gis.Core.IO;
using Huayang.Gis.Core.Model;
using Huayang.Gis.PostGis.Tests.Support;
using Npgsql;

namespace Huayang.Gis.PostGis.Tests.Loading;

/// <summary>Loads that fail leave the database exactly as it was, and the next load succeeds.</summary>
public sealed class LoaderFailureTests
{
    [SkippableFact]
    public async Task A_bad_feature_in_the_middle_of_a_file_is_named_and_nothing_is_written()
    {
        await using var db = await TestDatabase.CreateAsync();
        await LoaderTestData.LoadAsync(db.DataSource, LoaderTestData.DataDirectory);
        var before = await DatabaseState.ReadAsync(db.DataSource);
        using var bad = LoaderTestData.CopyOfBundled();
        var path = bad.File("population.geojson");
        var collection = JsonNode.Parse(await File.ReadAllTextAsync(path))!;
        var features = collection["features"]!.AsArray();
        var middle = features.Count / 2;
        var properties = features[middle]!["properties"]!;
        var id = properties["id"]!.GetValue<string>();
        properties["residents"] = "many";
        await File.WriteAllTextAsync(path, collection.ToJsonString());

        var error = await Assert.ThrowsAsync<DatasetValidationException>(
            () => LoaderTestData.LoadAsync(db.DataSource, bad.Path, replace: true));

        var problem = Assert.Single(error.Problems, p => p.FeatureIndex is not null);
        Assert.Equal("population.geojson", problem.File);
        Assert.Equal(middle, problem.FeatureIndex);
        Assert.Equal(id, problem.FeatureId);
        Assert.Equal("residents", problem.Field);
        (await DatabaseState.ReadAsync(db.DataSource)).AssertSameAs(before);
    }

    [SkippableFact]
    public async Task A_feature_the_database_refuses_rolls_back_everything_and_is_named_with_its_constraint()
    {
        await using var db = await TestDatabase.CreateAsync();
        await LoaderTestData.LoadAsync(db.DataSource, LoaderTestData.DataDirectory);
        var before = await DatabaseState.ReadAsync(db.DataSource);
        // Valid for NTS and the reader, refused by the table's CHECK: the dataset is changed after validation,
        // in the last layer written, so that every other layer has been merged when the database says no.
        var dataset = DatasetReader.Read(LoaderTestData.DataDirectory);
        var site = dataset.Layers[Layers.Sites][dataset.Layers[Layers.Sites].Count / 2];
        site.Attributes["status"] = "demolished";
        Assert.Equal(Layers.Sites, LayerTables.All[^1].Layer);

        var error = await Assert.ThrowsAsync<PostGisLoadException>(
            () => LoaderTestData.LoadAsync(db.DataSource, dataset, LoaderTestData.DataDirectory, replace: true));

        Assert.Equal(Layers.Sites, error.Layer);
        Assert.Equal(site.Attributes["id"], error.FeatureId);
        Assert.Equal("sites_status_check", error.Constraint);
        Assert.Contains("sites_status_check", error.Message);
        Assert.Contains((string)site.Attributes["id"], error.Message);
        Assert.Equal(PostgresErrorCodes.CheckViolation, Assert.IsType<PostgresException>(error.InnerException).SqlState);
        (await DatabaseState.ReadAsync(db.DataSource)).AssertSameAs(before);

        await LoaderTestData.LoadAsync(db.DataSource, LoaderTestData.DataDirectory, replace: true);
        Assert.Equal(before.Checksums, (await DatabaseState.ReadAsync(db.DataSource)).Checksums);
    }

    [SkippableFact]
    public async Task A_missing_required_value_is_named_by_layer_feature_and_column()
    {
        await using var db = await TestDatabase.CreateAsync();
        await LoaderTestData.LoadAsync(db.DataSource, LoaderTestData.DataDirectory);
        var before = await DatabaseState.ReadAsync(db.DataSource);
        var dataset = DatasetReader.Read(LoaderTestData.DataDirectory);
        var community = dataset.Layers[Layers.Communities][3];
        community.Attributes["name_zh"] = null;

        var error = await Assert.ThrowsAsync<PostGisLoadException>(
            () => LoaderTestData.LoadAsync(db.DataSource, dataset, LoaderTestData.DataDirectory));

        Assert.Equal(Layers.Communities, error.Layer);
        Assert.Equal(community.Attributes["id"], error.FeatureId);
        Assert.Equal("name_zh", error.Constraint);
        (await DatabaseState.ReadAsync(db.DataSource)).AssertSameAs(before);
    }

    [SkippableTheory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_duplicated_id_is_named_and_nothing_is_written(bool replace)
    {
        await using var db = await TestDatabase.CreateAsync();
        await LoaderTestData.LoadAsync(db.DataSource, LoaderTestData.DataDirectory);
        var before = await DatabaseState.ReadAsync(db.DataSource);
        var dataset = DatasetReader.Read(LoaderTestData.DataDirectory);
        var plan = dataset.Layers[Layers.Plan];
        var duplicated = (string)plan[0].Attributes["id"];
        plan[^1].Attributes["id"] = duplicated;

        var error = await Assert.ThrowsAsync<PostGisLoadException>(
            () => LoaderTestData.LoadAsync(db.DataSource, dataset, LoaderTestData.DataDirectory, replace));

        Assert.Equal(Layers.Plan, error.Layer);
        Assert.Equal(duplicated, error.FeatureId);
        (await DatabaseState.ReadAsync(db.DataSource)).AssertSameAs(before);
    }

    [SkippableFact]
    public async Task Cancelling_after_the_first_layer_rolls_back_everything_and_the_next_load_succeeds()
    {
        await using var db = await TestDatabase.CreateAsync();
        await LoaderTestData.LoadAsync(db.DataSource, LoaderTestData.DataDirectory);
        var before = await DatabaseState.ReadAsync(db.DataSource);
        using var smaller = LoaderTestData.CopyOfBundled();
        File.Delete(smaller.File("roads.geojson"));
        using var cancel = new CancellationTokenSource();
        var first = LayerTables.All[0].Layer;
        var layersStarted = new List<string>();
        var progress = new SynchronousProgress(p =>
        {
            if (p.RowsWritten == 0)
            {
                layersStarted.Add(p.Layer);
            }
            if (p.Layer == first && p.RowsWritten == p.RowsTotal)
            {
                cancel.Cancel();
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => LoaderTestData.LoadAsync(db.DataSource, smaller.Path, replace: true, progress, cancel.Token));

        Assert.Equal(new[] { first }, layersStarted);
        (await DatabaseState.ReadAsync(db.DataSource)).AssertSameAs(before);
        await LoaderTestData.LoadAsync(db.DataSource, smaller.Path, replace: true);
        var after = await DatabaseState.ReadAsync(db.DataSource);
        Assert.Equal(0, after.Counts[Layers.Roads]);
        Assert.Equal(before.Versions + 1, after.Versions);
    }

    [SkippableFact]
    public async Task A_connection_killed_mid_load_rolls_back_everything_and_the_next_load_succeeds()
    {
        await using var db = await TestDatabase.CreateAsync();
        await LoaderTestData.LoadAsync(db.DataSource, LoaderTestData.DataDirectory);
        var before = await DatabaseState.ReadAsync(db.DataSource);
        using var large = LoaderTestData.Generated(scale: 10);
        var dataset = DatasetReader.Read(large.Path);
        Assert.True(dataset.Layers[Layers.Population].Count > 10 * PostGisLoader.ProgressInterval);

        var applicationName = "huayang-loader-" + Guid.NewGuid().ToString("N");
        await using var loaderSource = PostGisDataSource.Create(
            new NpgsqlConnectionStringBuilder(db.ConnectionString) { ApplicationName = applicationName }.ConnectionString);
        var terminated = 0;
        long rowsAtKill = 0;
        var progress = new SynchronousProgress(p =>
        {
            if (p.Layer == Layers.Population && p.RowsWritten > 0 && terminated == 0)
            {
                rowsAtKill = p.RowsWritten;
                using var admin = new NpgsqlConnection(db.ConnectionString);
                admin.Open();
                using var kill = new NpgsqlCommand(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = $1 AND pid <> pg_backend_pid()",
                    admin);
                kill.Parameters.Add(new NpgsqlParameter<string> { TypedValue = applicationName });
                terminated = (int)(long)kill.ExecuteScalar()!;
            }
        });

        await Assert.ThrowsAnyAsync<NpgsqlException>(
            () => LoaderTestData.LoadAsync(loaderSource, dataset, large.Path, replace: true, progress));

        Assert.Equal(1, terminated);
        Assert.True(rowsAtKill < dataset.Layers[Layers.Population].Count);
        (await DatabaseState.ReadAsync(db.DataSource)).AssertSameAs(before);
        var result = await LoaderTestData.LoadAsync(loaderSource, dataset, large.Path, replace: true);
        var after = await DatabaseState.ReadAsync(db.DataSource);
        Assert.Equal(dataset.Layers[Layers.Population].Count, after.Counts[Layers.Population]);
        Assert.Equal(before.Versions + 1, after.Versions);
        Assert.Equal(after.Versions, result.Version);
    }
}
