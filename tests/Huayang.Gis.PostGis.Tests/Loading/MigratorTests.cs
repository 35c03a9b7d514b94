using Huayang.Gis.PostGis.Tests.Support;

namespace Huayang.Gis.PostGis.Tests.Loading;

public sealed class MigratorTests
{
    [SkippableFact]
    public async Task Migrate_applies_every_migration_once_and_a_second_run_is_a_no_op()
    {
        await using var db = await TestDatabase.CreateAsync();

        var first = await PostGisMigrator.MigrateAsync(db.DataSource);
        var second = await PostGisMigrator.MigrateAsync(db.DataSource);

        Assert.Equal(PostGisMigrator.Migrations.Select(m => m.Name), first);
        Assert.Contains("0001_initial", first);
        Assert.Empty(second);
        await using var recorded = db.DataSource.CreateCommand("SELECT version, name FROM huayang.schema_migrations ORDER BY version");
        await using var reader = await recorded.ExecuteReaderAsync();
        var rows = new List<(int, string)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetInt32(0), reader.GetString(1)));
        }
        Assert.Equal(PostGisMigrator.Migrations.Select(m => (m.Version, m.Name)), rows);
    }

    [SkippableFact]
    public async Task Concurrent_migrators_apply_each_migration_exactly_once()
    {
        await using var db = await TestDatabase.CreateAsync();

        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => PostGisMigrator.MigrateAsync(db.DataSource)));

        Assert.Equal(PostGisMigrator.Migrations.Select(m => m.Name), runs.SelectMany(r => r).Order(StringComparer.Ordinal));
        await using var count = db.DataSource.CreateCommand("SELECT count(*) FROM huayang.schema_migrations");
        Assert.Equal((long)PostGisMigrator.Migrations.Count, (long)(await count.ExecuteScalarAsync())!);
    }

    [Fact]
    public void Embedded_migrations_are_numbered_from_1_without_gaps()
    {
        Assert.Equal(Enumerable.Range(1, PostGisMigrator.Migrations.Count), PostGisMigrator.Migrations.Select(m => m.Version));
        Assert.All(PostGisMigrator.Migrations, m => Assert.False(string.IsNullOrWhiteSpace(m.Sql)));
    }
}
