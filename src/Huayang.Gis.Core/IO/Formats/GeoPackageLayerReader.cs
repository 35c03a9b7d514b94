using Huayang.Gis.Core.Model;
using System.Globalization;
using Huayang.Gis.Core.Crs;
using Microsoft.Data.Sqlite;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace Huayang.Gis.Core.IO.Formats;

/// <summary>
/// Reads layers from OGC GeoPackage files, opened read-only: a layer's feature table (or one table per layer of a
/// dataset <c>.gpkg</c>), its CRS from <c>srs_id</c>, columns as attributes. The rules are in <c>docs/formats.md</c>.
/// </summary>
internal static class GeoPackageLayerReader
{
    public const string Extension = ".gpkg";

    private sealed record FeatureTable(string Name, string GeometryColumn, CrsId? Crs, string? CrsText);

    /// <summary>Reads a <c>{layer}.gpkg</c> file of a dataset directory.</summary>
    public static LayerData ReadLayerFile(
        string path, string fileName, LayerSchema schema, DatasetReadOptions options, List<DatasetProblem> problems)
    {
        var scope = new ProblemScope(problems, fileName);
        using var connection = Open(path, scope);
        var tables = connection is null ? null : FeatureTables(connection, scope);
        if (connection is null || tables is null)
        {
            return LayerData.Unreadable(schema, fileName);
        }

        var table = tables.FirstOrDefault(t => string.Equals(t.Name, schema.Name, StringComparison.OrdinalIgnoreCase))
            ?? (tables.Count == 1 ? tables[0] : null);
        if (table is null)
        {
            scope.Add(null, null, tables.Count == 0
                ? "the GeoPackage has no feature table"
                : $"the GeoPackage has {JsonValues.Format(tables.Count)} feature tables " +
                  $"({string.Join(", ", tables.Select(t => t.Name))}) and none is named {schema.Name}");
            return LayerData.Unreadable(schema, fileName);
        }

        return ReadTable(connection, table, fileName, schema, options, problems);
    }

    /// <summary>
    /// Reads every layer of a dataset GeoPackage: each schema's layer from the table of that name, an optional
    /// layer without a table as absent. Null when the file cannot be opened as a GeoPackage.
    /// </summary>
    public static Dictionary<string, LayerData>? ReadDataset(
        string path, LayerRegistry registry, DatasetReadOptions options, List<DatasetProblem> problems)
    {
        var fileName = Path.GetFileName(path);
        var scope = new ProblemScope(problems, fileName);
        using var connection = Open(path, scope);
        var tables = connection is null ? null : FeatureTables(connection, scope);
        if (connection is null || tables is null)
        {
            return null;
        }

        var layers = new Dictionary<string, LayerData>(StringComparer.Ordinal);
        foreach (var schema in registry.ReadingOrder.Select(LayerSchema.Of))
        {
            var table = tables.FirstOrDefault(t => string.Equals(t.Name, schema.Name, StringComparison.OrdinalIgnoreCase));
            if (table is not null)
            {
                layers[schema.Name] = ReadTable(connection, table, $"{fileName} (table {table.Name})", schema, options, problems);
                continue;
            }

            if (schema.Required)
            {
                scope.Add(null, null, $"required table {schema.Name} is missing; the feature tables are: " +
                    (tables.Count == 0 ? "(none)" : string.Join(", ", tables.Select(t => t.Name))));
            }

            layers[schema.Name] = LayerData.Absent(schema);
        }

        return layers;
    }

