using Huayang.Gis.Core.IO;
using Huayang.Gis.Core.Model;
using Npgsql;
using NpgsqlTypes;

namespace Huayang.Gis.PostGis;

/// <summary>
/// The tables of the layers a dataset declares (<c>layers.json</c>), inside a load's transaction: a new declaration
/// gets its table and its row in <c>huayang.layer_declarations</c>; a replacing load drops the table of a layer whose
/// declaration changed or that the dataset no longer declares; a merging load refuses a changed declaration.
/// </summary>
internal static class DeclaredLayerTables
{
    /// <summary>
    /// Makes the tables of the layers the dataset declares (<c>layers.json</c>) and records their declarations in
    /// <c>huayang.layer_declarations</c>. A layer declared as it was loaded before keeps its table. A replacing load
    /// makes a changed declaration's table anew and drops the tables of declared layers the dataset no longer has; a
    /// merging load refuses a changed declaration (its rows could not keep their columns) and keeps the others.
    /// </summary>
    public static async Task ApplyAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, LayerRegistry registry, LoadOptions options, CancellationToken ct)
    {
        // What the last load declared, read as every reader of the database reads it.
        var loaded = (await LayerDeclarationTable.ReadAsync(connection, transaction, ct)).Declared
            .ToDictionary(l => l.Name, StringComparer.Ordinal);

        var declared = registry.Declared.ToDictionary(l => l.Name, StringComparer.Ordinal);
        foreach (var (name, old) in loaded)
        {
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
                await connection.ExecuteAsync(transaction, $"DROP TABLE IF EXISTS {LayerTables.For(old).Table}", ct);
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
                await connection.ExecuteAsync(transaction, $"DROP TABLE IF EXISTS {table.Table}", ct);
                foreach (var statement in table.CreateSql(layer))
                {
                    await connection.ExecuteAsync(transaction, statement, ct);
                }
            }
            await using var record = new NpgsqlCommand(
                """
                INSERT INTO huayang.layer_declarations (name, position, declaration) VALUES ($1, $2, $3)
                ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position, declaration = EXCLUDED.declaration
                """, connection, transaction);
            record.Parameters.Add(new NpgsqlParameter<string> { TypedValue = layer.Name });
            record.Parameters.Add(new NpgsqlParameter<int> { TypedValue = position });
            record.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = LayerDeclarations.ToJson(layer) });
            await record.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>True when two declarations make the same table and the same layer (the colour aside).</summary>
    public static bool SameDeclaration(LayerDefinition a, LayerDefinition b) =>
        LayerDeclarations.ToJson(a with { Color = null }) == LayerDeclarations.ToJson(b with { Color = null });
}
