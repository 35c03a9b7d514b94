using Huayang.Gis.Core.Model;
using Huayang.Gis.Core.Store;
using Huayang.Gis.Core.Tiles;
using Huayang.Gis.PostGis.Store;
using Huayang.Gis.PostGis.Tests.Loading;
using Huayang.Gis.PostGis.Tests.Support;
using Huayang.Gis.PostGis.Tiles;
using Huayang.Gis.Tests;
using Huayang.Gis.Tests.Tiles;
using NetTopologySuite.Features;
using Npgsql;

namespace Huayang.Gis.PostGis.Tests.Registry;

/// <summary>
/// A layer declared by data (<c>layers.json</c>, <see cref="DeclaredLayerData"/>) goes into PostGIS with no code
/// knowing it: a typed table, the declaration recorded, features and tiles as the embedded store gives them; a
/// replacing load without it drops the table, a merge that changes it is refused.
/// </summary>
public sealed class DeclaredLayerTests
{
    [SkippableFact]
    public async Task A_declared_layer_is_loaded_into_its_own_typed_table()
    {
        await using var db = await TestDatabase.CreateAsync();
        using var data = DeclaredLayerData.Create();

        var result = await LoaderTestData.LoadAsync(db.DataSource, data.Directory);

        Assert.Equal(4, result.FeatureCounts["bus_stops"]);
        var columns = await ColumnsAsync(db.DataSource, "bus_stops");
        Assert.Equal(
            [("id", "text", false), ("name_zh", "text", false), ("name_en", "text", false), ("routes", "text", true),
             ("community_id", "text", true), ("departures", "integer", true), ("properties", "jsonb", false), ("geom", "geometry", false),
             ("tile_fid", "bigint", false)],
            columns);
        Assert.Contains(await IndexedColumnsAsync(db.DataSource, "bus_stops"), c => c == "community_id");
        await using var declaration = db.DataSource.CreateCommand(
            "SELECT position, declaration->>'title_zh', declaration->>'color' FROM huayang.layer_declarations WHERE name = 'bus_stops'");
        await using var reader = await declaration.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal((1, "公交站", "#D55E00"), (reader.GetInt32(0), reader.GetString(1), reader.GetString(2)));
    }

