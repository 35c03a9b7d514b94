using System.Text.Json;
using Huayang.Gis.Core.Analysis;
using Huayang.Gis.Core.IO;
using Huayang.Gis.Core.Model;
using Huayang.Gis.Core.Store;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using Npgsql;
using NpgsqlTypes;

namespace Huayang.Gis.PostGis.Store;

/// <summary>
/// The production store: the same answers as the in-memory store, computed by PostGIS over the
/// tables that <c>huayang load</c> fills. Distances use the stored EPSG:4544 copies
/// (<c>geom_m</c>, <c>point_m</c>) so nearest-neighbour search (<c>&lt;-&gt;</c>) and
/// <c>ST_DWithin</c> run on their GiST indexes and measure metres directly.
/// </summary>
public sealed partial class PostGisSpatialStore : ISpatialStore, IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly NpgsqlDataSource _primary;
    private readonly bool _ownsDataSource;
    private readonly ExpectedVersion _expectedVersion = new();

    private PostGisSpatialStore(
        NpgsqlDataSource dataSource, bool ownsDataSource, CheckedState state, TimeSpan? versionCheckInterval, NpgsqlDataSource? primary = null)
    {
        _dataSource = dataSource;
        _primary = primary ?? dataSource;
        _ownsDataSource = ownsDataSource;
        _state = state;
        _versionCheckIntervalMs = (long)(versionCheckInterval ?? TimeSpan.FromSeconds(1)).TotalMilliseconds;
    }

    /// <summary>Opens the store over a database that holds a loaded dataset.</summary>
    /// <exception cref="StoreUnavailableException">The database has no Huayang schema or no dataset loaded.</exception>
    /// <param name="versionCheckInterval">How long a read dataset version is trusted before it is read again (default one second).</param>
    public static async Task<PostGisSpatialStore> OpenAsync(
        NpgsqlDataSource dataSource, CancellationToken cancellationToken = default, TimeSpan? versionCheckInterval = null) =>
        new(dataSource, ownsDataSource: false, await ReadStateAsync(dataSource, cancellationToken), versionCheckInterval);

    /// <summary>Opens the store over a connection string; the store owns (and disposes) its connection pool.</summary>
    public static Task<PostGisSpatialStore> OpenAsync(string connectionString, CancellationToken cancellationToken = default) =>
        OpenAsync(connectionString, limits: null, cancellationToken);

    /// <summary>Opens the store over a connection string with a server's timeouts and pool size (see <see cref="PostGisDataSource.Create"/>).</summary>
    public static Task<PostGisSpatialStore> OpenAsync(string connectionString, PoolLimits? limits, CancellationToken cancellationToken = default) =>
        OpenAsync(connectionString, readConnectionString: null, limits, cancellationToken);

    /// <summary>
    /// Opens the store with reads on <paramref name="readConnectionString"/> (a hot standby of the primary) when given:
    /// features, tiles and analysis read there; edits, their version checks, the history and the change log use the
    /// primary at <paramref name="connectionString"/>.
    /// </summary>
    public static async Task<PostGisSpatialStore> OpenAsync(
        string connectionString, string? readConnectionString, PoolLimits? limits, CancellationToken cancellationToken = default)
    {
        var primary = PostGisDataSource.Create(connectionString, limits);
        NpgsqlDataSource? reads = null;
        try
        {
            reads = readConnectionString is null ? primary : PostGisDataSource.Create(readConnectionString, limits);
            return new(reads, ownsDataSource: true, await ReadStateAsync(reads, cancellationToken), versionCheckInterval: null, primary);
        }
        catch
        {
            if (reads is not null && reads != primary)
            {
                await reads.DisposeAsync();
            }
            await primary.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Tells the store that the dataset has reached <paramref name="version"/> (an edit or load seen in the change log):
    /// until it reads that version or a later one, it reads the version again on every request instead of trusting the
    /// last reading for the version-check interval — on a standby, until the standby has replayed it.
    /// </summary>
    public void ExpectVersion(long version) => _expectedVersion.Raise(version);

    private volatile CheckedState _state;
    private readonly long _versionCheckIntervalMs;

    /// <inheritdoc />
    /// <remarks>
    /// The version is <c>pg-</c> and the latest row of <c>huayang.dataset_versions</c>, read again when the last reading
    /// is more than the version-check interval (one second) old; the life-circle table is read again when it changed.
    /// </remarks>
    public async ValueTask<DatasetState> GetStateAsync(CancellationToken cancellationToken = default)
    {
        var known = _state;
        if (Environment.TickCount64 - known.CheckedAt < _versionCheckIntervalMs && known.Version >= _expectedVersion.Value)
        {
            return known.State;
        }
        await using var command = _dataSource.CreateCommand(VersionSql);
        var version = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        var state = version == known.Version
            ? known with { CheckedAt = Environment.TickCount64 }
            : await ReadStateAsync(_dataSource, cancellationToken);
        _state = state;
        return state.State;
    }

    /// <summary>The connection pool this store reads from, for other readers of the same tables (tiles).</summary>
    public NpgsqlDataSource DataSource => _dataSource;

    /// <summary>The primary's connection pool: edits, version checks, the history and the change log.</summary>
    public NpgsqlDataSource Primary => _primary;

    /// <inheritdoc />
    public async Task<IReadOnlyList<IFeature>> GetFeaturesAsync(string layer, Envelope? bbox, CancellationToken cancellationToken = default)
    {
        var table = LayerTable(layer);
        // The bbox is lon/lat like the table's geom column, so the GiST index on geom serves && directly.
        await using var command = _dataSource.CreateCommand(bbox is null
            ? $"SELECT id, properties::text, geom FROM huayang.{table} ORDER BY id COLLATE \"C\""
            : $"""
               SELECT id, properties::text, geom FROM huayang.{table}
               WHERE geom && ST_MakeEnvelope($1, $2, $3, $4, 4326)
                 AND ST_Intersects(geom, ST_MakeEnvelope($1, $2, $3, $4, 4326))
               ORDER BY id COLLATE "C"
               """);
        if (bbox is not null)
        {
            command.Parameters.Add(new NpgsqlParameter<double> { TypedValue = bbox.MinX });
            command.Parameters.Add(new NpgsqlParameter<double> { TypedValue = bbox.MinY });
            command.Parameters.Add(new NpgsqlParameter<double> { TypedValue = bbox.MaxX });
            command.Parameters.Add(new NpgsqlParameter<double> { TypedValue = bbox.MaxY });
        }
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await ReadFeaturesAsync(reader, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IFeature?> GetFeatureAsync(string layer, string id, CancellationToken cancellationToken = default)
    {
        var table = LayerTable(layer);
        ArgumentNullException.ThrowIfNull(id);
        if (id.Contains('\0', StringComparison.Ordinal))
        {
            return null;
        }
        await using var command = _dataSource.CreateCommand($"SELECT id, properties::text, geom FROM huayang.{table} WHERE id = $1");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = id });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var features = await ReadFeaturesAsync(reader, cancellationToken);
        return features.Count == 0 ? null : features[0];
    }

    /// <inheritdoc />
    /// <remarks>Computed once per layer and dataset version; a call costs one short query for the version.</remarks>
    public async Task<LayerSummary> DescribeLayerAsync(string layer, CancellationToken cancellationToken = default)
    {
        var table = LayerTable(layer);
        await using var batch = _dataSource.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand(VersionSql));
        if (_summaries.TryGet(await ReadVersionAsync(batch, cancellationToken), table, out var known))
        {
            return known;
        }
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"""
            SELECT n, ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e)
            FROM (SELECT count(*) AS n, ST_Extent(geom) AS e FROM huayang.{table}) s
            """));
        batch.BatchCommands.Add(new NpgsqlBatchCommand(
            $"SELECT DISTINCT k COLLATE \"C\" FROM huayang.{table}, jsonb_object_keys(properties) k ORDER BY 1"));
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"""
            SELECT d, ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e), n
            FROM (SELECT ST_Dimension(geom) AS d, ST_Extent(geom) AS e, count(*) AS n FROM huayang.{table} WHERE NOT ST_IsEmpty(geom) GROUP BY 1) s ORDER BY 1
            """));
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var version = reader.GetInt64(0);
        await reader.NextResultAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var count = reader.GetInt64(0);
        var extent = reader.IsDBNull(1)
            ? null
            : new Envelope(reader.GetDouble(1), reader.GetDouble(3), reader.GetDouble(2), reader.GetDouble(4));
        await reader.NextResultAsync(cancellationToken);
        var names = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            names.Add(reader.GetString(0));
        }
        await reader.NextResultAsync(cancellationToken);
        var families = new Dictionary<GeometryFamily, (long, Envelope)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            families[(GeometryFamily)reader.GetInt32(0)] =
                (reader.GetInt64(5), new Envelope(reader.GetDouble(1), reader.GetDouble(3), reader.GetDouble(2), reader.GetDouble(4)));
        }
        var summary = new LayerSummary(table, count, extent, names) { ByFamily = families };
        _summaries.Set(version, table, summary);
        return summary;
    }

    /// <inheritdoc />
    public async Task<Community?> CommunityAtAsync(double lon, double lat, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand("""
            SELECT id, name_zh, name_en, population, households, geom FROM huayang.communities
            WHERE ST_Covers(geom, ST_SetSRID(ST_MakePoint($1, $2), 4326))
            ORDER BY id COLLATE "C" LIMIT 1
            """);
        command.Parameters.Add(new NpgsqlParameter<double> { TypedValue = lon });
        command.Parameters.Add(new NpgsqlParameter<double> { TypedValue = lat });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }
        var geometry = reader.GetFieldValue<Geometry>(5);
        geometry.SRID = 4326;
        return new Community(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3), reader.GetInt32(4), geometry);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<SiteDistance>> NearestSitesAsync(
        double lon, double lat, int k, string? category, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        // KNN on the metric copy: <-> between points is the exact planar distance, so ordering by it
        // and then by id gives the same order as the in-memory store.
        await using var command = _dataSource.CreateCommand($"""
            WITH q AS (SELECT ST_Transform(ST_SetSRID(ST_MakePoint($1, $2), 4326), 4544) AS p)
            SELECT {SiteColumns}, ST_Distance(s.geom_m, q.p) AS distance_m
            FROM huayang.sites s, q
            WHERE ($3::text IS NULL OR s.category = $3)
            ORDER BY s.geom_m <-> q.p, s.id COLLATE "C"
            LIMIT $4
            """);
        command.Parameters.Add(new NpgsqlParameter<double> { TypedValue = lon });
        command.Parameters.Add(new NpgsqlParameter<double> { TypedValue = lat });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)category ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = k });
        return await ReadSitesAsync(command, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<SiteDistance>> SitesWithinAsync(
        double lon, double lat, double radiusM, string? category, CancellationToken cancellationToken = default)
    {
        if (!double.IsFinite(radiusM) || radiusM < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(radiusM), radiusM, "radius must be a finite number of metres ≥ 0");
        }
        await using var command = _dataSource.CreateCommand($"""
            WITH q AS (SELECT ST_Transform(ST_SetSRID(ST_MakePoint($1, $2), 4326), 4544) AS p)
            SELECT {SiteColumns}, ST_Distance(s.geom_m, q.p) AS distance_m
            FROM huayang.sites s, q
            WHERE ST_DWithin(s.geom_m, q.p, $3) AND ($4::text IS NULL OR s.category = $4)
            ORDER BY distance_m, s.id COLLATE "C"
            """);
        command.Parameters.Add(new NpgsqlParameter<double> { TypedValue = lon });
        command.Parameters.Add(new NpgsqlParameter<double> { TypedValue = lat });
        command.Parameters.Add(new NpgsqlParameter<double> { TypedValue = radiusM });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)category ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        return await ReadSitesAsync(command, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<CoverageReport> CoverageAsync(CoverageRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var state = await GetStateAsync(cancellationToken);
        var buffer = await PostGisCoverage.ComputeAsync(
            _dataSource, request with { Method = CoverageMethod.Buffer }, state.LifeCircles.WalkingSpeedMPerMin, cancellationToken);
        return request.Method == CoverageMethod.Network
            ? await NetworkCoverageAsync(request, buffer, cancellationToken)
            : buffer;
    }

    public async ValueTask DisposeAsync()
    {
        if (_ownsDataSource)
        {
            await _dataSource.DisposeAsync();
            if (_primary != _dataSource)
            {
                await _primary.DisposeAsync();
            }
        }
    }

    /// <summary>The latest load; 0 before any. A load writes its row in the same transaction as its data.</summary>
    private const string VersionSql = "SELECT coalesce(max(version), 0) FROM huayang.dataset_versions";

    private readonly VersionedCache<long> _counts = new(maxEntries: 4096);
    private readonly VersionedCache<LayerSummary> _summaries = new(maxEntries: 64);

    private static async Task<long> ReadVersionAsync(NpgsqlBatch batch, CancellationToken cancellationToken)
    {
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return reader.GetInt64(0);
    }

    private static async Task<IReadOnlyList<IFeature>> ReadFeaturesAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        var features = new List<IFeature>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var id = reader.GetString(0);
            using var properties = JsonDocument.Parse(reader.GetString(1));
            var attributes = JsonAttributes.ToTable(properties.RootElement);
            if (!attributes.Exists("id"))
            {
                attributes.Add("id", id);
            }
            var geometry = reader.GetFieldValue<Geometry>(2);
            geometry.SRID = 4326;
            features.Add(new Feature(geometry, attributes));
        }
        return features;
    }

    private const string SiteColumns =
        "s.id, s.name_zh, s.name_en, s.category, s.status, s.capacity, s.plan_element, ST_X(s.geom), ST_Y(s.geom)";

    private static async Task<IReadOnlyList<SiteDistance>> ReadSitesAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var sites = new List<SiteDistance>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var site = new Site(
                reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetInt32(5),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                new Point(reader.GetDouble(7), reader.GetDouble(8)) { SRID = 4326 });
            sites.Add(new SiteDistance(site, reader.GetDouble(9)));
        }
        return sites;
    }

    /// <summary>The table of a layer: only the names of the registry (checked identifiers) ever reach SQL.</summary>
    private string LayerTable(string layer) => _state.State.Layers.Get(layer).Name;

    /// <summary>A dataset version with its rules, and when the version was last read (<see cref="Environment.TickCount64"/>).</summary>
    private sealed record CheckedState(long Version, DatasetState State, long CheckedAt);

    /// <summary>The latest version, its life-circle table and its layers, read in one snapshot so they belong together.</summary>
    private static async Task<CheckedState> ReadStateAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
            long version;
            string document;
            await using (var command = new NpgsqlCommand(
                $"SELECT ({VersionSql}), (SELECT document::text FROM huayang.life_circles LIMIT 1)", connection, transaction))
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                await reader.ReadAsync(cancellationToken);
                version = reader.GetInt64(0);
                document = reader.IsDBNull(1)
                    ? throw new StoreUnavailableException("the database has the Huayang schema but no dataset: run 'huayang load'")
                    : reader.GetString(1);
            }
            var layers = await LayerDeclarationTable.ReadAsync(connection, transaction, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return new CheckedState(version, new DatasetState($"pg-{version}", LifeCircleStandard.FromJson(document), layers), Environment.TickCount64);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.InvalidSchemaName)
        {
            throw new StoreUnavailableException("the database has no Huayang schema: run 'huayang db migrate' and 'huayang load'", e);
        }
    }
}

/// <summary>The database cannot serve as a store (no schema, no data); the message says what to run.</summary>
public sealed class StoreUnavailableException : Exception
{
    public StoreUnavailableException(string message) : base(message) { }

    public StoreUnavailableException(string message, Exception inner) : base(message, inner) { }
}
