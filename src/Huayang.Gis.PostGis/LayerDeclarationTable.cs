using Huayang.Gis.Core.IO;
using Huayang.Gis.Core.Model;
using Npgsql;

namespace Huayang.Gis.PostGis;

/// <summary>
/// Reads the layers a loaded dataset declared (<c>huayang.layer_declarations</c>, written by the loader) back into a
/// <see cref="LayerRegistry"/>, so that every reader of the database serves the layers the last load brought.
/// </summary>
internal static class LayerDeclarationTable
{
    /// <summary>The built-in layers and the declared ones, in the order declared; built-in only before migration 2.</summary>
    /// <exception cref="FormatException">A stored declaration is not valid (the table was edited by hand).</exception>
    public static async Task<LayerRegistry> ReadAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken ct)
    {
        await using (var exists = new NpgsqlCommand("SELECT to_regclass('huayang.layer_declarations') IS NOT NULL", connection, transaction))
        {
            if (!(bool)(await exists.ExecuteScalarAsync(ct))!)
            {
                return LayerRegistry.BuiltIn;
            }
        }

        await using var command = new NpgsqlCommand(
            "SELECT coalesce(jsonb_agg(declaration ORDER BY position, name), '[]'::jsonb)::text FROM huayang.layer_declarations",
            connection, transaction);
        var json = (string)(await command.ExecuteScalarAsync(ct))!;
        var declared = LayerDeclarations.Parse(json);
        try
        {
            return LayerRegistry.WithDeclared(declared);
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"huayang.layer_declarations: {e.Message}", e);
        }
    }
}
