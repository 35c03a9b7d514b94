using Huayang.Gis.PostGis.Store;
using Npgsql;

namespace Huayang.Gis.Server.Hosting;

/// <summary>Which exceptions mean "the database cannot answer now" (503), as opposed to a bug (500) or bad input (4xx).</summary>
internal static class StoreFailures
{
    /// <summary>
    /// True for a lost or refused connection, a connection-pool or command timeout, a server shutting down or refusing
    /// connections, a statement or lock timeout, and a database without the Huayang schema or data.
    /// </summary>
    public static bool IsUnavailable(Exception exception) => exception switch
    {
        StoreUnavailableException or TimeoutException => true,
        PostgresException postgres => IsUnavailableState(postgres.SqlState),
        NpgsqlException => true,   // no server answer at all: refused, reset, timed out, pool exhausted
        _ => exception.InnerException is { } inner && IsUnavailable(inner),
    };

    /// <summary>
    /// True when the connection itself may have failed (no answer from the server, or a shutdown): the health monitor
    /// looks again at once, and only its own probe decides whether the database is down.
    /// </summary>
    public static bool IsConnectionLoss(Exception exception) => exception switch
    {
        PostgresException postgres => postgres.SqlState.StartsWith("08", StringComparison.Ordinal)
            || postgres.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow,
        NpgsqlException => true,
        _ => false,
    };

    /// <summary>The seconds a client should wait before asking again.</summary>
    public const int RetryAfterSeconds = 5;

    private static bool IsUnavailableState(string state) =>
        state.StartsWith("08", StringComparison.Ordinal)          // connection exceptions
        || state.StartsWith("53", StringComparison.Ordinal)       // insufficient resources (too many connections, out of memory, disk full)
        || state is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow
            or PostgresErrorCodes.QueryCanceled               // statement_timeout
            or PostgresErrorCodes.LockNotAvailable            // lock_timeout: another session holds the table
            or PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.InvalidSchemaName; // schema dropped under a running server
}
