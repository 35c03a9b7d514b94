using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Huayang.Gis.Core.Model;
using Huayang.Gis.Core.Tiles;
using NetTopologySuite.Geometries;
using Huayang.Gis.PostGis.Store;
using Npgsql;

namespace Huayang.Gis.PostGis.Tiles;

/// <summary>
/// Vector tiles made by PostGIS: one statement per tile and thinning level, <c>ST_AsMVTGeom</c> and
/// <c>ST_AsMVT</c> per layer, the layers concatenated. The thinning rules of <see cref="VectorTileLayers"/> are
/// applied in the statement (a zoom condition, a count of the features in the buffered tile, a grid of
/// centroids with <c>GROUP BY</c> or <c>DISTINCT ON</c>, <c>ST_SimplifyPreserveTopology</c>), and the statement is
/// run again one level further while the tile is over <see cref="VectorTileThinning.MaxTileBytes"/>.
/// Thread-safe; uses the connection pool it is given (normally the store's).
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

    private readonly ExpectedVersion _expectedVersion = new();

    /// <summary>
    /// The dataset has reached <paramref name="version"/> (an edit or a load heard of in the change log): until this
    /// source reads that version or a later one it reads the version on every request (from a standby: until the
    /// standby has replayed it), so no tile of an older version is answered as current.
    /// </summary>
    public void ExpectVersion(long version) => _expectedVersion.Raise(version);

    /// <inheritdoc />
    public async Task<TileSetState> GetStateAsync(CancellationToken cancellationToken = default)
    {
        var known = _state;
        if (known is not null && Environment.TickCount64 - known.CheckedAt < _versionCheckIntervalMs
            && known.Version >= _expectedVersion.Value)
        {
            return known.State;
        }
        long version;
        long loadVersion;
        await using (var command = dataSource.CreateCommand(
            "SELECT coalesce(max(version), 0), coalesce(max(version) FILTER (WHERE kind = 'load'), 0) FROM huayang.dataset_versions"))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            version = reader.GetInt64(0);
            loadVersion = reader.GetInt64(1);
        }
        var state = _state;
        if (state is null || state.Version != version)
        {
            LayerRegistry registry;
            await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
            {
                registry = await LayerDeclarationTable.ReadAsync(connection, null, cancellationToken);
            }
            if (state?.State.Layers.Declared.Count > 0 || registry.Declared.Count > 0)
            {
                // A declared layer's columns may have changed with the load: its statements are made again.
                _statements.Clear();
            }
            state = new VersionedState(
                version, new TileSetState($"pg-{_target}-{version}", await ReadBoundsAsync(registry, cancellationToken), registry),
                Environment.TickCount64, loadVersion);
        }
        else
        {
            state = state with { CheckedAt = Environment.TickCount64 };
        }
        _state = state;
        return state.State;
    }

    /// <inheritdoc />
    /// <remarks>
    /// The latest load and the latest change of a requested editable layer whose box (before and after) meets the
    /// buffered tile: an edit gives new ETags to the tiles it touched only, on every server reading the same data.
    /// </remarks>
    public async Task<string> TileVersionAsync(
        TileSetState state, IReadOnlyList<string> layers, int z, int x, int y, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(layers);
        if (_state is not { } known || !ReferenceEquals(known.State, state))
        {
            return state.Version;
        }

        var editable = layers.Select(name => state.Layers.Get(name)).Where(layer => layer.Editable).Select(layer => layer.Name).ToArray();
        if (editable.Length == 0 || known.Version == known.LoadVersion)
        {
            return $"pg-{_target}-{known.LoadVersion}.0";
        }

        var box = VectorTileGrid.BufferedLonLatBounds(z, x, y);
        await using var command = dataSource.CreateCommand("""
            SELECT coalesce(max(seq), 0) FROM huayang.feature_history
            WHERE version > $1 AND collection = ANY($2) AND bounds && ST_MakeEnvelope($3, $4, $5, $6, 4326)
            """);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = known.LoadVersion });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = editable });
        command.Parameters.Add(new NpgsqlParameter<double> { TypedValue = box.MinX });
        command.Parameters.Add(new NpgsqlParameter<double> { TypedValue = box.MinY });
        command.Parameters.Add(new NpgsqlParameter<double> { TypedValue = box.MaxX });
        command.Parameters.Add(new NpgsqlParameter<double> { TypedValue = box.MaxY });
        var seq = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        return string.Create(CultureInfo.InvariantCulture, $"pg-{_target}-{known.LoadVersion}.{seq}");
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
        var registry = (_state?.State ?? await GetStateAsync(cancellationToken)).Layers;
        var sql = _statements.GetOrAdd(string.Join(',', layers), _ => TileStatement(registry, layers));

        // No parallel plan: PostGisDataSource sets max_parallel_workers_per_gather = 0 on every connection
        // (shared/PEERS.md: a parallel sequential scan made tiles 18× slower); the index scan is what a tile needs.
        var parts = new byte[layers.Count][];
        for (var level = 0; ; level++)
        {
            await using var command = dataSource.CreateCommand(sql);
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = z });
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = x });
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = y });
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = VectorTileThinning.GridUnits(level) });
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = VectorTileThinning.MaxFeatures(level) });
            command.Parameters.Add(new NpgsqlParameter<double> { TypedValue = VectorTileThinning.ToleranceUnits(level) });
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                await reader.ReadAsync(cancellationToken);
                for (var i = 0; i < parts.Length; i++)
                {
                    parts[i] = reader.GetFieldValue<byte[]>(i);
                }
            }
            if (parts.Sum(p => (long)p.Length) <= VectorTileThinning.MaxTileBytes || level == VectorTileThinning.MaxLevel)
            {
                return VectorTileThinning.Concatenate(parts);
            }
        }
    }

    /// <summary>
    /// The statement for these layers: one bytea column per layer. Table and column names come only from
    /// the registry (checked identifiers); z, x, y and the level's grid, feature budget and tolerance are parameters
    /// $1 to $6.
    /// </summary>
    private static string TileStatement(LayerRegistry registry, IReadOnlyList<string> layers) =>
        "SELECT " + string.Join(",\n", layers.Select(name => LayerExpression(TileLayer.Of(registry.Get(name)))));

    private static string LayerExpression(TileLayer layer)
    {
        const int extent = VectorTileGrid.Extent;
        // Tile units in metres at zoom $1, and the edge of the Web Mercator square.
        var half = VectorTileGrid.WorldHalfSize.ToString("R", CultureInfo.InvariantCulture);
        var unit = $"(2 * {half} / {extent} / (1::bigint << $1))";
        // A buffered tile, transformed to lon/lat, the SRID of geom, so that && uses the layer's GiST index; Web
        // Mercator's grid lines are meridians and parallels, so the transformed box is exact. It is cut at the
        // edges of the world first: beyond them longitudes would wrap around.
        string Box(string margin) =>
            $"ST_Transform(ST_ClipByBox2D(ST_TileEnvelope($1, $2, $3, margin => {margin}), ST_TileEnvelope(0, 0, 0)), 4326)";
        // Half a unit beyond the buffer: what lies there snaps onto the buffer's edge and is kept.
        var cutBox = Box($"{VectorTileGrid.Buffer}.5 / {extent}");
        // The grid's cells that touch the buffered tile, whole (and half a unit more, against rounding).
        var gridBox = Box($"($4 + 0.5)::float8 / {extent}");
        var columns = string.Join(", ", layer.Fields.Where(f => !f.OnlyAggregated).Select(f => "l." + f.Name));
        var geometry = $"""
            ST_AsMVTGeom(CASE WHEN $6 > 0 AND ST_Dimension(l.geom) > 0
                              THEN ST_SimplifyPreserveTopology(ST_Transform(l.geom, 3857), $6 * {unit})
                              ELSE ST_Transform(l.geom, 3857) END,
                         ST_TileEnvelope($1, $2, $3), {extent}, {VectorTileGrid.Buffer}, true)
            """;
        // Stored with the row (migration 6): VectorTileFeatureId.For of the id, written by the loader, or by the table's
        // trigger (migration 7) with TileSql.FeatureId for any other writer.
        var fid = "l." + LayerTable.TileFeatureId;
        var mvt = $"ST_AsMVT(t, '{layer.Name}', {extent}, 'geom', 'fid')";
        // Every "OFFSET 0 ) t WHERE t.geom IS NOT NULL" keeps that condition from being pushed into the scan,
        // where ST_AsMVTGeom would run twice for every row (aggregated: for every row instead of every cell).
        var cut = $"""
            (SELECT {mvt} FROM (
                SELECT {fid} AS fid, {columns}, {geometry} AS geom
                FROM huayang.{layer.Name} l
                WHERE l.geom && {cutBox}
                ORDER BY l.id COLLATE "C" OFFSET 0
              ) t WHERE t.geom IS NOT NULL)
            """;
        // Each feature in the grid cell of its centroid (VectorTileThinning.WorldUnits), cells touching the buffered
        // tile. OFFSET 0 keeps the planner from copying ST_Centroid and the projection into every condition and
        // sort key: each is computed once a row.
        var (wx, wy) = TileSql.WorldUnits("k.c", "$1");
        var payload = layer.AggregateSum is { } summed ? $"l.{summed}" : "l.*";
        var cells = $"""
            FROM (SELECT k.*, floor(k.wx / $4)::bigint AS gx, floor(k.wy / $4)::bigint AS gy
                  FROM (SELECT {payload}, {wx} AS wx, {wy} AS wy
                        FROM huayang.{layer.Name} l CROSS JOIN LATERAL (SELECT ST_Centroid(l.geom) AS c OFFSET 0) k
                        WHERE l.geom && {gridBox} AND NOT ST_IsEmpty(l.geom) OFFSET 0) k
                  OFFSET 0) g
            WHERE g.gx BETWEEN $2::bigint * ({extent} / $4) - 1 AND ($2::bigint + 1) * ({extent} / $4)
              AND g.gy BETWEEN $3::bigint * ({extent} / $4) - 1 AND ($3::bigint + 1) * ({extent} / $4)
            """;
        string thinned;
        if (layer.AggregateSum is { } sum)
        {
            var id = TileSql.FeatureId($"format('{layer.Name}@%s/%s/%s/%s', $1, $4, g.gx, g.gy)");
            var square = $"""
                ST_MakeEnvelope(-{half} + g.gx * $4 * {unit}, {half} - (g.gy + 1) * $4 * {unit},
                                -{half} + (g.gx + 1) * $4 * {unit}, {half} - g.gy * $4 * {unit}, 3857)
                """;
            thinned = $"""
                (SELECT {mvt} FROM (
                    SELECT {id} AS fid, sum(g.{sum})::bigint AS {sum}, count(*) AS {VectorTileThinning.CellsField},
                           ST_AsMVTGeom({square}, ST_TileEnvelope($1, $2, $3), {extent}, {VectorTileGrid.Buffer}, true) AS geom
                    {cells}
                    GROUP BY g.gx, g.gy
                    ORDER BY g.gy, g.gx OFFSET 0
                  ) t WHERE t.geom IS NOT NULL)
                """;
        }
        else
        {
            thinned = $"""
                (SELECT {mvt} FROM (
                    SELECT {fid} AS fid, {columns}, {geometry} AS geom
                    FROM (SELECT DISTINCT ON (g.gx, g.gy) g.*
                          {cells}
                          ORDER BY g.gx, g.gy, g.id COLLATE "C") l
                    ORDER BY l.id COLLATE "C" OFFSET 0
                  ) t WHERE t.geom IS NOT NULL)
                """;
        }
        // The budget is checked by counting at most one feature more than it.
        return $"""
            CASE WHEN $1 < {layer.MinZoom} THEN ''::bytea
                 WHEN (SELECT count(*) FROM (SELECT FROM huayang.{layer.Name} l WHERE l.geom && {cutBox} LIMIT $5 + 1) n) <= $5
                      THEN coalesce({cut}, ''::bytea)
                 ELSE coalesce({thinned}, ''::bytea) END
            """;
    }

    private async Task<IReadOnlyDictionary<string, Envelope?>> ReadBoundsAsync(LayerRegistry registry, CancellationToken cancellationToken)
    {
        var sql = string.Join("\nUNION ALL\n", registry.Names.Select(layer =>
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

    private sealed record VersionedState(long Version, TileSetState State, long CheckedAt, long LoadVersion);
}
