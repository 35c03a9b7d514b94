using Huayang.Gis.Core.IO;
using Huayang.Gis.Core.Store;
using Huayang.Gis.Core.Tiles;
using Huayang.Gis.PostGis;
using Huayang.Gis.PostGis.Store;
using Huayang.Gis.PostGis.Tiles;
using Huayang.Gis.Server.Features;
using Huayang.Gis.Server.Hosting;
using Npgsql;

namespace Huayang.Gis.Server;

/// <summary>What the store health probe connects to: the database's connection string, or null for the embedded store.</summary>
internal sealed record StoreProbe(string? ConnectionString);

/// <summary>
/// Opens the store the configuration names, before the server starts listening, and registers it with what reads
/// the same data (the vector-tile source, the health probe): one registration per backend.
/// </summary>
internal static class StoreSetup
{
    /// <summary>Opens the PostGIS store when <c>ConnectionStrings:PostGis</c> is set, else the embedded store, and registers it.</summary>
    /// <exception cref="InvalidOperationException">A setting is wrong; the message names it (never a password).</exception>
    /// <param name="limits">The server's database timeouts and pool size (ignored for the embedded store).</param>
    public static async Task AddConfiguredStoreAsync(
        this IServiceCollection services, IConfiguration configuration, PoolLimits limits, ILogger logger, CancellationToken cancellationToken)
    {
        var connectionString = configuration.GetConnectionString("PostGis");
        var readConnectionString = configuration.GetConnectionString("PostGisRead") is { Length: > 0 } reads && !string.IsNullOrWhiteSpace(reads) ? reads : null;
        if (readConnectionString is not null && string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                "ConnectionStrings:PostGisRead (a hot standby for reads) is set without ConnectionStrings:PostGis: set the primary too (edits, version checks and the change feed use it)");
        }
        var changes = ServerHost.Bind<ChangeOptions>(configuration, ChangeOptions.Section, o => o.Problem());
        services.AddSingleton(changes);
        if (!string.IsNullOrWhiteSpace(connectionString) && !string.IsNullOrWhiteSpace(configuration["Data:Directory"]))
        {
            // One store is served; both settings would leave one of them silently ignored.
            throw new InvalidOperationException(
                $"Data:Directory (\"{configuration["Data:Directory"]}\") and ConnectionStrings:PostGis are both set; the server serves one store: unset Data:Directory to serve PostGIS, or the connection string to serve the directory");
        }
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            var store = await OpenPostGisAsync(connectionString, readConnectionString, limits, logger, cancellationToken);
            services.AddPostGisStore(store, connectionString);
            services.AddSingleton(provider => new ChangeHub(
                new PostGisChangeFeed(store.Primary, TimeSpan.FromSeconds(changes.PollSeconds), provider.GetRequiredService<ILogger<PostGisChangeFeed>>()),
                changes,
                version =>
                {
                    store.ExpectVersion(version);
                    (provider.GetRequiredService<IVectorTileSource>() as PostGisTileSource)?.ExpectVersion(version);
                }));
        }
        else
        {
            services.AddInMemoryStore(OpenInMemory(configuration, logger));
            services.AddSingleton(new ChangeHub(null, changes, null));
        }

        services.AddHostedService<ChangeFeedService>();
    }

    /// <summary>The embedded store, its vector tiles cut in .NET, and no database to probe.</summary>
    public static IServiceCollection AddInMemoryStore(this IServiceCollection services, InMemorySpatialStore store)
    {
        services.AddSingleton<ISpatialStore>(store);
        services.AddSingleton<IVectorTileSource>(new InMemoryTileSource(store));
        services.AddSingleton(new StoreProbe(null));
        return services;
    }

    /// <summary>The PostGIS store, its vector tiles by <c>ST_AsMVT</c> on the same pool, and the database to probe.</summary>
    public static IServiceCollection AddPostGisStore(this IServiceCollection services, PostGisSpatialStore store, string connectionString)
    {
        services.AddSingleton<ISpatialStore>(store);
        var tiles = new PostGisTileSource(store.DataSource);
        // An edit through this server changes its tiles' ETags at once; other servers hear of it through the change feed.
        store.Edited += tiles.ExpectVersion;
        services.AddSingleton<IVectorTileSource>(tiles);
        services.AddSingleton(new StoreProbe(connectionString));
        return services;
    }

    private static async Task<PostGisSpatialStore> OpenPostGisAsync(
        string connectionString, string? readConnectionString, PoolLimits limits, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            var store = await PostGisSpatialStore.OpenAsync(connectionString, readConnectionString, limits, cancellationToken);
            logger.LogInformation("Serving from PostGIS at {Connection}{Reads}", PostGisDataSource.Redact(connectionString),
                readConnectionString is null ? "" : $", reading from {PostGisDataSource.Redact(readConnectionString)}");
            return store;
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"ConnectionStrings:PostGis: {e.Message}", e);
        }
        catch (StoreUnavailableException e)
        {
            throw new InvalidOperationException($"ConnectionStrings:PostGis ({PostGisDataSource.Redact(connectionString)}): {e.Message}", e);
        }
        catch (NpgsqlException e) when (e is not PostgresException)
        {
            throw new InvalidOperationException(
                $"ConnectionStrings:PostGis ({PostGisDataSource.Redact(connectionString)}): cannot connect: {e.Message}", e);
        }
    }

    private static InMemorySpatialStore OpenInMemory(IConfiguration configuration, ILogger logger)
    {
        var options = configuration.GetSection(DataOptions.Section).Get<DataOptions>() ?? new DataOptions();
        var directory = options.EffectiveDirectory;
        if (!Directory.Exists(directory) && !(File.Exists(directory) && directory.EndsWith(".gpkg", StringComparison.OrdinalIgnoreCase)))
        {
            throw new InvalidOperationException(File.Exists(directory)
                ? $"Data:Directory: \"{directory}\" is a file but not a GeoPackage (.gpkg); give a dataset directory or a .gpkg"
                : $"Data:Directory: \"{directory}\" does not exist");
        }
        try
        {
            var store = InMemorySpatialStore.Open(directory);
            logger.LogInformation("Serving the embedded store over {Directory}", Path.GetFullPath(directory));
            return store;
        }
        catch (DatasetValidationException e)
        {
            throw new InvalidOperationException($"Data:Directory: \"{directory}\" has problems: {e.Message}", e);
        }
    }
}
