using System.Text.Json;
using Huayang.Gis.Core.Model;
using NetTopologySuite.Features;
using Npgsql;
using NpgsqlTypes;

namespace Huayang.Gis.PostGis;

/// <summary>How <see cref="PostGisLoader.LoadAsync"/> loads a dataset.</summary>
/// <param name="Replace">
/// True: every layer of the dataset replaces its table's content (rows whose id is not in the dataset are
/// deleted). False: features are merged by id (inserted, or updated when the id exists) and other rows stay.
/// </param>
/// <param name="Source">What was loaded, for the record (a path or a URL); never a connection string.</param>
/// <param name="Checksum">A fingerprint of the input, for the record; see <see cref="DatasetChecksum"/>.</param>
public sealed record LoadOptions(bool Replace, string Source, string Checksum);

/// <summary>What a load did.</summary>
/// <param name="Version">The new row of <c>huayang.dataset_versions</c>.</param>
/// <param name="FeatureCounts">Features written per layer of the dataset, in the registry's reading order.</param>
public sealed record LoadResult(long Version, IReadOnlyDictionary<string, int> FeatureCounts);

/// <summary>A load's progress through one layer. <c>RowsWritten == RowsTotal</c> when the layer is in its table.</summary>
public sealed record LoadProgress(string Layer, long RowsWritten, long RowsTotal);

/// <summary>
/// Loads a validated <see cref="Dataset"/> into the PostGIS schema <c>huayang</c>, all or nothing: one transaction
/// (a <see cref="LoadSession"/>) applies any missing migration, creates the declared layers' tables (<see cref="DeclaredLayerTables"/>), writes each
/// layer by binary COPY (<see cref="BinaryCopy"/>) merged by id or replacing the table's rows, checks the cross-layer
/// rules of <c>huayang validate</c> on the tables as they now are (<see cref="LoadedDatasetChecker"/>), stores the
/// life-circle table and records the load in <c>huayang.dataset_versions</c> just before the commit.
/// </summary>
/// <remarks>
/// A row the database refuses is a <see cref="PostGisLoadException"/> naming layer, feature and rule
/// (<see cref="RefusedFeature"/>); a broken cross-layer rule is a <see cref="LoadCheckException"/>; any failure,
/// cancellation or lost connection rolls the whole load back. A replacing load empties the tables and builds their
/// secondary indexes again after the rows are in, which makes readers wait until the commit; a merge does not.
/// Concurrent loads into one database are serialised by an advisory lock.
/// </remarks>
public static class PostGisLoader
{
    /// <summary>The key of the advisory lock held by a load's transaction: the ASCII bytes of "hyload".</summary>
    internal const long AdvisoryLockKey = 0x68796C6F6164;

    /// <summary>How many rows a layer's COPY writes between two progress reports.</summary>
    public const int ProgressInterval = 2000;

    private static readonly JsonSerializerOptions DocumentJson = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Loads <paramref name="dataset"/> in one transaction.</summary>
    /// <param name="progress">Told, on the loading thread, when each layer starts, every
    /// <see cref="ProgressInterval"/> rows of its COPY, and when it is in its table.</param>
    /// <returns>The dataset version recorded and the features written per layer.</returns>
    /// <exception cref="PostGisLoadException">The database refused a feature; nothing was written.</exception>
    /// <exception cref="LoadCheckException">The tables as loaded would break a cross-layer rule of
    /// <c>huayang validate</c>; nothing was written.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled; nothing was written.</exception>
    /// <exception cref="NpgsqlException">The database could not be reached or the connection was lost; nothing
    /// was written (missing migrations are applied in the load's transaction, see <see cref="LoadSession"/>).</exception>
    public static async Task<LoadResult> LoadAsync(
        NpgsqlDataSource dataSource, Dataset dataset, LoadOptions options,
        IProgress<LoadProgress>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(options);
        foreach (var layer in dataset.Layers.Keys)
        {
            dataset.Registry.Get(layer);
        }

        await using var session = await LoadSession.BeginAsync(dataSource, ct);
        return await session.LoadAsync(dataset, options, progress, ct);
    }

