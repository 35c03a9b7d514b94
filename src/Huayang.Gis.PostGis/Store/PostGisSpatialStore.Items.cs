using Huayang.Gis.Core.Store;
using NetTopologySuite.Features;
using Npgsql;

namespace Huayang.Gis.PostGis.Store;

/// <summary>OGC API items pages of the PostGIS store: the page, its dataset version and, when needed, the count.</summary>
public sealed partial class PostGisSpatialStore
{
    /// <inheritdoc />
    /// <remarks>
    /// One query reads the page. The total is counted only when the page
    /// cannot tell it (a full page, or an empty page past the start), and a count is kept per layer, bbox,
    /// filters and CQL2 filter until another load or edit changes the dataset version.
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
        IReadOnlyList<IFeature> features;
        long pageVersion;
        // The dataset version comes with the page, in the same round trip: a full page's count is then looked up
        // in the count cache without asking for the version again.
        await using (var batch = _dataSource.CreateBatch())
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(VersionSql));
            // The page is chosen in a subquery and only its rows turn their properties into text: PostgreSQL would
            // otherwise cast every matching row's jsonb before the sort and the limit (at --scale 30 a bbox holds
            // thousands of population cells for a page of 100).
            var order = FilterSql.OrderBy(query.SortBy, definition);
            var sortColumns = string.Concat(FilterSql.SortColumns(query.SortBy, definition).Select(c => ", " + c));
            var read = new NpgsqlBatchCommand(
                $"SELECT id, properties::text, geom FROM (SELECT id, properties, geom{sortColumns} FROM huayang.{table} " +
                $"WHERE {where.Sql} ORDER BY {order} LIMIT ${where.ParameterCount + 1} OFFSET ${where.ParameterCount + 2}) page " +
                $"ORDER BY {order}");
            where.AddParameters(read.Parameters);
            read.Parameters.Add(new NpgsqlParameter<int> { TypedValue = query.Limit });
            read.Parameters.Add(new NpgsqlParameter<long> { TypedValue = query.Offset });
            batch.BatchCommands.Add(read);
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            pageVersion = reader.GetInt64(0);
            await reader.NextResultAsync(cancellationToken);
            features = await ReadFeaturesAsync(reader, cancellationToken);
        }

        if (features.Count < query.Limit && (features.Count > 0 || query.Offset == 0))
        {
            return new FeaturePage(features, query.Offset + features.Count);
        }
        var key = where.CacheKey;
        if (_counts.TryGet(pageVersion, key, out var cached))
        {
            return new FeaturePage(features, cached);
        }
        await using (var batch = _dataSource.CreateBatch())
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(VersionSql));
            var count = new NpgsqlBatchCommand($"SELECT count(*) FROM huayang.{table} WHERE {where.Sql}");
            where.AddParameters(count.Parameters);
            batch.BatchCommands.Add(count);
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            var countVersion = reader.GetInt64(0);
            await reader.NextResultAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            var matched = reader.GetInt64(0);
            _counts.Set(countVersion, key, matched);
            return new FeaturePage(features, matched);
        }
    }
}
