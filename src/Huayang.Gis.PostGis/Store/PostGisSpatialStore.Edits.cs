using Huayang.Gis.Core.IO;
using Huayang.Gis.Core.Model;
using Huayang.Gis.Core.Store;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using Npgsql;
using NpgsqlTypes;

namespace Huayang.Gis.PostGis.Store;

/// <summary>
/// Edits (OGC API – Features Part 4) on PostGIS. One edit is one transaction: writers of the same feature are serialised
/// by a transaction-level advisory lock on the collection and id (so a create races a create as an update races an
/// update), the version the client saw is compared with the current one under that lock, references are checked
/// against the tables as they are at that moment, and the change, its history entry and a new dataset version
/// (<c>kind = 'edit'</c>) are written together or not at all. A feature's version is <c>"{load}.{seq}"</c>: the latest
/// load and the feature's latest history entry (0 before its first edit).
/// </summary>
public sealed partial class PostGisSpatialStore : IFeatureEditor
{
    /// <summary>
    /// Raised after an edit through this store has committed, with the dataset version it made (for readers of the same
    /// tables that cache the version; other servers hear of it through <see cref="PostGisChangeFeed"/>).
    /// </summary>
    public event Action<long>? Edited;

    /// <summary>The channel every edit and load notifies in its transaction (the payload is the dataset version).</summary>
    public const string ChangeChannel = "huayang_changes";

    private const string LoadVersionSql = "SELECT coalesce(max(version), 0) FROM huayang.dataset_versions WHERE kind = 'load'";

    /// <inheritdoc />
    /// <remarks>Read where the features are read (a standby when configured), so a feature and its ETag go together.</remarks>
    public async Task<string?> VersionAsync(string layer, string id, CancellationToken cancellationToken = default)
    {
        var table = EditableTable(layer);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        return await VersionAsync(connection, null, table, id, cancellationToken);
    }

    /// <inheritdoc />
    public Task<(IFeature Feature, string Version)?> CurrentAsync(string layer, string id, CancellationToken cancellationToken = default) =>
        WithVersionAsync(_primary, layer, id, cancellationToken);

    /// <inheritdoc />
    public Task<(IFeature Feature, string Version)?> ReadWithVersionAsync(string layer, string id, CancellationToken cancellationToken = default) =>
        WithVersionAsync(_dataSource, layer, id, cancellationToken);

