using System.Net;
using Huayang.Gis.PostGis.Tests.Support;
using Huayang.Gis.Server.Tests.Support;
using Huayang.Gis.Tests;
using Npgsql;

namespace Huayang.Gis.Server.Tests.Hardening;

/// <summary>
/// A client that goes away: an admitted query or tile runs its statement to the end instead of having PostgreSQL
/// cancel it (cancelling cost the server more, Hosting/ShortReadsOnAbort), while a picture's statements are still
/// cancelled. Seen from PostgreSQL: a table is locked so that the server's statement waits, the client gives up, and
/// pg_stat_activity tells whether the statement is still there.
/// </summary>
public sealed class ClientAbortTests
{
    [SkippableFact]
    public async Task An_abandoned_items_request_finishes_its_statement_and_an_abandoned_picture_is_cancelled()
    {
        await using var db = await TestDatabase.CreateAsync();
        await LoadedDatabase.LoadAsync(db.ConnectionString, RepositoryData.DataDirectory);
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string>
        {
            ["ConnectionStrings__PostGis"] = db.ConnectionString,
            // Long enough that a statement waiting on the lock is still waiting when it is looked for.
            ["Database__LockTimeoutMilliseconds"] = "20000",
            ["Database__CommandTimeoutSeconds"] = "30",
        });
        using var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        using (var warm = await http.GetAsync("collections/sites/items?limit=1"))
        {
            Assert.Equal(HttpStatusCode.OK, warm.StatusCode);
        }

        // Items: still waiting on the lock well after its client left.
        await using (var locker = await LockSitesAsync(db.ConnectionString))
        {
            await AbandonAsync(http, "collections/sites/items?limit=10&offset=3");
            await Task.Delay(1500);
            Assert.Equal(1, await WaitingOnLockAsync(db.ConnectionString, locker.ProcessId));
        }

        // The lock released, the statement ends and the server answers as before.
        await EventuallyNoneWaitingAsync(db.ConnectionString, "statements still wait after the lock was released");
        using (var after = await http.GetAsync("collections/sites/items?limit=10&offset=3"))
        {
            Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        }

        // A picture: its statements are cancelled when its client leaves.
        await using (var locker = await LockSitesAsync(db.ConnectionString))
        {
            await AbandonAsync(http, "map.png?width=256&height=256");
            await EventuallyNoneWaitingAsync(db.ConnectionString, "an abandoned picture's statements were not cancelled");
        }

        Assert.DoesNotContain("Unhandled error", server.Log);
    }

    /// <summary>Sends the request and gives up on it after half a second, when its statement is waiting.</summary>
    private static async Task AbandonAsync(HttpClient http, string path)
    {
        using var giveUp = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => http.GetAsync(path, giveUp.Token));
    }

    private static async Task<Locker> LockSitesAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await new NpgsqlCommand("LOCK TABLE huayang.sites IN ACCESS EXCLUSIVE MODE", connection, transaction).ExecuteNonQueryAsync();
        return new Locker(connection, transaction);
    }

    /// <summary>The statements of this database waiting for a lock; with a locker's pid, only those it blocks.</summary>
    private static async Task<int> WaitingOnLockAsync(string connectionString, int? lockerPid = null)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT count(*)::int FROM pg_stat_activity
            WHERE datname = current_database() AND wait_event_type = 'Lock'
              AND ($1::int IS NULL OR $1 = ANY (pg_blocking_pids(pid)))
            """, connection);
        command.Parameters.Add(new NpgsqlParameter<int?> { TypedValue = lockerPid });
        return (int)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Waits up to 10 s for no statement of the database to wait for a lock.</summary>
    private static async Task EventuallyNoneWaitingAsync(string connectionString, string failure)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        int waiting;
        while ((waiting = await WaitingOnLockAsync(connectionString)) > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
        Assert.True(waiting == 0, $"{failure}: {waiting} still waiting for a lock after 10 s");
    }

    /// <summary>A session holding ACCESS EXCLUSIVE on huayang.sites until disposed (rolled back).</summary>
    private sealed class Locker(NpgsqlConnection connection, NpgsqlTransaction transaction) : IAsyncDisposable
    {
        public int ProcessId => connection.ProcessID;

        public async ValueTask DisposeAsync()
        {
            await transaction.RollbackAsync();
            await transaction.DisposeAsync();
            await connection.DisposeAsync();
        }
    }
}
