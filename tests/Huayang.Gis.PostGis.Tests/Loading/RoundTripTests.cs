using System.Text.Json.Nodes;
using Huayang.Gis.Core.Model;
using Huayang.Gis.PostGis.Tests.Support;
using Npgsql;

namespace Huayang.Gis.PostGis.Tests.Loading;

/// <summary>Hostile names and every geometry type come back from the database exactly as they went in.</summary>
public sealed class RoundTripTests
{
    private static readonly string[] HostileNames =
    [
        "O'Brien \"the quoted\" 幼儿园",
        "'); DROP TABLE huayang.sites; --",
        "Robert\"); DELETE FROM huayang.communities WHERE (\"1\"=\"1",
        "麓湖 🏫🌊 国际社区 👩‍👧‍👦",
        "back\\slash \\N tab\tnew\nline $1 %s {0} E'\\x00'",
        "  leading and trailing spaces  ",
    ];

    [SkippableFact]
    public async Task Names_with_quotes_chinese_emoji_and_sql_fragments_round_trip_unchanged()
    {
        await using var db = await TestDatabase.CreateAsync();
        using var data = new SmallDataset();
        var names = HostileNames;
        for (var i = 0; i < names.Length; i++)
        {
            var id = $"site-{i}-{names[i]}";
            data.Add(Layers.Sites, $"POINT (104.04{i} 30.503)", SmallDataset.Site(id, names[i], names[(i + 1) % names.Length]));
        }

        await LoaderTestData.LoadAsync(db.DataSource, data.Directory);

        await using var command = db.DataSource.CreateCommand(
            "SELECT id, name_zh, name_en, properties->>'id', properties->>'name_zh', properties->>'name_en' FROM huayang.sites WHERE id LIKE 'site-%'");
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new Dictionary<string, string[]>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
        {
            rows[reader.GetString(0)] = [reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5)];
        }
        Assert.Equal(names.Length, rows.Count);
        for (var i = 0; i < names.Length; i++)
        {
            var id = $"site-{i}-{names[i]}";
            Assert.True(rows.TryGetValue(id, out var row), $"no row with id {id}");
            Assert.Equal([names[i], names[(i + 1) % names.Length], id, names[i], names[(i + 1) % names.Length]], row);
        }
        var state = await DatabaseState.ReadAsync(db.DataSource);
        Assert.Equal(names.Length + 1, state.Counts[Layers.Sites]);
        Assert.Equal(1, state.Counts[Layers.Communities]);
    }

    public static TheoryData<string, string, string> Geometries { get; } = new()
    {
        { Layers.Plan, "POINT (104.0412345 30.5098765)", """{"kind": "point", "name_zh": "点", "name_en": "Point", "theme": "t"}""" },
        { Layers.Roads, "LINESTRING (104.04 30.5, 104.045 30.505, 104.05 30.5025)", """{"name_zh": "路", "name_en": "Road"}""" },
        {
            Layers.Water,
            "POLYGON ((104.04 30.5, 104.05 30.5, 104.05 30.51, 104.04 30.51, 104.04 30.5), (104.042 30.502, 104.042 30.508, 104.048 30.508, 104.048 30.502, 104.042 30.502))",
            """{"kind": "lake", "name_zh": "湖", "name_en": "Lake with an island"}"""
        },
        {
            Layers.Water,
            "MULTIPOLYGON (((104.04 30.5, 104.045 30.5, 104.045 30.505, 104.04 30.5)), ((104.046 30.506, 104.05 30.506, 104.05 30.51, 104.046 30.506)))",
            """{"kind": "pond", "name_zh": "塘", "name_en": "Ponds"}"""
        },
        {
            Layers.Walkways,
            "MULTILINESTRING ((104.04 30.5, 104.041 30.501), (104.042 30.502, 104.043 30.503, 104.044 30.5035))",
            """{"kind": "path"}"""
        },
    };

    [SkippableTheory]
    [MemberData(nameof(Geometries))]
    public async Task Each_geometry_type_is_what_postgis_makes_of_the_same_wkt(string layer, string wkt, string properties)
    {
        await using var db = await TestDatabase.CreateAsync();
        using var data = new SmallDataset();
        var attributes = JsonNode.Parse(properties)!.AsObject();
        attributes["id"] = "g";
        data.Add(layer, wkt, attributes);

        await LoaderTestData.LoadAsync(db.DataSource, data.Directory);

        var table = LayerTables.For(layer);
        // The table name comes from the loader's whitelist.
        await using var command = db.DataSource.CreateCommand(
            $"""
            SELECT ST_Equals(geom, ST_GeomFromText($1, 4326)), ST_OrderingEquals(geom, ST_GeomFromText($1, 4326)),
                   ST_SRID(geom), ST_AsText(geom)
            FROM {table.Table} WHERE id = 'g'
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = wkt });
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.True(reader.GetBoolean(0), $"not ST_Equals: {reader.GetString(3)}");
        Assert.True(reader.GetBoolean(1), $"not ST_OrderingEquals: {reader.GetString(3)}");
        Assert.Equal(4326, reader.GetInt32(2));
    }
}
