using Npgsql;

namespace Huayang.Gis.PostGis;

/// <summary>Connections to a PostGIS database, with NetTopologySuite geometry mapping.</summary>
public static class PostGisDataSource
{
    /// <summary>The environment variable (and configuration key <c>ConnectionStrings:PostGis</c>) that names the database.</summary>
    public const string EnvironmentVariable = "ConnectionStrings__PostGis";

    /// <summary>A pooled data source for a connection string, mapping PostGIS geometry to NetTopologySuite.</summary>
    /// <exception cref="ArgumentException">The connection string cannot be parsed; the message never repeats a password.</exception>
    public static NpgsqlDataSource Create(string connectionString)
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
        builder.ConnectionStringBuilder.Options =
            string.Join(' ', new[] { builder.ConnectionStringBuilder.Options, "-c max_parallel_workers_per_gather=0 -c jit=off" }
                .Where(o => !string.IsNullOrWhiteSpace(o)));
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
