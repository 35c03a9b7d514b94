using Npgsql;

namespace Huayang.Gis.PostGis;

/// <summary>Connections to a PostGIS database, with NetTopologySuite geometry mapping.</summary>
public static class PostGisDataSource
{
    /// <summary>The environment variable (and configuration key <c>ConnectionStrings:PostGis</c>) that names the database.</summary>
    public const string EnvironmentVariable = "ConnectionStrings__PostGis";

    /// <summary>A pooled data source for a connection string, mapping PostGIS geometry to NetTopologySuite.</summary>
    /// <param name="connectionString">An Npgsql connection string.</param>
    /// <param name="limits">
    /// Timeouts and pool size for a long-running server; each applies unless the connection string sets the same
    /// keyword itself. Null keeps Npgsql's defaults (the command line's loads and queries).
    /// </param>
    /// <exception cref="ArgumentException">The connection string cannot be parsed; the message never repeats a password.</exception>
    public static NpgsqlDataSource Create(string connectionString, PoolLimits? limits = null)
    {
        NpgsqlDataSourceBuilder builder;
        try
        {
            builder = new NpgsqlDataSourceBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"not a PostgreSQL connection string ({e.Message.Split('\n')[0]})", nameof(connectionString));
        }
        // Every query here is short and index-driven (one tile, one page, one KNN search); a parallel
        // sequential scan is a poor plan for them (shared/PEERS.md: 18 instead of 327 tiles/s), so the
        // pool's connections never plan one. Nor is JIT compiled: the per-row cost PostGIS declares for
        // ST_AsMVTGeom makes a tile look expensive enough to JIT, which then takes 0.8 s of a 1 s tile.
        // A caller's own Options come first and are kept.
        var options = new List<string?> { builder.ConnectionStringBuilder.Options, "-c max_parallel_workers_per_gather=0 -c jit=off" };
        if (limits is not null)
        {
            var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
            bool Gives(params string[] keywords) => keywords.Any(given.ContainsKey);
            var settings = builder.ConnectionStringBuilder;
            if (!Gives("Timeout"))
            {
                settings.Timeout = limits.ConnectTimeoutSeconds;
            }
            if (!Gives("Command Timeout", "CommandTimeout"))
            {
                settings.CommandTimeout = limits.CommandTimeoutSeconds;
            }
            if (!Gives("Maximum Pool Size", "Max Pool Size", "MaxPoolSize"))
            {
                settings.MaxPoolSize = limits.MaxPoolSize;
            }
            // A reader that meets a table another session has locked (a load replacing it, an operator's LOCK) gives up
            // after this long and frees its connection, so one locked table cannot hold the whole pool.
            options.Add($"-c lock_timeout={limits.LockTimeoutMilliseconds}");
            settings.KeepAlive = settings.KeepAlive == 0 ? 10 : settings.KeepAlive;
            // A server sends the same few statements (a tile, a page, a count) thousands of times: prepared once per
            // connection they skip the parse and plan of every request (shared/PEERS.md, issue 13: a z12 tile's
            // parse and bind cost as much as its execution). The pool's connections keep their prepared statements
            // between uses, and a returned connection is not reset (DISCARD ALL) before its next use; nothing here leaves
            // session state behind (settings are start-up options or SET LOCAL, temporary tables ON COMMIT DROP).
            if (!Gives("Max Auto Prepare", "MaxAutoPrepare"))
            {
                settings.MaxAutoPrepare = 64;
            }
            if (!Gives("No Reset On Close", "NoResetOnClose"))
            {
                settings.NoResetOnClose = true;
            }
        }
        builder.ConnectionStringBuilder.Options = string.Join(' ', options.Where(o => !string.IsNullOrWhiteSpace(o)));
        builder.UseNetTopologySuite();
        return builder.Build();
    }

    /// <summary>The connection string with any password replaced by <c>***</c>, for messages and logs.</summary>
    public static string Redact(string connectionString)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            if (!string.IsNullOrEmpty(builder.Password))
            {
                builder.Password = "***";
            }
            return builder.ConnectionString;
        }
        catch (ArgumentException)
        {
            return "(unparseable connection string)";
        }
    }
}

/// <summary>Timeouts and pool size for a server's connections (see <see cref="PostGisDataSource.Create"/>).</summary>
/// <param name="ConnectTimeoutSeconds">Waiting to connect or for a free pooled connection (Npgsql <c>Timeout</c>).</param>
/// <param name="CommandTimeoutSeconds">A statement's longest run (Npgsql <c>Command Timeout</c>).</param>
/// <param name="LockTimeoutMilliseconds">Waiting for a lock another session holds (PostgreSQL <c>lock_timeout</c>).</param>
/// <param name="MaxPoolSize">The most connections open at once (Npgsql <c>Max Pool Size</c>).</param>
public sealed record PoolLimits(int ConnectTimeoutSeconds, int CommandTimeoutSeconds, int LockTimeoutMilliseconds, int MaxPoolSize);
