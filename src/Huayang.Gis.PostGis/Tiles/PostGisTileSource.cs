using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Huayang.Gis.Core.Model;
using Huayang.Gis.Core.Store;
using Huayang.Gis.Core.Tiles;
using NetTopologySuite.Geometries;
using Npgsql;

namespace Huayang.Gis.PostGis.Tiles;

/// <summary>
/// Vector tiles made by PostGIS: one statement per tile, <c>ST_AsMVTGeom</c> and <c>ST_AsMVT</c> per layer,
/// the layers concatenated. Thread-safe; uses the connection pool it is given (normally the store's).
/// </summary>
/// <remarks>
/// The version is <c>pg-{connection target}-{latest huayang.dataset_versions.version}</c>, read again by
/// <see cref="GetStateAsync"/> once a second at most, so a new load changes every ETag within a second. Layer extents are read again only
/// when the version changes.
/// </remarks>
/// <param name="versionCheckInterval">How long a read dataset version is trusted before it is read again (default one second).</param>
public sealed class PostGisTileSource(NpgsqlDataSource dataSource, TimeSpan? versionCheckInterval = null) : IVectorTileSource
{
    private readonly string _target = TargetHash(dataSource.ConnectionString);
    private readonly ConcurrentDictionary<string, string> _statements = new(StringComparer.Ordinal);
    private volatile VersionedState? _state;

    private readonly long _versionCheckIntervalMs = (long)(versionCheckInterval ?? TimeSpan.FromSeconds(1)).TotalMilliseconds;

    /// <inheritdoc />
    public async Task<TileSetState> GetStateAsync(CancellationToken cancellationToken = default)
    {
        var known = _state;
        if (known is not null && Environment.TickCount64 - known.CheckedAt < _versionCheckIntervalMs)
        {
            return known.State;
        }
        await using var command = dataSource.CreateCommand("SELECT coalesce(max(version), 0) FROM huayang.dataset_versions");
        var version = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        var state = _state;
        state = state is null || state.Version != version
            ? new VersionedState(version, new TileSetState($"pg-{_target}-{version}", await ReadBoundsAsync(cancellationToken)), Environment.TickCount64)
            : state with { CheckedAt = Environment.TickCount64 };
        _state = state;
        return state.State;
    }

    /// <inheritdoc />
    public async Task<byte[]> GetTileAsync(IReadOnlyList<string> layers, int z, int x, int y, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(layers);
        if (!VectorTileGrid.IsValid(z, x, y))
        {
            throw new ArgumentOutOfRangeException(nameof(z), $"tile {z}/{x}/{y} is outside the grid (z 0–{VectorTileGrid.MaxZoom}, x and y 0–2^z−1)");
        }
        if (layers.Count == 0)
        {
            return [];
        }
        var sql = _statements.GetOrAdd(string.Join(',', layers), _ => TileStatement(layers));

        // No parallel plan: PostGisDataSource sets max_parallel_workers_per_gather = 0 on every connection
        // (shared/PEERS.md: a parallel sequential scan made tiles 18× slower); the index scan is what a tile needs.
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = z });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = x });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = y });
        byte[] tile;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            tile = reader.GetFieldValue<byte[]>(0);
        }
        return tile;
    }

    /// <summary>
    /// The statement for these layers. Table and column names come only from <see cref="VectorTileLayers"/>;
    /// z, x and y are parameters.
    /// </summary>
    private static string TileStatement(IReadOnlyList<string> layers)
    {
        // Half a unit beyond the buffer: what lies there snaps onto the buffer's edge and is kept.
        var margin = $"{VectorTileGrid.Buffer}.5 / {VectorTileGrid.Extent}";
        var parts = layers.Select(name =>
        {
            var layer = VectorTileLayers.Find(name) ?? throw new UnknownLayerException(name);
            var columns = string.Join(", ", layer.Fields.Select(f => "l." + f.Name));
            // The buffered tile is transformed to lon/lat, the SRID of geom, so that && uses the layer's GiST
            // index; Web Mercator's grid lines are meridians and parallels, so the transformed box is exact.
            // It is cut at the edges of the world first: beyond them longitudes would wrap around.
            return $"""
                coalesce((SELECT ST_AsMVT(t, '{layer.Name}', {VectorTileGrid.Extent}, 'geom', 'fid') FROM (
                    SELECT {VectorTileFeatureId.SqlExpression("l.id")} AS fid, {columns},
                           ST_AsMVTGeom(ST_Transform(l.geom, 3857), ST_TileEnvelope($1, $2, $3),
                                        {VectorTileGrid.Extent}, {VectorTileGrid.Buffer}, true) AS geom
                    FROM huayang.{layer.Name} l
                    WHERE l.geom && ST_Transform(
                        ST_ClipByBox2D(ST_TileEnvelope($1, $2, $3, margin => {margin}), ST_TileEnvelope(0, 0, 0)), 4326)
                    ORDER BY l.id COLLATE "C"
                  ) t WHERE t.geom IS NOT NULL), ''::bytea)
                """;
        });
        return "SELECT " + string.Join("\n || ", parts);
    }

    private async Task<IReadOnlyDictionary<string, Envelope?>> ReadBoundsAsync(CancellationToken cancellationToken)
    {
        var sql = string.Join("\nUNION ALL\n", Layers.All.Select(layer =>
            $"SELECT '{layer}', ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) FROM (SELECT ST_Extent(geom) AS e FROM huayang.{layer}) x"));
        await using var command = dataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var bounds = new Dictionary<string, Envelope?>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            bounds[reader.GetString(0)] = reader.IsDBNull(1)
                ? null
                : new Envelope(reader.GetDouble(1), reader.GetDouble(3), reader.GetDouble(2), reader.GetDouble(4));
        }
        return bounds;
    }

    /// <summary>A short hash of host, port and database, so two databases at the same version differ.</summary>
    private static string TargetHash(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var target = $"{builder.Host}:{builder.Port}/{builder.Database}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(target)))[..8];
    }

    private sealed record VersionedState(long Version, TileSetState State, long CheckedAt);
}