    private async Task<(IFeature Feature, string Version)?> WithVersionAsync(
        NpgsqlDataSource source, string layer, string id, CancellationToken cancellationToken)
    {
        var table = EditableTable(layer);
        if (id.Contains('\0', StringComparison.Ordinal))
        {
            return null;
        }

        await using var connection = await source.OpenConnectionAsync(cancellationToken);
        // One snapshot for the feature and its version, so the version is the one of the state read.
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        if (await VersionAsync(connection, transaction, table, id, cancellationToken) is not { } version)
        {
            return null;
        }

        await using var command = new NpgsqlCommand($"SELECT id, properties::text, geom FROM huayang.{table} WHERE id = $1", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = id });
        IReadOnlyList<IFeature> features;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            features = await ReadFeaturesAsync(reader, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return features.Count == 0 ? null : (features[0], version);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<HistoryEntry>> HistoryAsync(string layer, string id, CancellationToken cancellationToken = default)
    {
        var table = _state.State.Layers.Get(layer).Name;
        await using var command = _primary.CreateCommand("""
            SELECT seq, operation, key_name, at, before::text, after::text FROM huayang.feature_history
            WHERE collection = $1 AND feature_id = $2 ORDER BY seq
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = table });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = id });
        var entries = new List<HistoryEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new HistoryEntry(
                reader.GetInt64(0), table, id, reader.GetString(1), reader.GetString(2),
                reader.GetFieldValue<DateTimeOffset>(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5)));
        }

        return entries;
    }

    /// <inheritdoc />
    public async Task<EditResult> EditAsync(FeatureEdit edit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(edit);
        var registry = _state.State.Layers;
        var definition = registry.Get(edit.Layer);
        var table = EditableTable(edit.Layer);
        if (edit.Operation != EditOperation.Delete && edit.Feature is null)
        {
            throw new ArgumentException($"a {edit.Operation} needs the feature", nameof(edit));
        }

        await using var connection = await _primary.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", connection, transaction))
        {
            lockCommand.Parameters.Add(new NpgsqlParameter<string> { TypedValue = $"huayang edit {table}/{edit.Id}" });
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        var before = await FeatureJsonAsync(connection, transaction, table, edit.Id, cancellationToken);
        var current = before is null ? null : await VersionAsync(connection, transaction, table, edit.Id, cancellationToken);
        if (edit.Operation == EditOperation.Create && before is not null)
        {
            return new EditResult(EditStatus.Exists, current, []);
        }

        if (edit.Operation is not (EditOperation.Create or EditOperation.Restore) && before is null)
        {
            return new EditResult(EditStatus.NotFound, null, []);
        }

        if (edit.IfMatch is not null && edit.IfMatch != current)
        {
            return new EditResult(EditStatus.VersionMismatch, current, []);
        }

        var problems = edit.Feature is { } feature
            ? await MissingReferencesAsync(connection, transaction, definition, edit.Id, feature.Attributes, cancellationToken)
            : await ReferencesToAsync(connection, transaction, registry, table, edit.Id, cancellationToken);
        if (problems.Count > 0)
        {
            return new EditResult(EditStatus.BrokenReference, current, problems);
        }

        // A restore of a deleted feature creates it again; of one that exists, replaces it.
        var write = edit.Operation == EditOperation.Restore && before is null ? edit with { Operation = EditOperation.Create } : edit;
        await WriteAsync(connection, transaction, LayerTables.For(definition), write, cancellationToken);
        var after = edit.Feature is null ? null : await FeatureJsonAsync(connection, transaction, table, edit.Id, cancellationToken);
        // One writer at a time from here to the commit: history entries then commit in the order of their seq, so a
        // reader of the change log that has seen seq N has seen every entry before it (the watermark never skips one).
        await using (var order = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtextextended('huayang change log', 0))", connection, transaction))
        {
            await order.ExecuteNonQueryAsync(cancellationToken);
        }

        long seq;
        long datasetVersion;
        await using (var record = new NpgsqlCommand($$"""
            WITH version AS (
                INSERT INTO huayang.dataset_versions (source, checksum, replaced, feature_counts, kind)
                VALUES ($1, '', false, '{}'::jsonb, 'edit') RETURNING version),
            entry AS (
                INSERT INTO huayang.feature_history (collection, feature_id, operation, key_name, before, after, version, bounds)
                SELECT $2, $3, $4, $5, $6::jsonb, $7::jsonb, version,
                       (SELECT ST_SetSRID(ST_Extent(g)::geometry, 4326)
                        FROM (VALUES (ST_GeomFromGeoJSON($6::jsonb -> 'geometry')), (ST_GeomFromGeoJSON($7::jsonb -> 'geometry'))) AS v (g))
                FROM version
                RETURNING seq, version)
            SELECT seq, version, pg_notify('{{ChangeChannel}}', version::text) FROM entry
            """, connection, transaction))
        {
            var operation = edit.Operation.ToString().ToLowerInvariant();
            record.Parameters.Add(new NpgsqlParameter<string> { TypedValue = $"edit: {operation} {table}/{edit.Id} by {edit.KeyName}" });
            record.Parameters.Add(new NpgsqlParameter<string> { TypedValue = table });
            record.Parameters.Add(new NpgsqlParameter<string> { TypedValue = edit.Id });
            record.Parameters.Add(new NpgsqlParameter<string> { TypedValue = operation });
            record.Parameters.Add(new NpgsqlParameter<string> { TypedValue = edit.KeyName });
            record.Parameters.Add(new NpgsqlParameter { Value = (object?)before ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
            record.Parameters.Add(new NpgsqlParameter { Value = (object?)after ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
            await using var reader = await record.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            seq = reader.GetInt64(0);
            datasetVersion = reader.GetInt64(1);
        }

        var version = await VersionAsync(connection, transaction, table, edit.Id, cancellationToken, seq);
        await transaction.CommitAsync(cancellationToken);
        // The next question reads the new dataset version at once (from a standby: as soon as it has replayed it).
        ExpectVersion(datasetVersion);
        Edited?.Invoke(datasetVersion);
        return new EditResult(EditStatus.Done, edit.Feature is null ? null : version, [], seq);
    }

    /// <summary>The table of an editable layer (names from the registry only).</summary>
    /// <exception cref="ArgumentException">The layer is not editable.</exception>
    private string EditableTable(string layer)
    {
        var definition = _state.State.Layers.Get(layer);
        return definition.Editable
            ? definition.Name
            : throw new ArgumentException($"the layer {layer} is not editable", nameof(layer));
    }

    private static async Task<string?> VersionAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string table, string id, CancellationToken cancellationToken,
        long? knownSeq = null)
    {
        await using var command = new NpgsqlCommand($"""
            SELECT EXISTS (SELECT 1 FROM huayang.{table} WHERE id = $1), ({LoadVersionSql}),
                   (SELECT coalesce(max(seq), 0) FROM huayang.feature_history WHERE collection = $2 AND feature_id = $1)
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = id });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = table });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return reader.GetBoolean(0) ? $"\"{reader.GetInt64(1)}.{knownSeq ?? reader.GetInt64(2)}\"" : null;
    }

    /// <summary>The stored feature as GeoJSON text (what the history keeps), or null when there is none.</summary>
    private static async Task<string?> FeatureJsonAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string table, string id, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"""
            SELECT jsonb_build_object('type', 'Feature', 'id', id, 'properties', properties,
                                      'geometry', ST_AsGeoJSON(geom, 9)::jsonb)::text
            FROM huayang.{table} WHERE id = $1 FOR UPDATE
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = id });
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    /// <summary>The feature's references (fields naming another layer's ids) that name no feature now.</summary>
    private async Task<List<DatasetProblem>> MissingReferencesAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, LayerDefinition layer, string id,
        IAttributesTable attributes, CancellationToken cancellationToken)
    {
        var problems = new List<DatasetProblem>();
        foreach (var field in layer.Fields.Where(f => f.References is not null && f.References != LayerRegistry.CategoriesReference))
        {
            if ((attributes.Exists(field.Name) ? attributes[field.Name] : null) is not string value
                || _state.State.Layers.Find(field.References!) is not { } target)
            {
                continue;
            }

            await using var command = new NpgsqlCommand(
                $"SELECT EXISTS (SELECT 1 FROM huayang.{target.Name} WHERE id = $1)", connection, transaction);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = value });
            if (!(bool)(await command.ExecuteScalarAsync(cancellationToken))!)
            {
                problems.Add(new DatasetProblem(FeatureBody.File, null, id, field.Name, value, CrossLayerChecker.UnknownId(target.FileName)));
            }
        }

        return problems;
    }

    /// <summary>The features of any layer that refer to the feature about to be deleted (a few of each).</summary>
    private static async Task<List<DatasetProblem>> ReferencesToAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, LayerRegistry registry, string table, string id,
        CancellationToken cancellationToken)
    {
        var problems = new List<DatasetProblem>();
        foreach (var layer in registry.All)
        {
            foreach (var field in layer.Fields.Where(f => f.References == table))
            {
                await using var command = new NpgsqlCommand(
                    $"SELECT id FROM huayang.{layer.Name} WHERE {field.Name} = $1 ORDER BY id COLLATE \"C\" LIMIT 5", connection, transaction);
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = id });
                var ids = new List<string>();
                await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
                {
                    while (await reader.ReadAsync(cancellationToken))
                    {
                        ids.Add(reader.GetString(0));
                    }
                }

                if (ids.Count > 0)
                {
                    problems.Add(new DatasetProblem(FeatureBody.File, null, id, "id", id,
                        $"still referred to by {layer.Name} ({field.Name}): {string.Join(", ", ids)}{(ids.Count == 5 ? ", …" : "")}; change or delete those first"));
                }
            }
        }

        return problems;
    }

    private static async Task WriteAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, PostGis.LayerTable table, FeatureEdit edit, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand { Connection = connection, Transaction = transaction };
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = edit.Id });
        if (edit.Feature is not { } feature)
        {
            command.CommandText = $"DELETE FROM {table.Table} WHERE id = $1";
            await command.ExecuteNonQueryAsync(cancellationToken);
            return;
        }

        foreach (var column in table.Typed)
        {
            command.Parameters.Add(new NpgsqlParameter
            {
                Value = PostGis.LayerTable.Value(column, feature.Attributes) ?? DBNull.Value,
                NpgsqlDbType = column.Kind switch
                {
                    ColumnKind.Integer => NpgsqlDbType.Integer,
                    ColumnKind.Double => NpgsqlDbType.Double,
                    ColumnKind.Boolean => NpgsqlDbType.Boolean,
                    _ => NpgsqlDbType.Text,
                },
            });
        }

        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = new PropertiesJson().Write(feature.Attributes) });
        var geometry = feature.Geometry.Copy();
        geometry.SRID = 4326;
        command.Parameters.Add(new NpgsqlParameter<Geometry> { TypedValue = geometry });
        var typed = table.Typed.Select((c, i) => (c.Name, Parameter: $"${i + 2}")).ToList();
        var properties = $"${typed.Count + 2}::jsonb";
        var geom = $"${typed.Count + 3}";
        // tile_fid is not written here: the table's trigger (migration 7) computes it from the id of a new row.
        command.CommandText = edit.Operation == EditOperation.Create
            ? $"INSERT INTO {table.Table} ({string.Join(", ", table.FeatureColumns)}) VALUES ($1, {string.Join("", typed.Select(t => t.Parameter + ", "))}{properties}, {geom})"
            : $"UPDATE {table.Table} SET {string.Join("", typed.Select(t => $"{t.Name} = {t.Parameter}, "))}properties = {properties}, geom = {geom} WHERE id = $1";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
