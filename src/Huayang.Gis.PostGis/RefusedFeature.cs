using NetTopologySuite.Features;
using Npgsql;

namespace Huayang.Gis.PostGis;

/// <summary>
/// The diagnosis of a row the database refused: whether an error means "this data cannot be stored", and which
/// feature broke the rule (found in memory for a missing value, or among the staged rows for a CHECK or a duplicate id).
/// </summary>
internal static class RefusedFeature
{
    /// <summary>Errors that mean "this data cannot be stored": integrity rules (class 23), bad values (class 22),
    /// and a merge touching one id twice (a duplicate id in the dataset).</summary>
    public static bool IsDataRefusal(PostgresException e) =>
        e.SqlState.StartsWith("23", StringComparison.Ordinal)
        || e.SqlState.StartsWith("22", StringComparison.Ordinal)
        || e.SqlState == PostgresErrorCodes.CardinalityViolation;

    /// <summary>The first feature with no value for a column the loader writes, when the column is known.</summary>
    public static string? FindInMemory(LayerTable table, IReadOnlyList<IFeature> features, string? column)
    {
        if (!table.Writes(column))
        {
            return null;
        }
        var typed = table.Typed.FirstOrDefault(c => c.Name == column);
        foreach (var feature in features)
        {
            var id = feature.Attributes.Exists("id") ? feature.Attributes["id"] as string : null;
            var missing = column switch
            {
                "id" or LayerTable.TileFeatureId => id is null,
                "geom" => feature.Geometry is null,
                "properties" => false,
                _ => typed is not null && LayerTable.Value(typed, feature.Attributes) is null,
            };
            if (missing)
            {
                return id ?? "(no id)";
            }
        }
        return null;
    }

    /// <summary>After a failed merge (rolled back to its savepoint): a staged row that breaks the same rule.</summary>
    public static async Task<string?> FindInStagingAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, LayerTable table, PostgresException e, CancellationToken ct)
    {
        string query;
        if (e.SqlState == PostgresErrorCodes.CheckViolation && e.ConstraintName is not null)
        {
            // The rule's own expression, read from the catalog of the layer table (never from the data), is
            // evaluated over the staged rows; it names only columns that the staging table has too.
            await using var definition = new NpgsqlCommand(
                """
                SELECT pg_get_expr(conbin, conrelid) FROM pg_constraint
                WHERE conrelid = $1::regclass AND conname = $2 AND contype = 'c'
                """, connection, transaction);
            definition.Parameters.Add(new NpgsqlParameter<string> { TypedValue = table.Table });
            definition.Parameters.Add(new NpgsqlParameter<string> { TypedValue = e.ConstraintName });
            if (await definition.ExecuteScalarAsync(ct) is not string expression)
            {
                return null;
            }
            query = $"SELECT id FROM {table.Staging} WHERE NOT ({expression}) LIMIT 1";
        }
        else if (e.SqlState is PostgresErrorCodes.CardinalityViolation or PostgresErrorCodes.UniqueViolation)
        {
            query = $"SELECT id FROM {table.Staging} GROUP BY id HAVING count(*) > 1 LIMIT 1";
        }
        else
        {
            return null;
        }

        await using var find = new NpgsqlCommand(query, connection, transaction);
        return await find.ExecuteScalarAsync(ct) as string;
    }
}