    [SkippableFact]
    public async Task The_PostGIS_store_and_tiles_serve_the_declared_layer_as_the_embedded_store_does()
    {
        await using var db = await TestDatabase.CreateAsync();
        using var data = DeclaredLayerData.Create();
        await LoaderTestData.LoadAsync(db.DataSource, data.Directory);
        var memory = InMemorySpatialStore.Open(data.Directory);
        await using var postGis = await PostGisSpatialStore.OpenAsync(db.DataSource);

        var state = await postGis.GetStateAsync();
        Assert.Equal([.. Layers.All, "bus_stops"], state.Layers.Names);
        var declared = state.Layers.Get("bus_stops");
        Assert.Equal("公交站 Bus stops", declared.Title);
        Assert.Equal("#D55E00", declared.Color);
        Assert.Equal(
            (await memory.GetStateAsync()).Layers.Get("bus_stops").Fields.Select(f => (f.Name, f.Type, f.Required, f.References)),
            declared.Fields.Select(f => (f.Name, f.Type, f.Required, f.References)));

        var fromMemory = await memory.GetFeaturesAsync("bus_stops", null);
        var fromPostGis = await postGis.GetFeaturesAsync("bus_stops", null);
        Assert.Equal(fromMemory.Select(Describe), fromPostGis.Select(Describe));
        var one = await postGis.GetFeatureAsync("bus_stops", "bs-4");
        Assert.NotNull(one);
        Assert.Equal("801;802;K3", one.Attributes["routes"]);
        Assert.Equal(300L, Convert.ToInt64(one.Attributes["departures"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal((await memory.DescribeLayerAsync("bus_stops")).Count, (await postGis.DescribeLayerAsync("bus_stops")).Count);

        var memoryTiles = new InMemoryTileSource(memory);
        var postGisTiles = new PostGisTileSource(db.DataSource);
        Assert.Contains("bus_stops", (await postGisTiles.GetStateAsync()).Layers.Names);
        foreach (var stop in DeclaredLayerData.Stops)
        {
            var (_, x, y) = TileSamples.TileAt(stop.Lon, stop.Lat, 15);
            var m = MvtDecoder.Decode(await memoryTiles.GetTileAsync(["bus_stops"], 15, x, y)).Single();
            var p = MvtDecoder.Decode(await postGisTiles.GetTileAsync(["bus_stops"], 15, x, y)).Single();
            Assert.Equal("bus_stops", p.Name);
            Assert.Equal(m.Features.Select(f => f.StringId).Order(), p.Features.Select(f => f.StringId).Order());
            var fm = m.Features.Single(f => f.StringId == stop.Id);
            var fp = p.Features.Single(f => f.StringId == stop.Id);
            Assert.Equal(fm.Properties.OrderBy(kv => kv.Key, StringComparer.Ordinal), fp.Properties.OrderBy(kv => kv.Key, StringComparer.Ordinal));
            Assert.Equal(stop.Routes, fp.Properties["routes"]);
            Assert.True(fm.Geometry.Distance(fp.Geometry) <= 1.0, $"{stop.Id}: {fm.Geometry} vs {fp.Geometry}");
        }
    }

    [SkippableFact]
    public async Task A_replacing_load_without_the_declaration_drops_the_layer_and_a_merge_that_changes_it_is_refused()
    {
        await using var db = await TestDatabase.CreateAsync();
        using var data = DeclaredLayerData.Create();
        await LoaderTestData.LoadAsync(db.DataSource, data.Directory);

        // The same layer with another field type: a merge would leave rows of the old table under a new declaration.
        using var changed = DeclaredLayerData.Create(DeclaredLayerData.Declaration.Replace(
            "\"name\": \"departures\", \"type\": \"int\"", "\"name\": \"departures\", \"type\": \"number\"", StringComparison.Ordinal));
        var refused = await Assert.ThrowsAsync<LoadCheckException>(() => LoaderTestData.LoadAsync(db.DataSource, changed.Directory));
        Assert.Contains("layers.json", refused.Message, StringComparison.Ordinal);
        Assert.Contains("bus_stops", refused.Message, StringComparison.Ordinal);
        Assert.Contains("--replace", refused.Message, StringComparison.Ordinal);
        Assert.Equal([("departures", "integer", true)], (await ColumnsAsync(db.DataSource, "bus_stops")).Where(c => c.Name == "departures"));

        // Replacing with it changes the column's type.
        await LoaderTestData.LoadAsync(db.DataSource, changed.Directory, replace: true);
        Assert.Equal([("departures", "double precision", true)], (await ColumnsAsync(db.DataSource, "bus_stops")).Where(c => c.Name == "departures"));

        // Replacing with the bundled data (no layers.json) drops the table and the declaration.
        await LoaderTestData.LoadAsync(db.DataSource, LoaderTestData.DataDirectory, replace: true);
        Assert.Empty(await ColumnsAsync(db.DataSource, "bus_stops"));
        await using var postGis = await PostGisSpatialStore.OpenAsync(db.DataSource);
        Assert.Equal(Layers.All, (await postGis.GetStateAsync()).Layers.Names);
        await Assert.ThrowsAsync<UnknownLayerException>(() => postGis.GetFeaturesAsync("bus_stops", null));
    }

    [SkippableFact]
    public async Task The_migrated_tables_of_the_built_in_layers_are_the_ones_the_registry_describes()
    {
        await using var db = await TestDatabase.CreateAsync();
        await PostGisMigrator.MigrateAsync(db.DataSource);

        foreach (var layer in LayerRegistry.BuiltIn.All)
        {
            var table = LayerTables.For(layer);
            var columns = await ColumnsAsync(db.DataSource, layer.Name);
            // The same columns; their order is the migration's (the COPY names every column it writes).
            Assert.Equal(table.Columns.Concat(table.Generated).Order(StringComparer.Ordinal), columns.Select(c => c.Name).Order(StringComparer.Ordinal));
            var byName = columns.ToDictionary(c => c.Name);
            foreach (var field in layer.Fields)
            {
                var (_, type, nullable) = byName[field.Name];
                Assert.True(SqlTypeOf(field.Type) == type, $"{layer.Name}.{field.Name}: the registry says {field.Type}, the table has {type}");
                // A column the table requires is a field the registry requires (the table may be laxer than the registry:
                // the registry's rules are checked before any row is written).
                Assert.True(nullable || field.Required, $"{layer.Name}.{field.Name} is NOT NULL in the table but optional in the registry");
            }
            var indexed = await IndexedColumnsAsync(db.DataSource, layer.Name);
            foreach (var field in layer.Fields.Where(f => f.Indexed))
            {
                Assert.True(indexed.Contains(field.Name), $"{layer.Name}.{field.Name} is indexed in the registry but the table has no index on it");
            }
            Assert.Contains("geom", indexed);
        }
    }

    private static string SqlTypeOf(FieldType type) => type switch
    {
        FieldType.String => "text",
        FieldType.Int => "integer",
        FieldType.Number => "double precision",
        FieldType.Bool => "boolean",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    private static string Describe(IFeature feature) =>
        feature.Attributes["id"] + " " + feature.Geometry.AsText() + " "
        + string.Join(",", feature.Attributes.GetNames().Order(StringComparer.Ordinal)
            .Where(n => feature.Attributes[n] is not null)
            .Select(n => n + "=" + Convert.ToString(feature.Attributes[n], System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>The table's columns in order: name, data type (<c>geometry</c> for PostGIS columns), nullable.</summary>
    private static async Task<List<(string Name, string Type, bool Nullable)>> ColumnsAsync(NpgsqlDataSource dataSource, string table)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT column_name, CASE WHEN data_type = 'USER-DEFINED' THEN udt_name ELSE data_type END, is_nullable = 'YES'
            FROM information_schema.columns WHERE table_schema = 'huayang' AND table_name = $1 ORDER BY ordinal_position
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = table });
        await using var reader = await command.ExecuteReaderAsync();
        var columns = new List<(string, string, bool)>();
        while (await reader.ReadAsync())
        {
            columns.Add((reader.GetString(0), reader.GetString(1), reader.GetBoolean(2)));
        }
        return columns;
    }

    /// <summary>The columns that lead an index of the table.</summary>
    private static async Task<List<string>> IndexedColumnsAsync(NpgsqlDataSource dataSource, string table)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT a.attname FROM pg_index i
            JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = i.indkey[0]
            WHERE n.nspname = 'huayang' AND c.relname = $1
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = table });
        await using var reader = await command.ExecuteReaderAsync();
        var columns = new List<string>();
        while (await reader.ReadAsync())
        {
            columns.Add(reader.GetString(0));
        }
        return columns;
    }
}
