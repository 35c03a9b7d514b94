using Huayang.Gis.Core.Store;
using Npgsql;

namespace Huayang.Gis.PostGis.Store;

/// <summary>OGC API items pages of the PostGIS store: the page, its dataset version and, when needed, the count.</summary>
public sealed partial class PostGisSpatialStore
{
    /// <summary>The most ids one query's ordered match list may have to be kept (<see cref="_orders"/>); tests lower it.</summary>
    internal int MaxOrderedIds { get; set; } = 50_000;

    /// <summary>The most ids all the kept match lists may have together (some tens of MB).</summary>
    private const long MaxOrderedIdsInAll = 1_000_000;

    /// <summary>
    /// Per layer, bbox, filters and sort order, the ids of every matching feature in page order (or null when there
    /// are more than <see cref="MaxOrderedIds"/>), for the dataset version they were read from.
    /// </summary>
    private readonly VersionedCache<string[]?> _orders = new(4096, ids => ids?.Length ?? 0, MaxOrderedIdsInAll);

    /// <inheritdoc />
    /// <remarks>
    /// The first time a query is asked for a dataset version, one query reads the page. When the page cannot tell
    /// the total (a full page, or an empty page past the start), the ids of all its matches in page order are read
    /// and kept (up to <see cref="MaxOrderedIds"/>; beyond that only the count is kept). From then on, until another
    /// load or edit changes the version, any page of that query is its slice of the ids, read by primary key with
    /// the version in the same round trip, and the total is the list's length: a bbox of thousands of population
    /// cells costs its scan and sort once, not on every page.
    /// </remarks>
    public async Task<FeaturePage> QueryFeaturesAsync(FeatureQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var table = LayerTable(query.Layer);
        query.Check();
        if (query.Filters.Any(f => f.Key.Contains('\0', StringComparison.Ordinal) || f.Value.Contains('\0', StringComparison.Ordinal)))
        {
            // PostgreSQL text cannot hold NUL, so no stored property equals such a value (and it cannot be sent).
            return new FeaturePage([], 0);
        }
        var definition = LayerTables.For(_state.State.Layers.Get(query.Layer));
        var where = new FeatureFilterSql(query, definition);
        var order = FilterSql.OrderBy(query.SortBy, definition);
        var orderKey = where.CacheKey + "\u001e" + order;
        if (_orders.TryGetLatest(orderKey, out var listVersion, out var ordered) && ordered is not null
            && await ReadSliceAsync(table, ordered, query, listVersion, cancellationToken) is { } slice)
        {
            return slice;
        }

        // The dataset version comes with the page, in the same round trip: a full page's count is then looked up
        // in the count cache without asking for the version again. The page is chosen in a subquery and only its
        // rows turn their properties into text: PostgreSQL would otherwise cast every matching row's jsonb before
        // the sort and the limit (at --scale 30 a bbox holds thousands of population cells for a page of 100).
        var sortColumns = string.Concat(FilterSql.SortColumns(query.SortBy, definition).Select(c => ", " + c));
        var read = new NpgsqlBatchCommand(
            $"SELECT id, properties::text, geom FROM (SELECT id, properties, geom{sortColumns} FROM huayang.{table} " +
            $"WHERE {where.Sql} ORDER BY {order} LIMIT ${where.ParameterCount + 1} OFFSET ${where.ParameterCount + 2}) page " +
            $"ORDER BY {order}");
        where.AddParameters(read.Parameters);
        read.Parameters.Add(new NpgsqlParameter<int> { TypedValue = query.Limit });
        read.Parameters.Add(new NpgsqlParameter<long> { TypedValue = query.Offset });
        var (pageVersion, features) = await WithVersionAsync(read, ReadFeaturesAsync, cancellationToken);

        if (features.Count < query.Limit && (features.Count > 0 || query.Offset == 0))
        {
            return new FeaturePage(features, query.Offset + features.Count);
        }
        // More pages than this one: the ordered ids replace a count, and serve the next asks.
        if (!_orders.TryGet(pageVersion, orderKey, out ordered))
        {
            ordered = await ReadOrderAsync(table, where, order, orderKey, cancellationToken);
        }
        if (ordered is not null)
        {
            return new FeaturePage(features, ordered.Length);
        }
        var key = where.CacheKey;
        if (_counts.TryGet(pageVersion, key, out var cached))
        {
            return new FeaturePage(features, cached);
        }
        var count = new NpgsqlBatchCommand($"SELECT count(*) FROM huayang.{table} WHERE {where.Sql}");
        where.AddParameters(count.Parameters);
        var (countVersion, matched) = await WithVersionAsync(count, async (reader, ct) =>
        {
            await reader.ReadAsync(ct);
            return reader.GetInt64(0);
        }, cancellationToken);
        _counts.Set(countVersion, key, matched);
        return new FeaturePage(features, matched);
    }

    /// <summary>
    /// Runs <paramref name="command"/> in one round trip after the dataset version's statement and reads its rows
    /// with <paramref name="read"/>. The version is read first, so what the command read is never older than it.
    /// </summary>
    private async Task<(long Version, T Value)> WithVersionAsync<T>(
        NpgsqlBatchCommand command, Func<NpgsqlDataReader, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        await using var batch = _dataSource.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand(VersionSql));
        batch.BatchCommands.Add(command);
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var version = reader.GetInt64(0);
        await reader.NextResultAsync(cancellationToken);
        return (version, await read(reader, cancellationToken));
    }

    /// <summary>
    /// Reads the ids of every feature the query matches, in page order, and keeps them (or, when there are more
    /// than <see cref="MaxOrderedIds"/>, that there are too many) for the version read with them.
    /// </summary>
    /// <returns>The ids, or null when there are too many to keep.</returns>
    private async Task<string[]?> ReadOrderAsync(
        string table, FeatureFilterSql where, string order, string orderKey, CancellationToken cancellationToken)
    {
        var limit = MaxOrderedIds;
        var ids = new NpgsqlBatchCommand(
            $"SELECT id FROM huayang.{table} WHERE {where.Sql} ORDER BY {order} LIMIT {limit + 1}");
        where.AddParameters(ids.Parameters);
        // The ids are never older than the version they are kept under.
        var (version, list) = await WithVersionAsync(ids, async (reader, ct) =>
        {
            var read = new List<string>();
            while (await reader.ReadAsync(ct))
            {
                read.Add(reader.GetString(0));
            }
            return read;
        }, cancellationToken);

        var ordered = list.Count > limit ? null : list.ToArray();
        _orders.Set(version, orderKey, ordered);
        return ordered;
    }

    /// <summary>
    /// The page of <paramref name="query"/> as its slice of <paramref name="ordered"/>, read by primary key, when the
    /// dataset is still at <paramref name="version"/> (checked in the same round trip); otherwise null.
    /// </summary>
    private async Task<FeaturePage?> ReadSliceAsync(
        string table, string[] ordered, FeatureQuery query, long version, CancellationToken cancellationToken)
    {
        var start = (int)Math.Min(query.Offset, ordered.Length);
        var ids = ordered.AsSpan(start, Math.Min(query.Limit, ordered.Length - start)).ToArray();
        var read = new NpgsqlBatchCommand(
            $"SELECT f.id, f.properties::text, f.geom FROM unnest($1::text[]) WITH ORDINALITY AS page (id, n) " +
            $"JOIN huayang.{table} f ON f.id = page.id ORDER BY page.n");
        read.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = ids });
        var (current, features) = await WithVersionAsync(read, ReadFeaturesAsync, cancellationToken);
        return current == version ? new FeaturePage(features, ordered.Length) : null;
    }
}
