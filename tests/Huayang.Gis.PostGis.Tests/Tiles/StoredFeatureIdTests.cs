using Huayang.Gis.Core.Model;
using Huayang.Gis.Core.Store;
using Huayang.Gis.Core.Tiles;
using Huayang.Gis.PostGis.Store;
using Huayang.Gis.PostGis.Tests.Loading;
using Huayang.Gis.PostGis.Tests.Support;
using Huayang.Gis.Tests;
using NetTopologySuite.Features;
using Npgsql;

namespace Huayang.Gis.PostGis.Tests.Tiles;

/// <summary>
/// The vector-tile feature id each layer row keeps (<c>tile_fid</c>, migration 6) is the id .NET gives
/// (<see cref="VectorTileFeatureId.For"/>) for every row: written by the loader (replacing, merging, a declared layer),
/// by the edit API or any SQL client (the trigger of migration 7, which replaces a wrong value), renamed, and rows
/// that were in the database before migrations 6 and 7.
/// </summary>
public sealed class StoredFeatureIdTests
{
    private static readonly string[] Tables = [.. Layers.All, "bus_stops"];

    [SkippableFact]
    public async Task Every_loaded_row_of_every_layer_keeps_the_id_dotnet_gives_after_merging_and_replacing_loads()
    {
        await using var db = await TestDatabase.CreateAsync();
        using var data = DeclaredLayerData.Create();

        // A merge into empty tables (staging, INSERT … SELECT), a merge over the same rows (ON CONFLICT DO UPDATE),
        // then a replacing load (COPY straight into the emptied tables).
        foreach (var replace in (bool[])[false, false, true])
        {
            await LoaderTestData.LoadAsync(db.DataSource, data.Directory, replace);
            var rows = 0;
            foreach (var layer in Tables)
            {
                rows += await AssertStoredIdsAsync(db.DataSource, layer);
            }
            Assert.True(rows > 6000, $"only {rows} rows compared");
        }
    }

    [SkippableFact]
    public async Task A_row_written_or_renamed_by_plain_SQL_gets_its_id_from_the_database_even_with_a_wrong_one()
    {
        await using var db = await TestDatabase.CreateAsync();
        using var declared = DeclaredLayerData.Create();
        await LoaderTestData.LoadAsync(db.DataSource, declared.Directory);

        const string chinese = "站点-华阳-国际学校-1";
        await InsertSiteAsync(db.DataSource, chinese, tileFid: null);
        Assert.Equal(VectorTileFeatureId.For(chinese), await StoredIdAsync(db.DataSource, "sites", chinese));

        await InsertSiteAsync(db.DataSource, chinese + "-wrong", tileFid: 42);
        Assert.Equal(VectorTileFeatureId.For(chinese + "-wrong"), await StoredIdAsync(db.DataSource, "sites", chinese + "-wrong"));

        await ExecuteAsync(db.DataSource, "UPDATE huayang.sites SET id = $2 WHERE id = $1", chinese, chinese + "-b");
        Assert.Equal(VectorTileFeatureId.For(chinese + "-b"), await StoredIdAsync(db.DataSource, "sites", chinese + "-b"));
        Assert.NotEqual(VectorTileFeatureId.For(chinese), VectorTileFeatureId.For(chinese + "-b"));

        await ExecuteAsync(db.DataSource, "UPDATE huayang.sites SET tile_fid = 7 WHERE id = $1", chinese + "-b");
        await ExecuteAsync(db.DataSource, "UPDATE huayang.sites SET name_en = 'Renamed' WHERE id = $1", chinese + "-b");
        Assert.Equal(VectorTileFeatureId.For(chinese + "-b"), await StoredIdAsync(db.DataSource, "sites", chinese + "-b"));

        // A declared layer's table, made by the loader, has the same trigger.
        await ExecuteAsync(db.DataSource, "UPDATE huayang.bus_stops SET id = $2, tile_fid = 1 WHERE id = $1", "bs-1", "bs-1b");
        Assert.Equal(VectorTileFeatureId.For("bs-1b"), await StoredIdAsync(db.DataSource, "bus_stops", "bs-1b"));
    }