    private static SqliteConnection? Open(string path, ProblemScope scope)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        try
        {
            connection.Open();
            return connection;
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            scope.Add(null, null, $"file cannot be opened as a GeoPackage: {e.Message}");
            return null;
        }
    }

    /// <summary>The feature tables with their geometry column and CRS; null after reporting a file that is not a GeoPackage.</summary>
    private static List<FeatureTable>? FeatureTables(SqliteConnection connection, ProblemScope scope)
    {
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT c.table_name, g.column_name, g.srs_id, s.organization, s.organization_coordsys_id, s.srs_name
            FROM gpkg_contents c
            JOIN gpkg_geometry_columns g ON g.table_name = c.table_name
            LEFT JOIN gpkg_spatial_ref_sys s ON s.srs_id = g.srs_id
            WHERE c.data_type = 'features'
            ORDER BY c.table_name
            """;
        var tables = new List<FeatureTable>();
        try
        {
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var srsId = reader.GetInt64(2);
                var organization = reader.IsDBNull(3) ? null : reader.GetString(3);
                var code = reader.IsDBNull(4) ? (long?)null : reader.GetInt64(4);
                var srsName = reader.IsDBNull(5) ? null : reader.GetString(5);
                CrsId? crs = null;
                string? text = null;
                if (srsId is not (0 or -1))
                {
                    text = string.Create(CultureInfo.InvariantCulture, $"srs_id {srsId}: {organization}:{code} {srsName}").TrimEnd();
                    if (string.Equals(organization, "EPSG", StringComparison.OrdinalIgnoreCase)
                        && CrsId.TryParse(string.Create(CultureInfo.InvariantCulture, $"EPSG:{code}"), out var found))
                    {
                        crs = found;
                    }
                }

                tables.Add(new FeatureTable(reader.GetString(0), reader.GetString(1), crs, text));
            }
        }
        catch (SqliteException e)
        {
            scope.Add(null, null, $"not a GeoPackage (no readable gpkg_contents and gpkg_geometry_columns): {e.Message}");
            return null;
        }

        return tables;
    }

    private static LayerData ReadTable(
        SqliteConnection connection, FeatureTable table, string file, LayerSchema schema, DatasetReadOptions options,
        List<DatasetProblem> problems)
    {
        var layer = new LayerBuilder(schema, file, problems);
        if (SourceCrs.Resolve(options, table.Crs, table.CrsText, layer.Scope) is not { } crs)
        {
            return LayerData.Unreadable(schema, file);
        }

        var columns = Columns(connection, table.Name);
        var primaryKey = columns.FirstOrDefault(c => c.PrimaryKey)?.Name;
        var hasId = columns.Any(c => string.Equals(c.Name, "id", StringComparison.Ordinal));
        var source = new CoordinateSource(crs, "x must be longitude (or easting) and y latitude (or northing)");
        var geometryReader = new GeoPackageGeoReader { HandleSRID = false };

        using var command = connection.CreateCommand();
        // The table and column names come from the file's own gpkg_contents and table_info, not from a caller;
        // Quote makes them plain identifiers whatever characters they hold.
        command.CommandText = $"SELECT * FROM {Quote(table.Name)}" + (primaryKey is null ? "" : $" ORDER BY {Quote(primaryKey)}");
        using var reader = command.ExecuteReader();
        var count = 0;
        var pending = new List<(int Index, List<KeyValuePair<string, FieldValue>> Fields, object? Blob)>();
        while (reader.Read())
        {
            var fields = new List<KeyValuePair<string, FieldValue>>();
            object? blob = null;
            for (var i = 0; i < reader.FieldCount; i++)
            {
                var name = reader.GetName(i);
                var value = reader.GetValue(i);
                if (string.Equals(name, table.GeometryColumn, StringComparison.OrdinalIgnoreCase))
                {
                    blob = value;
                }
                else if (string.Equals(name, primaryKey, StringComparison.Ordinal))
                {
                    if (!hasId)
                    {
                        fields.Insert(0, new("id", FieldValue.Text(Convert.ToString(value, CultureInfo.InvariantCulture) ?? "")));
                    }
                }
                else
                {
                    var declared = columns.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.Ordinal))?.Type;
                    fields.Add(new(name, declared is not null && declared.StartsWith("BOOL", StringComparison.OrdinalIgnoreCase)
                        && value is long flag
                        ? FieldValue.Bool(flag != 0)
                        : FieldValue.FromClr(value)));
                }
            }

            pending.Add((count++, fields, blob));
        }

        layer.CheckCount(count);
        foreach (var (index, fields, blob) in pending)
        {
            layer.AddRecord(index, fields, scope => ReadGeometry(geometryReader, blob, table.GeometryColumn, scope), source);
        }

        return layer.Build(source.Crs);
    }

    private static Geometry? ReadGeometry(GeoPackageGeoReader reader, object? blob, string column, ProblemScope scope)
    {
        if (blob is null or DBNull)
        {
            scope.Add("geometry", null, $"missing geometry (the {column} column is null); every feature of this layer needs one");
            return null;
        }

        if (blob is not byte[] bytes)
        {
            scope.Add("geometry", FieldValue.FromClr(blob).Display, $"the {column} column does not hold a GeoPackage geometry blob");
            return null;
        }

        try
        {
            return reader.Read(bytes);
        }
        catch (Exception e) when (e is ParseException or ArgumentException or InvalidOperationException
                                      or IOException or FormatException or IndexOutOfRangeException)
        {
            scope.Add("geometry", null, $"geometry cannot be read from the GeoPackage blob: {e.Message}");
            return null;
        }
    }

    private sealed record Column(string Name, string Type, bool PrimaryKey);

    private static List<Column> Columns(SqliteConnection connection, string table)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name, type, pk FROM pragma_table_info($table)";
        command.Parameters.AddWithValue("$table", table);
        using var reader = command.ExecuteReader();
        var columns = new List<Column>();
        while (reader.Read())
        {
            columns.Add(new Column(reader.GetString(0), reader.GetString(1), reader.GetInt64(2) == 1));
        }

        return columns;
    }

    /// <summary>An SQLite identifier in double quotes, with any double quote in it doubled.</summary>
    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
