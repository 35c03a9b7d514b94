using Huayang.Gis.Core.Crs;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Esri;
using NetTopologySuite.IO.Esri.Dbf.Fields;
using NetTopologySuite.IO.Esri.Shapefiles.Readers;
using Huayang.Gis.Core.Text;

namespace Huayang.Gis.Core.IO.Formats;

/// <summary>
/// Reads one layer from an ESRI Shapefile (<c>.shp</c> with its <c>.dbf</c>; <c>.prj</c> and <c>.cpg</c> when
/// present): shapes as stored, DBF fields as attributes (10-character names matched to the layer's fields), the CRS
/// from the <c>.prj</c>. The rules are in <c>docs/formats.md</c>.
/// </summary>
internal static class ShapefileLayerReader
{
    public const string Extension = ".shp";

    private const int DbfNameLength = 10;

    public static LayerData Read(
        string path, string fileName, LayerSchema schema, DatasetReadOptions options, List<DatasetProblem> problems)
    {
        var layer = new LayerBuilder(schema, fileName, problems);
        if (!File.Exists(Path.ChangeExtension(path, ".dbf")))
        {
            layer.Scope.Add(null, null, $"the attribute file {Path.GetFileNameWithoutExtension(path)}.dbf is missing beside it");
            return LayerData.Unreadable(schema, fileName);
        }

        var records = new List<(List<KeyValuePair<string, FieldValue>> Fields, Geometry? Geometry)>();
        string? projection;
        try
        {
            using var reader = Shapefile.OpenRead(path, new ShapefileReaderOptions
            {
                GeometryBuilderMode = GeometryBuilderMode.IgnoreInvalidShapes,
            });
            projection = reader.Projection;
            var names = FieldNames(reader.Fields, schema);
            while (reader.Read(out var deleted))
            {
                if (deleted)
                {
                    continue;
                }

                var fields = new List<KeyValuePair<string, FieldValue>>(names.Count);
                for (var i = 0; i < names.Count; i++)
                {
                    fields.Add(new(names[i], Value(reader.Fields[i])));
                }

                records.Add((fields, reader.Geometry?.Copy()));
            }
        }
        catch (Exception e) when (e is ShapefileException or IOException or ArgumentException
                                      or InvalidOperationException or NotSupportedException or FormatException)
        {
            layer.Scope.Add(null, null, $"file cannot be read as a shapefile: {e.Message}");
            return LayerData.Unreadable(schema, fileName);
        }

        var declared = string.IsNullOrWhiteSpace(projection) ? null : projection.Trim();
        if (SourceCrs.Resolve(options, declared is null ? null : Recognise(declared), MessageText.Shorten(declared), layer.Scope) is not { } crs)
        {
            return LayerData.Unreadable(schema, fileName);
        }

        var source = new CoordinateSource(crs, "x must be longitude (or easting) and y latitude (or northing)");
        layer.CheckCount(records.Count);
        for (var index = 0; index < records.Count; index++)
        {
            var geometry = records[index].Geometry;
            layer.AddRecord(index, records[index].Fields, scope =>
            {
                if (geometry is null)
                {
                    scope.Add("geometry", null, "missing geometry (a null shape); every feature of this layer needs one");
                    return null;
                }

                return geometry is GeometryCollection { NumGeometries: 1 } single ? single.GetGeometryN(0) : geometry;
            }, source);
        }

        return layer.Build(source.Crs);
    }

    /// <summary>The DBF field names, with cut names of the schema's longer fields restored.</summary>
    private static List<string> FieldNames(DbfFieldCollection fields, LayerSchema schema)
    {
        var names = Enumerable.Range(0, fields.Count).Select(i => fields[i].Name).ToList();
        for (var i = 0; i < names.Count; i++)
        {
            var name = names[i];
            if (name.Length != DbfNameLength || schema.Fields.Any(f => f.Name == name))
            {
                continue;
            }

            var full = schema.Fields.Where(f => f.Name.Length > DbfNameLength
                                                && f.Name.StartsWith(name, StringComparison.Ordinal)).ToList();
            if (full.Count == 1 && !names.Contains(full[0].Name, StringComparer.Ordinal))
            {
                names[i] = full[0].Name;
            }
        }

        return names;
    }

    private static FieldValue Value(DbfField field)
    {
        var value = field.Value;
        if (value is string text)
        {
            return text.Length == 0 ? FieldValue.Null("") : FieldValue.Text(text);
        }

        if (field is DbfNumericField && field.NumericScale == 0 && value is decimal or double or float)
        {
            var number = Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture);
            if (number == Math.Floor(number) && Math.Abs(number) < 9e15)
            {
                return FieldValue.Whole((long)number);
            }
        }

        return FieldValue.FromClr(value);
    }

    /// <summary>The supported CRS a <c>.prj</c> (WKT 1, ESRI or OGC flavour, or WKT 2) names, or null.</summary>
    internal static CrsId? Recognise(string wkt)
    {
        var authority = System.Text.RegularExpressions.Regex.Match(wkt,
            @"(?:AUTHORITY\[\s*""EPSG""\s*,\s*""?(\d+)""?\s*\]|ID\[\s*""EPSG""\s*,\s*(\d+)\s*\])\s*\]\s*$",
            System.Text.RegularExpressions.RegexOptions.IgnoreCase);
        if (authority.Success && CrsId.TryParse("EPSG:" + authority.Groups[1].Value + authority.Groups[2].Value, out var byCode))
        {
            return byCode;
        }

        var top = System.Text.RegularExpressions.Regex.Match(wkt, @"^\s*([A-Z]+)\[\s*""([^""]*)""",
            System.Text.RegularExpressions.RegexOptions.IgnoreCase);
        if (!top.Success)
        {
            return null;
        }

        var name = new string(top.Groups[2].Value.Where(char.IsAsciiLetterOrDigit).ToArray()).ToLowerInvariant();
        return name switch
        {
            "gcswgs1984" or "wgs84" or "wgs1984" => CrsId.Wgs84,
            "gcschinageodeticcoordinatesystem2000" or "chinageodeticcoordinatesystem2000" or "cgcs2000" => CrsId.Cgcs2000,
            "cgcs20003degreegkcm105e" or "cgcs20003degreegausskrugercm105e" => CrsId.GaussKrugerCm105,
            "wgs1984utmzone48n" or "wgs84utmzone48n" => CrsId.Utm48N,
            "wgs1984webmercatorauxiliarysphere" or "wgs84pseudomercator" or "webmercator" => CrsId.WebMercator,
            _ => null,
        };
    }

}
