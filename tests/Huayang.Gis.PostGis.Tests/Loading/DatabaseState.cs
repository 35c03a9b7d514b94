using Huayang.Gis.Core.Model;
using Npgsql;

namespace Huayang.Gis.PostGis.Tests.Loading;

/// <summary>What is in a database's <c>huayang</c> schema, summed up so that two moments can be compared.</summary>
internal sealed record DatabaseState(
    bool SchemaExists, IReadOnlyDictionary<string, long> Counts, IReadOnlyDictionary<string, string> Checksums, long Versions)
{
    /// <summary>The layer tables and the life-circle table; not <c>dataset_versions</c>, which every load adds to.</summary>
    public static IReadOnlyList<string> ContentTables { get; } = [.. Layers.All, "life_circles"];

    /// <summary>Row counts and an md5 over every row (ordered by key, all columns as text) of each content table.</summary>
    public static async Task<DatabaseState> ReadAsync(NpgsqlDataSource dataSource)
    {
        await using (var exists = dataSource.CreateCommand("SELECT to_regclass('huayang.dataset_versions') IS NOT NULL"))
        {
            if (!(bool)(await exists.ExecuteScalarAsync())!)
            {
                return new DatabaseState(false, new Dictionary<string, long>(), new Dictionary<string, string>(), 0);
            }
        }

        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        var checksums = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var table in ContentTables)
        {
            var key = table == "life_circles" ? "singleton" : "id";
            // Table names come from the list above, not from data.
            await using var command = dataSource.CreateCommand(
                $"SELECT count(*), md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t.{key}), '')) FROM huayang.{table} t");
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            counts[table] = reader.GetInt64(0);
            checksums[table] = reader.GetString(1);
        }

        await using var versions = dataSource.CreateCommand("SELECT count(*) FROM huayang.dataset_versions");
        return new DatabaseState(true, counts, checksums, (long)(await versions.ExecuteScalarAsync())!);
    }

    /// <summary>Asserts that nothing in the schema changed, dataset versions included.</summary>
    public void AssertSameAs(DatabaseState before)
    {
        Assert.Equal(before.SchemaExists, SchemaExists);
        Assert.Equal(before.Counts, Counts);
        Assert.Equal(before.Checksums, Checksums);
        Assert.Equal(before.Versions, Versions);
    }
}
