using Huayang.Gis.PostGis.Tests.Support;
using Npgsql;

namespace Huayang.Gis.PostGis.Tests.Loading;

/// <summary>
/// A server's pool (<see cref="PostGisDataSource.Create"/> with <see cref="PoolLimits"/>) prepares a statement it runs
/// again and again, and a connection handed back to the pool keeps it: seen from PostgreSQL's
/// <c>pg_prepared_statements</c> of the same backend. The command line's pool (no limits) and a connection string that
/// says otherwise keep Npgsql's defaults.
/// </summary>
public sealed class PoolSettingsTests
{
    private static readonly PoolLimits Server = new(ConnectTimeoutSeconds: 5, CommandTimeoutSeconds: 30, LockTimeoutMilliseconds: 2000, MaxPoolSize: 1);

    private const string Statement = "SELECT 40 + 2";

    [SkippableFact]
    public async Task A_server_pool_prepares_a_repeated_statement_and_keeps_it_across_uses()
    {
        await using var pool = PostGisDataSource.Create(TestDatabase.RequireServer(), Server);
        for (var i = 0; i < 6; i++)
        {
            await using var connection = await pool.OpenConnectionAsync();
            await using var command = new NpgsqlCommand(Statement, connection);
            Assert.Equal(42, await command.ExecuteScalarAsync());
        }

        // One connection in the pool: the same backend each time, with the statement prepared after five uses.
        var (first, prepared) = await BackendAsync(pool);
        var (second, preparedAgain) = await BackendAsync(pool);
        Assert.Equal(first, second);
        Assert.Contains(prepared, s => s.Contains(Statement, StringComparison.Ordinal));
        Assert.Contains(preparedAgain, s => s.Contains(Statement, StringComparison.Ordinal));
    }

    [SkippableTheory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Without_server_limits_or_when_the_connection_string_says_so_nothing_is_prepared(bool withLimits)
    {
        var server = TestDatabase.RequireServer();
        await using var pool = withLimits
            ? PostGisDataSource.Create(new NpgsqlConnectionStringBuilder(server) { MaxAutoPrepare = 0 }.ConnectionString, Server)
            : PostGisDataSource.Create(new NpgsqlConnectionStringBuilder(server) { MaxPoolSize = 1 }.ConnectionString);
        for (var i = 0; i < 6; i++)
        {
            await using var connection = await pool.OpenConnectionAsync();
            await using var command = new NpgsqlCommand(Statement, connection);
            Assert.Equal(42, await command.ExecuteScalarAsync());
        }

        var (_, prepared) = await BackendAsync(pool);
        Assert.DoesNotContain(prepared, s => s.Contains(Statement, StringComparison.Ordinal));
    }

    private static async Task<(int Pid, List<string> Prepared)> BackendAsync(NpgsqlDataSource pool)
    {
        await using var connection = await pool.OpenConnectionAsync();
        await using var command = new NpgsqlCommand("SELECT pg_backend_pid(), coalesce(array_agg(statement), '{}') FROM pg_prepared_statements", connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt32(0), [.. reader.GetFieldValue<string[]>(1)]);
    }
}
