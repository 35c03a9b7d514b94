using Npgsql;

namespace Huayang.Gis.PostGis;

/// <summary>Statements without parameters or results, as the loader runs them.</summary>
internal static class NpgsqlCommands
{
    /// <summary>Runs one statement (or several separated by <c>;</c>) in <paramref name="transaction"/>.</summary>
    public static async Task ExecuteAsync(this NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(ct);
    }
}
