using Huayang.Gis.Core.Model;
using System.Globalization;
using System.Text;
using nietras.SeparatedValues;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using Huayang.Gis.Core.Text;

namespace Huayang.Gis.Core.IO.Formats;

/// <summary>
/// Reads one layer from a CSV file (UTF-8, comma-separated, a header row, RFC 4180 quoting): geometry from a
/// <c>wkt</c> column or a lon/lat pair, the other columns as attributes, every problem with row and column. The
/// rules, cell by cell, are in <c>docs/formats.md</c>.
/// </summary>
internal static class CsvLayerReader
{
    public const string Extension = ".csv";

    private static readonly (string X, string Y)[] PointColumns = [("lon", "lat"), ("longitude", "latitude"), ("x", "y")];
    private const string WktColumn = "wkt";

    public static LayerData Read(
        string path, string fileName, LayerSchema schema, DatasetReadOptions options, List<DatasetProblem> problems)
    {
        var layer = new LayerBuilder(schema, fileName, problems);
        List<List<string>> rows;
        try
        {
            rows = Parse(File.ReadAllText(path, new UTF8Encoding(false, throwOnInvalidBytes: true)), layer.Scope);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DecoderFallbackException)
        {
            layer.Scope.Add(null, null, e is DecoderFallbackException
                ? "file is not UTF-8 text; save it as UTF-8"
                : $"file cannot be read: {e.Message}");
            return LayerData.Unreadable(schema, fileName);
        }

        if (rows.Count == 0)
        {
            layer.Scope.Add(null, null, "the file is empty; a CSV layer needs a header row");
            return LayerData.Unreadable(schema, fileName);
        }

        var header = rows[0].Select(h => h.Trim()).ToList();
        if (GeometryColumns(header, layer.Scope) is not { } geometry)
        {
            return LayerData.Unreadable(schema, fileName);
        }

        foreach (var duplicate in header.GroupBy(h => h, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            layer.Scope.Add(duplicate.Key, null, "the header names this column more than once; the first one is read");
        }

        var source = new CoordinateSource(options.FromCrs, geometry.Wkt is not null
            ? "WKT here is x = longitude, y = latitude"
            : $"the {header[geometry.X]} column must hold longitudes and {header[geometry.Y]} latitudes");
        layer.CheckCount(rows.Count - 1);
        var geometryColumns = new HashSet<int> { geometry.X, geometry.Y, geometry.Wkt ?? -1 };
        for (var r = 1; r < rows.Count; r++)
        {
            var index = r - 1;
            var cells = rows[r];
            if (cells.Count != header.Count)
            {
                layer.Scope.For(index, null).Add(null, null,
                    $"the row has {JsonValues.Format(cells.Count)} cells but the header has {JsonValues.Format(header.Count)}");
                layer.Add(new FeatureData(index, null, null, new NetTopologySuite.Features.AttributesTable(),
                    new HashSet<string>(StringComparer.Ordinal) { "geometry", "id" }));
                continue;
            }

            var fields = new List<KeyValuePair<string, FieldValue>>();
            for (var c = 0; c < header.Count; c++)
            {
                if (!geometryColumns.Contains(c))
                {
                    fields.Add(new(header[c], Convert(cells[c], schema.Fields.FirstOrDefault(
                        f => string.Equals(f.Name, header[c], StringComparison.Ordinal)))));
                }
            }

            layer.AddRecord(index, fields, scope => ReadGeometry(cells, header, geometry, scope), source);
        }

        return layer.Build(source.Crs);
    }

    private sealed record GeometryColumnSet(int X, int Y, int? Wkt);

    /// <summary>Which columns hold the geometry, or null after reporting that none or several do.</summary>
    private static GeometryColumnSet? GeometryColumns(List<string> header, ProblemScope scope)
    {
        int Find(string name) => header.FindIndex(h => string.Equals(h, name, StringComparison.OrdinalIgnoreCase));

        var found = new List<(GeometryColumnSet Columns, string Names)>();
        if (Find(WktColumn) is var wkt and >= 0)
        {
            found.Add((new GeometryColumnSet(-1, -1, wkt), header[wkt]));
        }

        foreach (var (xName, yName) in PointColumns)
        {
            var x = Find(xName);
            var y = Find(yName);
            if (x >= 0 && y >= 0)
            {
                found.Add((new GeometryColumnSet(x, y, null), $"{header[x]}/{header[y]}"));
            }
            else if (x >= 0 || y >= 0)
            {
                scope.Add(header[Math.Max(x, y)], null, $"a {xName} column needs a {yName} column beside it, and the other way round");
                return null;
            }
        }

        if (found.Count == 1)
        {
            return found[0].Columns;
        }

        scope.Add(null, found.Count == 0 ? string.Join(",", header) : string.Join(", ", found.Select(f => f.Names)),
            found.Count == 0
                ? "no geometry columns: give lon and lat (or longitude and latitude, or x and y) columns, or a wkt column"
                : "more than one set of geometry columns; keep only one of lon/lat, longitude/latitude, x/y and wkt");
        return null;
    }

    private static Geometry? ReadGeometry(List<string> cells, List<string> header, GeometryColumnSet columns, ProblemScope scope)
    {
        var factory = GeometryFactory.Floating;
        if (columns.Wkt is { } wktColumn)
        {
            var wkt = cells[wktColumn].Trim();
            if (wkt.Length == 0)
            {
                scope.Add("geometry", null, $"missing geometry: the {header[wktColumn]} cell is empty");
                return null;
            }

            try
            {
                return new WKTReader(NetTopologySuite.NtsGeometryServices.Instance).Read(wkt);
            }
            catch (Exception e) when (e is ParseException or ArgumentException or FormatException)
            {
                scope.Add("geometry", MessageText.Shorten(wkt), $"geometry cannot be read as WKT: {e.Message}");
                return null;
            }
        }

        var xText = cells[columns.X].Trim();
        var yText = cells[columns.Y].Trim();
        if (xText.Length == 0 && yText.Length == 0)
        {
            scope.Add("geometry", null, $"missing geometry: the {header[columns.X]} and {header[columns.Y]} cells are empty");
            return null;
        }

        var ok = true;
        foreach (var (column, text) in new[] { (columns.X, xText), (columns.Y, yText) })
        {
            if (!TryNumber(text, out _))
            {
                scope.Add(header[column], text, "expected a number (a coordinate, with . as the decimal point)");
                ok = false;
            }
        }

        if (!ok)
        {
            return null;
        }

        TryNumber(xText, out var x);
        TryNumber(yText, out var y);
        return factory.CreatePoint(new Coordinate(x, y));
    }

    /// <summary>A cell as a field value, typed by the schema's field when there is one.</summary>
    private static FieldValue Convert(string cell, FieldSpec? spec)
    {
        if (cell.Length == 0)
        {
            return FieldValue.Null("");
        }

        switch (spec?.Type)
        {
            case FieldType.String:
                return FieldValue.Text(cell);
            case FieldType.Int or FieldType.Number:
                return TryNumber(cell.Trim(), out var number) ? Number(number, cell) : FieldValue.Text(cell);
            case FieldType.Bool:
                return bool.TryParse(cell.Trim(), out var flag) ? FieldValue.Bool(flag) : FieldValue.Text(cell);
        }

        if (cell is "true" or "false")
        {
            return FieldValue.Bool(cell == "true");
        }

        return IsJsonNumber(cell) && TryNumber(cell, out var value) ? Number(value, cell) : FieldValue.Text(cell);
    }

    private static FieldValue Number(double value, string written) =>
        long.TryParse(written.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole)
            ? FieldValue.Whole(whole)
            : FieldValue.Real(value, written);

    private static bool TryNumber(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    /// <summary>True for text in JSON's number syntax: <c>-12</c>, <c>0.5</c>, <c>1e3</c>; not <c>012</c>, <c>+1</c>, <c>.5</c>.</summary>
    private static bool IsJsonNumber(string text)
    {
        var i = 0;
        if (i < text.Length && text[i] == '-')
        {
            i++;
        }

        if (i >= text.Length || !char.IsAsciiDigit(text[i]))
        {
            return false;
        }

        if (text[i] == '0' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1]))
        {
            return false;
        }

        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        if (i < text.Length && text[i] == '.')
        {
            i++;
            var start = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            if (i == start)
            {
                return false;
            }
        }

        if (i < text.Length && text[i] is 'e' or 'E')
        {
            i++;
            if (i < text.Length && text[i] is '+' or '-')
            {
                i++;
            }

            var start = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            if (i == start)
            {
                return false;
            }
        }

        return i == text.Length;
    }

