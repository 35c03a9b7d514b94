using Huayang.Gis.Core.IO;
using Huayang.Gis.Core.Model;
using Huayang.Gis.PostGis.Tests.Support;
using Npgsql;

namespace Huayang.Gis.PostGis.Tests.Loading;

/// <summary>
/// A load's transaction begun before its dataset is read (<see cref="LoadSession"/>, what <c>huayang load</c> does while
/// it validates): missing migrations are applied inside it, so they commit with the load or not at all, and a load
/// through a session leaves what the migrate-then-load path leaves.
/// </summary>
public sealed class LoadSessionTests
{
    [SkippableFact]
    public async Task A_session_on_a_fresh_database_that_never_loads_leaves_no_schema()
    {
        await using var db = await TestDatabase.CreateAsync();

        await using (await LoadSession.BeginAsync(db.DataSource))
        {
            // The dataset did not validate: the session is disposed without a load.
        }

        Assert.False((await DatabaseState.ReadAsync(db.DataSource)).SchemaExists);
        Assert.Equal(PostGisMigrator.Migrations.Count, (await PostGisMigrator.MigrateAsync(db.DataSource)).Count);
    }

    [SkippableFact]
    public async Task A_refused_feature_in_the_first_load_of_a_fresh_database_rolls_back_the_migrations_too()
    {
        await using var db = await TestDatabase.CreateAsync();
        var dataset = DatasetReader.Read(LoaderTestData.DataDirectory);
        var site = dataset.Layers[Layers.Sites][^1];
        site.Attributes["status"] = "demolished";

        await using (var session = await LoadSession.BeginAsync(db.DataSource))
        {
            var error = await Assert.ThrowsAsync<PostGisLoadException>(() => session.LoadAsync(
                dataset, new LoadOptions(true, LoaderTestData.DataDirectory, DatasetChecksum.Compute(LoaderTestData.DataDirectory))));
            Assert.Equal("sites_status_check", error.Constraint);
        }

        Assert.False((await DatabaseState.ReadAsync(db.DataSource)).SchemaExists);
    }

    [SkippableFact]
    public async Task A_load_through_a_session_begun_before_reading_equals_a_load_into_a_migrated_database()
    {
        await using var migrated = await TestDatabase.CreateAsync();
        await using var fresh = await TestDatabase.CreateAsync();
        using var data = LoaderTestData.Generated(2);
        var options = new LoadOptions(true, data.Path, DatasetChecksum.Compute(data.Path));

        await PostGisMigrator.MigrateAsync(migrated.DataSource);
        var old = await PostGisLoader.LoadAsync(migrated.DataSource, DatasetReader.Read(data.Path), options);

        var begun = LoadSession.BeginAsync(fresh.DataSource);
        var dataset = DatasetReader.Read(data.Path);
        LoadResult result;
        await using (var session = await begun)
        {
            result = await session.LoadAsync(dataset, options);
        }

        Assert.Equal(old.FeatureCounts, result.FeatureCounts);
        var expected = await DatabaseState.ReadAsync(migrated.DataSource);
        var actual = await DatabaseState.ReadAsync(fresh.DataSource);
        Assert.Equal(expected.Counts, actual.Counts);
        Assert.Equal(expected.Checksums, actual.Checksums);
        Assert.Equal(await WalkTablesAsync(migrated.DataSource), await WalkTablesAsync(fresh.DataSource));
        Assert.Equal(await MigrationsAsync(migrated.DataSource), await MigrationsAsync(fresh.DataSource));
        Assert.Empty(await PostGisMigrator.MigrateAsync(fresh.DataSource));
    }

    [SkippableFact]
    public async Task A_migrator_waits_for_a_session_that_is_applying_the_migrations_and_applies_them_after_its_rollback()
    {
        await using var db = await TestDatabase.CreateAsync();
        var session = await LoadSession.BeginAsync(db.DataSource);
        var migrator = PostGisMigrator.MigrateAsync(db.DataSource);

        // Not an assertion on time: the migrator cannot finish while the session holds the migrations' lock.
        await Task.Delay(300);
        Assert.False(migrator.IsCompleted);

        await session.DisposeAsync();
        Assert.Equal(PostGisMigrator.Migrations.Count, (await migrator).Count);
    }

    [SkippableFact]
    public async Task A_session_on_an_up_to_date_database_does_not_hold_the_migrations_lock()
    {
        await using var db = await TestDatabase.CreateAsync();
        await PostGisMigrator.MigrateAsync(db.DataSource);

        await using var session = await LoadSession.BeginAsync(db.DataSource);
        Assert.Empty(await PostGisMigrator.MigrateAsync(db.DataSource));
    }

    private static async Task<string[]> MigrationsAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand("SELECT version || ' ' || name FROM huayang.schema_migrations ORDER BY version");
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }
        return [.. rows];
    }

    private static async Task<string> WalkTablesAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT (SELECT count(*) || ' ' || md5(coalesce(string_agg(e::text, E'\n' ORDER BY e.id), '')) FROM huayang.walk_edges e)
                || ' ' || (SELECT count(*) || ' ' || md5(coalesce(string_agg(n::text, E'\n' ORDER BY n.id), '')) FROM huayang.walk_nodes n)
            """);
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