    [SkippableFact]
    public async Task A_feature_created_through_the_edit_API_gets_its_id_from_the_database()
    {
        await using var db = await TestDatabase.CreateAsync();
        await LoaderTestData.LoadAsync(db.DataSource, LoaderTestData.DataDirectory);
        await using var store = await PostGisSpatialStore.OpenAsync(db.DataSource);
        var site = LoaderTestData.BundledDataset.Layers[Layers.Sites][0];
        const string id = "站点-编辑-1";
        var attributes = new AttributesTable();
        foreach (var name in site.Attributes.GetNames())
        {
            attributes.Add(name, name == "id" ? id : site.Attributes[name]);
        }

        var created = await store.EditAsync(new FeatureEdit(
            Layers.Sites, id, EditOperation.Create, new Feature(site.Geometry.Copy(), attributes), null, "test"));

        Assert.Equal(EditStatus.Done, created.Status);
        Assert.Equal(VectorTileFeatureId.For(id), await StoredIdAsync(db.DataSource, Layers.Sites, id));
    }

    [SkippableFact]
    public async Task The_loaders_setting_ends_with_its_transaction()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var connection = await db.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await PostGisMigrator.ApplyInTransactionAsync(connection, transaction, default);
        var dataset = LoaderTestData.BundledDataset;
        var directory = LoaderTestData.DataDirectory;
        await PostGisLoader.LoadInAsync(connection, transaction, dataset,
            new LoadOptions(false, directory, DatasetChecksum.Compute(directory)), null, default);