    private static readonly SepReaderOptions SepOptions = new(new Sep(','))
    {
        HasHeader = false,
        Unescape = true,
        DisableColCountCheck = true,
        CultureInfo = CultureInfo.InvariantCulture,
    };

    /// <summary>
    /// Splits RFC 4180 text into rows of cells with Sep, skipping blank lines (a row of one quoted empty cell is a
    /// row). A quote that is never closed is reported and the rest of the file is taken as its cell.
    /// </summary>
    internal static List<List<string>> Parse(string text, ProblemScope scope)
    {
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text[1..];
        }

        var rows = new List<List<string>>();
        using var reader = SepOptions.FromText(text);
        foreach (var row in reader)
        {
            // The raw row, before Unescape rewrites its cells in place on access.
            var raw = row.Span;
            if (raw.Length == 0)
            {
                continue;
            }

            if (UnclosedQuote(raw) is { } opening)
            {
                // Sep numbers the first row's lines from 2; the text's first line is 1.
                var firstLine = row.RowIndex == 0 ? 1 : row.LineNumberFrom;
                var line = firstLine + raw[..opening].Count('\n') + CarriageReturnsOnly(raw[..opening]);
                scope.Add(null, null, $"a quoted cell opened on line {JsonValues.Format(line)} is never closed");
            }

            var cells = new List<string>(row.ColCount);
            for (var c = 0; c < row.ColCount; c++)
            {
                cells.Add(row[c].ToString());
            }

            rows.Add(cells);
        }

        return rows;
    }

    /// <summary>Where the quote that opens a cell and is never closed stands in a raw row, or null.</summary>
    private static int? UnclosedQuote(ReadOnlySpan<char> raw)
    {
        int? opening = null;
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] == '"')
            {
                opening = opening is null ? i : null;
            }
        }

        return opening;
    }

    /// <summary>Line breaks written as a lone carriage return (old Mac line ends), which Sep counts as lines too.</summary>
    private static int CarriageReturnsOnly(ReadOnlySpan<char> text)
    {
        var count = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\r' && (i + 1 == text.Length || text[i + 1] != '\n'))
            {
                count++;
            }
        }

        return count;
    }
}
