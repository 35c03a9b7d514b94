using Huayang.Gis.Core.IO;
using Huayang.Gis.Core.Store;
using Huayang.Gis.Core.Tiles;
using Huayang.Gis.PostGis;
using Huayang.Gis.PostGis.Store;
using Huayang.Gis.PostGis.Tiles;
using Npgsql;

namespace Huayang.Gis.Server;

/// <summary>Opens the store the configuration names, before the server starts listening.</summary>
internal static class StoreSetup
{
    /// <summary>The PostGIS store when <c>ConnectionStrings:PostGis</c> is set, else the embedded store.</summary>
    /// <exception cref="InvalidOperationException">A setting is wrong; the message names it (never a password).</exception>
    /// <param name="limits">The server's database timeouts and pool size (ignored for the embedded store).</param>
    public static async Task<ISpatialStore> OpenAsync(IConfiguration configuration, PoolLimits limits, ILogger logger, CancellationToken cancellationToken)
    {
        var connectionString = configuration.GetConnectionString("PostGis");
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            try
            {
                var store = await PostGisSpatialStore.OpenAsync(connectionString, limits, cancellationToken);
                logger.LogInformation("Serving from PostGIS at {Connection}", PostGisDataSource.Redact(connectionString));
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

        var options = configuration.GetSection(DataOptions.Section).Get<DataOptions>() ?? new DataOptions();
        var directory = options.EffectiveDirectory;
        if (!Directory.Exists(directory))
        {
            throw new InvalidOperationException($"Data:Directory: \"{directory}\" does not exist");
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

    /// <summary>The vector-tile source that reads the same data as <paramref name="store"/>.</summary>
    public static IVectorTileSource TileSourceFor(ISpatialStore store) => store switch
    {
        InMemorySpatialStore memory => new InMemoryTileSource(memory),
        PostGisSpatialStore postGis => new PostGisTileSource(postGis.DataSource),
        _ => throw new InvalidOperationException($"no vector-tile source for a {store.GetType().Name}"),
    };
}