    /// <summary>The body of a load, in a transaction that <see cref="LoadSession.BeginAsync"/> locked and migrated.</summary>
    internal static async Task<LoadResult> LoadInAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Dataset dataset, LoadOptions options,
        IProgress<LoadProgress>? progress, CancellationToken ct)
    {
        foreach (var layer in dataset.Layers.Keys)
        {
            dataset.Registry.Get(layer);
        }

        // The rows' tile_fid is written by the COPY (CopyRows): the trigger that would compute it again for every row
        // stays out of this transaction, and only of this one.
        await connection.ExecuteAsync(transaction, LayerTable.LoaderWritesTileFeatureIdSql, ct);
        await DeclaredLayerTables.ApplyAsync(connection, transaction, dataset.Registry, options, ct);
        var tables = dataset.Registry.All.Select(LayerTables.For).Where(t => dataset.Layers.ContainsKey(t.Layer)).ToList();
        IReadOnlyList<string> indexes = [];
        if (options.Replace)
        {
            indexes = await EmptyForBulkLoadAsync(connection, transaction, tables, ct);
        }

        LoadTimings.Mark("declared tables, truncate, drop indexes");
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            var features = dataset.Layers[table.Layer];
            await LoadLayerAsync(connection, transaction, table, features, merge: !options.Replace, progress, ct);
            counts[table.Layer] = features.Count;
            LoadTimings.Mark("copy " + table.Layer);
        }

        // The rules of huayang validate, on the tables as merged: the dataset was valid on its own, but rows it
        // did not replace may no longer agree with it.
        var problems = await LoadedDatasetChecker.CheckAsync(
            connection, transaction, dataset.Registry, [.. dataset.LifeCircles.Categories.Select(c => c.Id)], ct);
        LoadTimings.Mark("cross-layer check (SQL)");
        if (problems.Count > 0)
        {
            throw new LoadCheckException(options.Source, problems);
        }

        if (indexes.Count > 0)
        {
            // More memory for the index builds, for this transaction only.
            await connection.ExecuteAsync(transaction, "SET LOCAL maintenance_work_mem = '256MB'", ct);
        }

        foreach (var index in indexes)
        {
            await connection.ExecuteAsync(transaction, index, ct);
            LoadTimings.Mark("index " + index.Split(' ')[2]);
        }

        // The walking network pgRouting searches, from the walkways as they now are.
        await WalkNetworkTables.RebuildAsync(connection, transaction, ct);
        LoadTimings.Mark("walk network rebuild");

        await using (var lifeCircles = new NpgsqlCommand(
            """
            INSERT INTO huayang.life_circles (singleton, document) VALUES (true, $1)
            ON CONFLICT (singleton) DO UPDATE SET document = EXCLUDED.document
            """, connection, transaction))
        {
            lifeCircles.Parameters.Add(new NpgsqlParameter
            {
                NpgsqlDbType = NpgsqlDbType.Jsonb,
                Value = JsonSerializer.Serialize(dataset.LifeCircles, DocumentJson),
            });
            await lifeCircles.ExecuteNonQueryAsync(ct);
        }

        // The last statement before the commit, so that loaded_at (the clock when it runs, not the transaction's
        // start) is as close to the moment the data became visible as the database can say.
        long version;
        // The notification reaches the servers listening (the change feed) when the load commits, not before.
        await using (var record = new NpgsqlCommand(
            $"""
            WITH loaded AS (
                INSERT INTO huayang.dataset_versions (loaded_at, source, checksum, replaced, feature_counts)
                VALUES (clock_timestamp(), $1, $2, $3, $4) RETURNING version)
            SELECT version, pg_notify('{Store.PostGisSpatialStore.ChangeChannel}', version::text) FROM loaded
            """, connection, transaction))
        {
            record.Parameters.Add(new NpgsqlParameter<string> { TypedValue = options.Source });
            record.Parameters.Add(new NpgsqlParameter<string> { TypedValue = options.Checksum });
            record.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = options.Replace });
            record.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = JsonSerializer.Serialize(counts) });
            version = (long)(await record.ExecuteScalarAsync(ct))!;
        }

        // Cancellation is honoured up to here; the commit itself is not cancelled, so that a load either
        // committed or did not, never "unknown".
        LoadTimings.Mark("life circles, version row");
        ct.ThrowIfCancellationRequested();
        await transaction.CommitAsync(CancellationToken.None);
        LoadTimings.Mark("commit");
        return new LoadResult(version, counts);
    }

    /// <summary>
    /// Empties the tables for a replacing load and drops their secondary indexes (not the primary keys), to be
    /// built again once the rows are in: building a GiST index over all rows at once is several times faster
    /// than inserting row by row into it. TRUNCATE and DROP INDEX lock the tables until the commit, so readers
    /// wait for a replacing load (a merging load does not make them wait).
    /// </summary>
    /// <returns>The statements that create the dropped indexes again.</returns>
    private static async Task<IReadOnlyList<string>> EmptyForBulkLoadAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<LayerTable> tables, CancellationToken ct)
    {
        var names = tables.Select(t => t.Table).ToArray();
        var drops = new List<string>();
        var creates = new List<string>();
        // Index names and definitions are read from the catalog of the layer tables (never from the data), so
        // that indexes added by later migrations are handled too.
        await using (var command = new NpgsqlCommand(
            """
            SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname), pg_get_indexdef(i.indexrelid)
            FROM pg_index i
            JOIN pg_class c ON c.oid = i.indexrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE i.indrelid = ANY (SELECT t::regclass FROM unnest($1::text[]) AS t)
              AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
            ORDER BY 1
            """, connection, transaction))
        {
            command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = names });
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                drops.Add(reader.GetString(0));
                creates.Add(reader.GetString(1));
            }
        }

        await connection.ExecuteAsync(transaction, $"TRUNCATE {string.Join(", ", names)}", ct);
        if (drops.Count > 0)
        {
            await connection.ExecuteAsync(transaction, $"DROP INDEX {string.Join(", ", drops)}", ct);
        }
        return creates;
    }

    private static async Task LoadLayerAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, LayerTable table, IReadOnlyList<IFeature> features,
        bool merge, IProgress<LoadProgress>? progress, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        progress?.Report(new LoadProgress(table.Layer, 0, features.Count));
        var columns = string.Join(", ", table.Columns);

        if (!merge)
        {
            // Replacing: the table is empty, so the rows go straight in. When the database refuses one, the copy
            // is undone and the layer goes through the staging table below, which finds the feature to name.
            await connection.ExecuteAsync(transaction, "SAVEPOINT huayang_copy", ct);
            try
            {
                await BinaryCopy.CopyAsync(connection, table.Table, columns, table, features, progress, ct);
                await connection.ExecuteAsync(transaction, "RELEASE SAVEPOINT huayang_copy", ct);
                progress?.Report(new LoadProgress(table.Layer, features.Count, features.Count));
                return;
            }
            catch (PostgresException e) when (RefusedFeature.IsDataRefusal(e))
            {
                await connection.ExecuteAsync(transaction, "ROLLBACK TO SAVEPOINT huayang_copy", ct);
            }
        }

        // The staging table has the layer table's column types and NOT NULL rules, but no CHECKs, indexes, triggers
        // or generated columns: the COPY is cheap and every rule is applied once, by the merge.
        var staging = $"CREATE TEMP TABLE {table.Staging} (LIKE {table.Table}) ON COMMIT DROP";
        foreach (var generated in table.Generated)
        {
            staging += $"; ALTER TABLE {table.Staging} DROP COLUMN {generated}";
        }
        await connection.ExecuteAsync(transaction, staging, ct);

        try
        {
            await BinaryCopy.CopyAsync(connection, table.Staging, columns, table, features, progress, ct);
        }
        catch (PostgresException e) when (RefusedFeature.IsDataRefusal(e))
        {
            throw new PostGisLoadException(
                table.Layer, RefusedFeature.FindInMemory(table, features, e.ColumnName), e.ConstraintName ?? e.ColumnName, e.MessageText, e);
        }

        await connection.ExecuteAsync(transaction, "SAVEPOINT huayang_merge", ct);
        // Merging updates rows whose id exists; replacing inserts into an emptied table, where nothing conflicts.
        var insert = $"INSERT INTO {table.Table} ({columns}) SELECT {columns} FROM {table.Staging}";
        if (merge)
        {
            insert += $" ON CONFLICT (id) DO UPDATE SET {string.Join(", ", table.Columns.Skip(1).Select(c => $"{c} = EXCLUDED.{c}"))}";
        }
        try
        {
            await connection.ExecuteAsync(transaction, insert, ct);
        }
        catch (PostgresException e) when (RefusedFeature.IsDataRefusal(e))
        {
            await connection.ExecuteAsync(transaction, "ROLLBACK TO SAVEPOINT huayang_merge", ct);
            var featureId = await RefusedFeature.FindInStagingAsync(connection, transaction, table, e, ct)
                ?? RefusedFeature.FindInMemory(table, features, e.ColumnName);
            throw new PostGisLoadException(table.Layer, featureId, e.ConstraintName ?? e.ColumnName, e.MessageText, e);
        }
        await connection.ExecuteAsync(transaction, "RELEASE SAVEPOINT huayang_merge", ct);
        progress?.Report(new LoadProgress(table.Layer, features.Count, features.Count));
    }

}