        // The load committed; on the same connection, a wrong tile_fid is recomputed again.
        await using var insert = new NpgsqlCommand(
            """
            INSERT INTO huayang.sites (id, name_zh, name_en, category, status, geom, tile_fid)
            VALUES ('after-load', '加载后', 'After the load', 'school', 'planned', ST_SetSRID(ST_MakePoint(104.05, 30.49), 4326), 42)
            RETURNING tile_fid, current_setting('huayang.tile_fid_written', true)
            """, connection);
        await using var reader = await insert.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(VectorTileFeatureId.For("after-load"), (ulong)reader.GetInt64(0));
        Assert.NotEqual("on", reader.IsDBNull(1) ? null : reader.GetString(1));
    }

    [SkippableFact]
    public async Task Migrating_a_database_at_version_6_to_7_keeps_every_rows_id_and_adds_the_trigger()
    {
        await using var db = await TestDatabase.CreateAsync();
        using var data = DeclaredLayerData.Create();
        await LoaderTestData.LoadAsync(db.DataSource, data.Directory);
        // Back to version 6: what migration 7 made undone, then migration 6's SQL run again (generated columns).
        await ExecuteAsync(db.DataSource, UndoVersion7Sql() + DropTileFidSql() +
            "DROP FUNCTION huayang.tile_feature_id(text); " + PostGisMigrator.Migrations.Single(m => m.Version == 6).Sql);
        Assert.Equal(Tables.Length, await CountAsync(db.DataSource,
            "SELECT count(*) FROM pg_attribute WHERE attname = 'tile_fid' AND attgenerated = 's' AND attrelid::regclass::text LIKE 'huayang.%'"));

        var applied = await PostGisMigrator.MigrateAsync(db.DataSource);

        Assert.Equal(["0007_tile_fid_written_by_loader"], applied);
        foreach (var table in Tables)
        {
            await AssertStoredIdsAsync(db.DataSource, table);
        }
        Assert.Equal(Tables.Length, await CountAsync(db.DataSource,
            "SELECT count(*) FROM pg_attribute WHERE attname = 'tile_fid' AND attgenerated = '' AND attnotnull AND attrelid::regclass::text LIKE 'huayang.%'"));
        Assert.Equal(Tables.Length, await CountAsync(db.DataSource,
            "SELECT count(*) FROM pg_trigger WHERE tgname = 'tile_fid' AND tgrelid::regclass::text LIKE 'huayang.%'"));
        await InsertSiteAsync(db.DataSource, "migrated-7", tileFid: 42);
        Assert.Equal(VectorTileFeatureId.For("migrated-7"), await StoredIdAsync(db.DataSource, Layers.Sites, "migrated-7"));
    }

    [SkippableFact]
    public async Task Migrating_a_database_loaded_before_version_6_gives_every_existing_row_its_id()
    {
        await using var db = await TestDatabase.CreateAsync();
        using var data = DeclaredLayerData.Create();
        await LoaderTestData.LoadAsync(db.DataSource, data.Directory);
        // Back to version 5: the column, the functions, the triggers and the migrations' records gone, the rows kept.
        await ExecuteAsync(db.DataSource, UndoVersion7Sql() + DropTileFidSql() +
            "DROP FUNCTION huayang.tile_feature_id(text); DELETE FROM huayang.schema_migrations WHERE version = 6");

        var applied = await PostGisMigrator.MigrateAsync(db.DataSource);

        Assert.Equal(["0006_tile_feature_ids", "0007_tile_fid_written_by_loader"], applied);
        foreach (var table in Tables)
        {
            await AssertStoredIdsAsync(db.DataSource, table);
        }
    }

    /// <summary>Drops what migration 7 made (the triggers and their functions) and forgets it.</summary>
    private static string UndoVersion7Sql() =>
        string.Concat(Tables.Select(t => $"DROP TRIGGER tile_fid ON huayang.{t}; ")) +
        "DROP FUNCTION huayang.add_tile_fid_trigger(regclass); DROP FUNCTION huayang.set_tile_fid(); " +
        "DELETE FROM huayang.schema_migrations WHERE version = 7; ";

    private static string DropTileFidSql() => string.Concat(Tables.Select(t => $"ALTER TABLE huayang.{t} DROP COLUMN tile_fid; "));

    private static async Task InsertSiteAsync(NpgsqlDataSource dataSource, string id, long? tileFid)
    {
        await using var insert = dataSource.CreateCommand(
            $"""
            INSERT INTO huayang.sites (id, name_zh, name_en, category, status, geom{(tileFid is null ? "" : ", tile_fid")})
            VALUES ($1, '华阳国际学校', 'Huayang International School', 'school', 'planned', ST_SetSRID(ST_MakePoint(104.05, 30.49), 4326){(tileFid is null ? "" : $", {tileFid}")})
            """);
        insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = id });
        await insert.ExecuteNonQueryAsync();
    }

    private static async Task ExecuteAsync(NpgsqlDataSource dataSource, string sql, params string[] parameters)
    {
        await using var command = dataSource.CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = parameter });
        }
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<int> CountAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        return (int)(long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Compares every row's stored id with .NET's; returns how many rows there were.</summary>
    private static async Task<int> AssertStoredIdsAsync(NpgsqlDataSource dataSource, string layer)
    {
        await using var command = dataSource.CreateCommand($"SELECT id, tile_fid FROM huayang.{layer}");
        await using var reader = await command.ExecuteReaderAsync();
        var rows = 0;
        while (await reader.ReadAsync())
        {
            var id = reader.GetString(0);
            Assert.False(reader.IsDBNull(1), $"{layer} {id}: no tile_fid");
            Assert.True(VectorTileFeatureId.For(id) == (ulong)reader.GetInt64(1), $"{layer} {id}: tile_fid {reader.GetInt64(1)}, .NET {VectorTileFeatureId.For(id)}");
            rows++;
        }
        Assert.True(rows > 0, $"{layer}: no rows");
        return rows;
    }

    private static async Task<ulong> StoredIdAsync(NpgsqlDataSource dataSource, string layer, string id)
    {
        await using var command = dataSource.CreateCommand($"SELECT tile_fid FROM huayang.{layer} WHERE id = $1");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = id });
        return (ulong)(long)(await command.ExecuteScalarAsync())!;
    }
}
