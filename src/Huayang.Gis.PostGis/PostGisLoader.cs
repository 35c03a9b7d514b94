using System.Text.Json;
using Huayang.Gis.Core.IO;
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
/// <param name="FeatureCounts">Features written per layer, every layer of <see cref="Layers.All"/> in that order.</param>
public sealed record LoadResult(long Version, IReadOnlyDictionary<string, int> FeatureCounts);

/// <summary>A load's progress through one layer. <c>RowsWritten == RowsTotal</c> when the layer is in its table.</summary>
public sealed record LoadProgress(string Layer, long RowsWritten, long RowsTotal);

/// <summary>
/// Loads a validated <see cref="Dataset"/> into the PostGIS schema <c>huayang</c>, all or nothing.
/// </summary>
/// <remarks>
/// <para>The schema is first brought up to date (<see cref="PostGisMigrator"/>). Then, in one transaction, each
/// layer in <see cref="Layers.All"/> order is written by binary COPY into a temporary staging table and merged
/// into its table by id (<c>INSERT … SELECT … ON CONFLICT (id) DO UPDATE</c>), so loading the same data twice
/// leaves the same rows. A replacing load instead empties the tables, copies straight into them and builds their
/// secondary indexes again after the rows are in, which is faster but makes readers of those tables wait until
/// the commit. Once every layer is in, the cross-layer rules of <c>huayang validate</c> are checked on the tables
/// as they now are (<see cref="LoadedDatasetChecker"/>): a merge that would leave a reference to a missing id or
/// population cells that do not add up to their community is refused with <see cref="LoadCheckException"/>. The
/// life-circle table becomes the single row of <c>huayang.life_circles</c>, and the load is recorded in
/// <c>huayang.dataset_versions</c>, last, with <c>loaded_at</c> the database clock just before the commit. Any failure, cancellation or lost connection rolls the
/// whole load back: readers see the old data until the commit and the new data after it.</para>
/// <para>Columns: <c>id</c> and the typed columns of each table come from the attributes of the same name;
/// <c>properties</c> (jsonb) holds every attribute as read, typed ones included; <c>geom</c> is the geometry
/// unchanged (WGS84 lon/lat, SRID 4326). The dataset is trusted to be what <c>DatasetReader.Read</c> returns;
/// what the database still refuses raises <see cref="PostGisLoadException"/> naming layer, feature and rule.</para>
/// <para>Concurrent loads into one database are serialised by an advisory lock.</para>
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
    /// was written (a migration applied before the load began stays applied).</exception>
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

        await PostGisMigrator.MigrateAsync(dataSource, ct);

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1)", connection, transaction))
        {
            lockCommand.Parameters.Add(new NpgsqlParameter<long> { TypedValue = AdvisoryLockKey });
            await lockCommand.ExecuteNonQueryAsync(ct);
        }

        await DeclareLayersAsync(connection, transaction, dataset.Registry, options, ct);
        var tables = dataset.Registry.All.Select(LayerTables.For).Where(t => dataset.Layers.ContainsKey(t.Layer)).ToList();
        IReadOnlyList<string> indexes = [];
        if (options.Replace)
        {
            indexes = await EmptyForBulkLoadAsync(connection, transaction, tables, ct);
        }

        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            var features = dataset.Layers[table.Layer];
            await LoadLayerAsync(connection, transaction, table, features, merge: !options.Replace, progress, ct);
            counts[table.Layer] = features.Count;
        }

        // The rules of huayang validate, on the tables as merged: the dataset was valid on its own, but rows it
        // did not replace may no longer agree with it.
        var problems = await LoadedDatasetChecker.CheckAsync(
            connection, transaction, dataset.Registry, [.. dataset.LifeCircles.Categories.Select(c => c.Id)], ct);
        if (problems.Count > 0)
        {
            throw new LoadCheckException(options.Source, problems);
        }

        if (indexes.Count > 0)
        {
            // More memory for the index builds, for this transaction only.
            await ExecuteAsync(connection, transaction, "SET LOCAL maintenance_work_mem = '256MB'", ct);
        }

        foreach (var index in indexes)
        {
            await ExecuteAsync(connection, transaction, index, ct);
        }

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
        await using (var record = new NpgsqlCommand(
            """
            INSERT INTO huayang.dataset_versions (loaded_at, source, checksum, replaced, feature_counts)
            VALUES (clock_timestamp(), $1, $2, $3, $4) RETURNING version
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
        ct.ThrowIfCancellationRequested();
        await transaction.CommitAsync(CancellationToken.None);
        return new LoadResult(version, counts);
    }

    /// <summary>
    /// Makes the tables of the layers the dataset declares (<c>layers.json</c>) and records their declarations in
    /// <c>huayang.layer_declarations</c>. A layer declared as it was loaded before keeps its table. A replacing load
    /// makes a changed declaration's table anew and drops the tables of declared layers the dataset no longer has; a
    /// merging load refuses a changed declaration (its rows could not keep their columns) and keeps the others.
    /// </summary>
    private static async Task DeclareLayersAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, LayerRegistry registry, LoadOptions options, CancellationToken ct)
    {
        var loaded = new Dictionary<string, string>(StringComparer.Ordinal);
        await using (var read = new NpgsqlCommand("SELECT name, declaration::text FROM huayang.layer_declarations", connection, transaction))
        await using (var reader = await read.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                loaded[reader.GetString(0)] = reader.GetString(1);
            }
        }

        var declared = registry.Declared.ToDictionary(l => l.Name, StringComparer.Ordinal);
        foreach (var (name, json) in loaded)
        {
            var old = LayerDeclarations.Parse("[" + json + "]").Single();
            var changed = !declared.TryGetValue(name, out var layer) || !SameDeclaration(old, layer);
            if (!changed)
            {
                continue;
            }
            if (!options.Replace && layer is not null)
            {
                throw new LoadCheckException(options.Source,
                [
                    new DatasetProblem(Layers.DeclarationsFile, null, name, null, null,
                        "the layer is declared differently from the one loaded; load with --replace to change its declaration"),
                ]);
            }
            if (options.Replace)
            {
                // The name is a registry name (a checked identifier), so it is safe as a table name.
                await ExecuteAsync(connection, transaction, $"DROP TABLE IF EXISTS {LayerTables.For(old).Table}", ct);
                await using (var forget = new NpgsqlCommand("DELETE FROM huayang.layer_declarations WHERE name = $1", connection, transaction))
                {
                    forget.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name });
                    await forget.ExecuteNonQueryAsync(ct);
                }
                loaded.Remove(name);
            }
        }

        var position = 0;
        foreach (var layer in registry.Declared)
        {
            position++;
            if (!loaded.ContainsKey(layer.Name))
            {
                var table = LayerTables.For(layer);
                await ExecuteAsync(connection, transaction, $"DROP TABLE IF EXISTS {table.Table}", ct);
                foreach (var statement in table.CreateSql(layer))
                {
                    await ExecuteAsync(connection, transaction, statement, ct);
                }
            }
            await using var record = new NpgsqlCommand(
                """
                INSERT INTO huayang.layer_declarations (name, position, declaration) VALUES ($1, $2, $3)
                ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position, declaration = EXCLUDED.declaration
                """, connection, transaction);
            record.Parameters.Add(new NpgsqlParameter<string> { TypedValue = layer.Name });
            record.Parameters.Add(new NpgsqlParameter<int> { TypedValue = position });
            var json = LayerDeclarations.ToJson([layer]);
            record.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = json[1..^1] });
            await record.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>True when two declarations make the same table and the same layer (the colour aside).</summary>
    private static bool SameDeclaration(LayerDefinition a, LayerDefinition b) =>
        LayerDeclarations.ToJson([a with { Color = null }]) == LayerDeclarations.ToJson([b with { Color = null }]);

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

        await ExecuteAsync(connection, transaction, $"TRUNCATE {string.Join(", ", names)}", ct);
        if (drops.Count > 0)
        {
            await ExecuteAsync(connection, transaction, $"DROP INDEX {string.Join(", ", drops)}", ct);
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
            await ExecuteAsync(connection, transaction, "SAVEPOINT huayang_copy", ct);
            try
            {
                await CopyAsync(connection, table.Table, columns, table, features, progress, ct);
                await ExecuteAsync(connection, transaction, "RELEASE SAVEPOINT huayang_copy", ct);
                progress?.Report(new LoadProgress(table.Layer, features.Count, features.Count));
                return;
            }
            catch (PostgresException e) when (IsDataRefusal(e))
            {
                await ExecuteAsync(connection, transaction, "ROLLBACK TO SAVEPOINT huayang_copy", ct);
            }
        }

        // The staging table has the layer table's column types and NOT NULL rules, but no CHECKs, indexes or
        // generated columns: the COPY is cheap and every rule is applied once, by the merge.
        var staging = $"CREATE TEMP TABLE {table.Staging} (LIKE {table.Table}) ON COMMIT DROP";
        foreach (var generated in table.Generated)
        {
            staging += $"; ALTER TABLE {table.Staging} DROP COLUMN {generated}";
        }
        await ExecuteAsync(connection, transaction, staging, ct);

        try
        {
            await CopyAsync(connection, table.Staging, columns, table, features, progress, ct);
        }
        catch (PostgresException e) when (IsDataRefusal(e))
        {
            throw new PostGisLoadException(
                table.Layer, FindInMemory(table, features, e.ColumnName), e.ConstraintName ?? e.ColumnName, e.MessageText, e);
        }

        await ExecuteAsync(connection, transaction, "SAVEPOINT huayang_merge", ct);
        // Merging updates rows whose id exists; replacing inserts into an emptied table, where nothing conflicts.
        var insert = $"INSERT INTO {table.Table} ({columns}) SELECT {columns} FROM {table.Staging}";
        if (merge)
        {
            insert += $" ON CONFLICT (id) DO UPDATE SET {string.Join(", ", table.Columns.Skip(1).Select(c => $"{c} = EXCLUDED.{c}"))}";
        }
        try
        {
            await ExecuteAsync(connection, transaction, insert, ct);
        }
        catch (PostgresException e) when (IsDataRefusal(e))
        {
            await ExecuteAsync(connection, transaction, "ROLLBACK TO SAVEPOINT huayang_merge", ct);
            var featureId = await FindInStagingAsync(connection, transaction, table, e, ct)
                ?? FindInMemory(table, features, e.ColumnName);
            throw new PostGisLoadException(table.Layer, featureId, e.ConstraintName ?? e.ColumnName, e.MessageText, e);
        }
        await ExecuteAsync(connection, transaction, "RELEASE SAVEPOINT huayang_merge", ct);
        progress?.Report(new LoadProgress(table.Layer, features.Count, features.Count));
    }

    /// <summary>How many bytes of encoded rows are sent to the server at a time.</summary>
    private const int CopyChunkBytes = 1 << 18;

    /// <summary>Binary COPY of a layer's features into <paramref name="target"/> (a layer or staging table).</summary>
    /// <remarks>The rows are encoded by <see cref="CopyRows"/> and sent in chunks through a raw COPY stream, which
    /// costs far less per value than the binary importer. On any failure while sending, the COPY is cancelled, so
    /// that no partial layer is ever completed.</remarks>
    private static async Task CopyAsync(
        NpgsqlConnection connection, string target, string columns, LayerTable table, IReadOnlyList<IFeature> features,
        IProgress<LoadProgress>? progress, CancellationToken ct)
    {
        var layer = table.Layer;
        var rows = new CopyRows(table);
        var stream = await connection.BeginRawBinaryCopyAsync($"COPY {target} ({columns}) FROM STDIN (FORMAT BINARY)", ct);
        try
        {
            rows.WriteHeader();
            var written = 0;
            foreach (var feature in features)
            {
                rows.WriteRow(feature);
                written++;
                if (rows.Length >= CopyChunkBytes)
                {
                    await stream.WriteAsync(rows.Written, ct);
                    rows.Clear();
                }

                if (written % ProgressInterval == 0 && written < features.Count)
                {
                    progress?.Report(new LoadProgress(layer, written, features.Count));
                }
            }

            rows.WriteTrailer();
            await stream.WriteAsync(rows.Written, ct);
        }
        catch
        {
            try
            {
                await stream.CancelAsync();
            }
            catch (Exception e) when (e is NpgsqlException or ObjectDisposedException)
            {
                // The connection already failed and ended the COPY; the failure being rethrown says why.
            }

            await stream.DisposeAsync();
            throw;
        }

        // Ending the stream completes the COPY; a row the database refuses raises its PostgresException here.
        await stream.DisposeAsync();
    }

    /// <summary>Errors that mean "this data cannot be stored": integrity rules (class 23), bad values (class 22),
    /// and a merge touching one id twice (a duplicate id in the dataset).</summary>
    private static bool IsDataRefusal(PostgresException e) =>
        e.SqlState.StartsWith("23", StringComparison.Ordinal)
        || e.SqlState.StartsWith("22", StringComparison.Ordinal)
        || e.SqlState == PostgresErrorCodes.CardinalityViolation;

    /// <summary>The first feature with no value for a column the loader writes, when the column is known.</summary>
    private static string? FindInMemory(LayerTable table, IReadOnlyList<IFeature> features, string? column)
    {
        if (!table.Writes(column))
        {
            return null;
        }
        var typed = table.Typed.FirstOrDefault(c => c.Name == column);
        foreach (var feature in features)
        {
            var id = feature.Attributes.Exists("id") ? feature.Attributes["id"] as string : null;
            var missing = column switch
            {
                "id" => id is null,
                "geom" => feature.Geometry is null,
                "properties" => false,
                _ => typed is not null && LayerTable.Value(typed, feature.Attributes) is null,
            };
            if (missing)
            {
                return id ?? "(no id)";
            }
        }
        return null;
    }

    /// <summary>After a failed merge (rolled back to its savepoint): a staged row that breaks the same rule.</summary>
    private static async Task<string?> FindInStagingAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, LayerTable table, PostgresException e, CancellationToken ct)
    {
        string query;
        if (e.SqlState == PostgresErrorCodes.CheckViolation && e.ConstraintName is not null)
        {
            // The rule's own expression, read from the catalog of the layer table (never from the data), is
            // evaluated over the staged rows; it names only columns that the staging table has too.
            await using var definition = new NpgsqlCommand(
                """
                SELECT pg_get_expr(conbin, conrelid) FROM pg_constraint
                WHERE conrelid = $1::regclass AND conname = $2 AND contype = 'c'
                """, connection, transaction);
            definition.Parameters.Add(new NpgsqlParameter<string> { TypedValue = table.Table });
            definition.Parameters.Add(new NpgsqlParameter<string> { TypedValue = e.ConstraintName });
            if (await definition.ExecuteScalarAsync(ct) is not string expression)
            {
                return null;
            }
            query = $"SELECT id FROM {table.Staging} WHERE NOT ({expression}) LIMIT 1";
        }
        else if (e.SqlState is PostgresErrorCodes.CardinalityViolation or PostgresErrorCodes.UniqueViolation)
        {
            query = $"SELECT id FROM {table.Staging} GROUP BY id HAVING count(*) > 1 LIMIT 1";
        }
        else
        {
            return null;
        }

        await using var find = new NpgsqlCommand(query, connection, transaction);
        return await find.ExecuteScalarAsync(ct) as string;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(ct);
    }
}
