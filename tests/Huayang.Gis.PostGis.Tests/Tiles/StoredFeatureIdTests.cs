using Huayang.Gis.Core.Model;
using Huayang.Gis.Core.Tiles;
using Huayang.Gis.PostGis.Tests.Loading;
using Huayang.Gis.PostGis.Tests.Support;
using Huayang.Gis.Tests;
using Npgsql;

namespace Huayang.Gis.PostGis.Tests.Tiles;

/// <summary>
/// The vector-tile feature id each layer row keeps (<c>tile_fid</c>, migration 6) is the id .NET gives
/// (<see cref="VectorTileFeatureId.For"/>) for every row: loaded, declared, written by any client, renamed, and
/// rows that were in the database before the migration.
/// </summary>
public sealed class StoredFeatureIdTests
{
    [SkippableFact]
    public async Task Every_loaded_row_of_every_layer_keeps_the_id_dotnet_gives()
    {
        await using var db = await TestDatabase.CreateAsync();
        using var data = DeclaredLayerData.Create();
        await LoaderTestData.LoadAsync(db.DataSource, data.Directory);

        var rows = 0;
        foreach (var layer in (string[])[.. Layers.All, "bus_stops"])
        {
            rows += await AssertStoredIdsAsync(db.DataSource, layer);
        }
        Assert.True(rows > 6000, $"only {rows} rows compared");
    }

    [SkippableFact]
    public async Task A_row_written_or_renamed_by_any_client_gets_its_id_from_the_database()
    {
        await using var db = await TestDatabase.CreateAsync();
        await LoaderTestData.LoadAsync(db.DataSource, LoaderTestData.DataDirectory);

        const string chinese = "站点-华阳-国际学校-1";
        await using (var insert = db.DataSource.CreateCommand(
            """
            INSERT INTO huayang.sites (id, name_zh, name_en, category, status, geom)
            VALUES ($1, '华阳国际学校', 'Huayang International School', 'school', 'planned', ST_SetSRID(ST_MakePoint(104.05, 30.49), 4326))
            """))
        {
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = chinese });
            await insert.ExecuteNonQueryAsync();
        }
        Assert.Equal(VectorTileFeatureId.For(chinese), await StoredIdAsync(db.DataSource, "sites", chinese));

        await using (var rename = db.DataSource.CreateCommand("UPDATE huayang.sites SET id = $2 WHERE id = $1"))
        {
            rename.Parameters.Add(new NpgsqlParameter<string> { TypedValue = chinese });
            rename.Parameters.Add(new NpgsqlParameter<string> { TypedValue = chinese + "-b" });
            await rename.ExecuteNonQueryAsync();
        }
        Assert.Equal(VectorTileFeatureId.For(chinese + "-b"), await StoredIdAsync(db.DataSource, "sites", chinese + "-b"));
        Assert.NotEqual(VectorTileFeatureId.For(chinese), VectorTileFeatureId.For(chinese + "-b"));
    }

    [SkippableFact]
    public async Task Migrating_a_database_loaded_before_version_6_gives_every_existing_row_its_id()
    {
        await using var db = await TestDatabase.CreateAsync();
        using var data = DeclaredLayerData.Create();
        await LoaderTestData.LoadAsync(db.DataSource, data.Directory);
        // Back to version 5: the column, the function and the migration's record gone, the rows kept.
        var tables = (string[])[.. Layers.All, "bus_stops"];
        await using (var back = db.DataSource.CreateCommand(
            string.Concat(tables.Select(t => $"ALTER TABLE huayang.{t} DROP COLUMN tile_fid; ")) +
            "DROP FUNCTION huayang.tile_feature_id(text); DELETE FROM huayang.schema_migrations WHERE version = 6"))
        {
            await back.ExecuteNonQueryAsync();
        }

        var applied = await PostGisMigrator.MigrateAsync(db.DataSource);

        Assert.Equal(["0006_tile_feature_ids"], applied);
        foreach (var table in tables)
        {
            await AssertStoredIdsAsync(db.DataSource, table);
        }
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
