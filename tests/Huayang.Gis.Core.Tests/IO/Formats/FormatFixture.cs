using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Huayang.Gis.Core.Model;
using Huayang.Gis.Core.Tests.Support;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace Huayang.Gis.Core.Tests.IO.Formats;

/// <summary>
/// A fresh temporary directory holding a copy of the bundled dataset (<c>data/</c>), with helpers that turn its
/// layers into other formats and CRSs and delete the GeoJSON they came from.
/// </summary>
internal sealed class FormatFixture : IDisposable
{
    private FormatFixture(string directory)
    {
        Directory = directory;
    }

    public string Directory { get; }

    public string PathOf(string file) => Path.Combine(Directory, file);

    /// <summary>A copy of every file in the bundled <c>data/</c> directory.</summary>
    public static FormatFixture Bundled()
    {
        var fixture = Empty();
        foreach (var file in System.IO.Directory.GetFiles(TestData.DataDirectory))
        {
            File.Copy(file, fixture.PathOf(Path.GetFileName(file)));
        }

        return fixture;
    }

    /// <summary>A copy of every file in <paramref name="directory"/>, such as a <see cref="TempDataset"/>'s.</summary>
    public static FormatFixture CopyOf(string directory)
    {
        var fixture = Empty();
        foreach (var file in System.IO.Directory.GetFiles(directory))
        {
            File.Copy(file, fixture.PathOf(Path.GetFileName(file)));
        }

        return fixture;
    }

    public static FormatFixture Empty()
    {
        var directory = Path.Combine(Path.GetTempPath(), "huayang-formats-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        return new FormatFixture(directory);
    }

    /// <summary>The bundled layers that have a file (all of <see cref="Layers.All"/>).</summary>
    public IEnumerable<string> GeoJsonLayers() =>
        Layers.All.Where(layer => File.Exists(PathOf(layer + ".geojson")));

    public void Delete(string file) => File.Delete(PathOf(file));

    /// <summary>Replaces <c>{layer}.geojson</c> by a GeoPackage <c>{layer}.gpkg</c>.</summary>
    public void LayerToGeoPackage(string layer, string? table = null, params string[] extra)
    {
        Ogr.ToGeoPackage(PathOf(layer + ".geojson"), PathOf(layer + ".gpkg"), table ?? layer, extra);
        Delete(layer + ".geojson");
    }

    /// <summary>Replaces <c>{layer}.geojson</c> by a shapefile <c>{layer}.shp</c>.</summary>
    public void LayerToShapefile(string layer, params string[] extra)
    {
        Ogr.ToShapefile(PathOf(layer + ".geojson"), PathOf(layer + ".shp"), extra);
        Delete(layer + ".geojson");
    }

    /// <summary>
    /// Replaces <c>{layer}.geojson</c> by <c>{layer}.csv</c>: its properties (null as an empty cell), then the
    /// geometry as <paramref name="xColumn"/>/<paramref name="yColumn"/> for points or a <c>wkt</c> column.
    /// </summary>
    public void LayerToCsv(string layer, string? xColumn = "lon", string? yColumn = "lat", bool wkt = false)
    {
        var features = ReadGeoJson(layer);
        File.WriteAllText(PathOf(layer + ".csv"), Csv(features, wkt ? null : (xColumn!, yColumn!)), new UTF8Encoding(false));
        Delete(layer + ".geojson");
    }

    /// <summary>Writes features as CSV text; <paramref name="xy"/> null means a <c>wkt</c> column.</summary>
    public static string Csv(IReadOnlyList<IFeature> features, (string X, string Y)? xy)
    {
        var names = features.SelectMany(f => f.Attributes.GetNames()).Distinct(StringComparer.Ordinal).ToList();
        var text = new StringBuilder();
        var header = names.Concat(xy is { } columns ? [columns.X, columns.Y] : ["wkt"]);
        text.Append(string.Join(",", header.Select(Quote))).Append("\r\n");
        var writer = new WKTWriter();
        foreach (var feature in features)
        {
            var cells = names.Select(n => Cell(feature.Attributes.Exists(n) ? feature.Attributes[n] : null)).ToList();
            if (xy is not null)
            {
                var point = (Point)feature.Geometry;
                cells.Add(Number(point.X));
                cells.Add(Number(point.Y));
            }
            else
            {
                cells.Add(Quote(writer.Write(feature.Geometry)));
            }

            text.Append(string.Join(",", cells)).Append("\r\n");
        }

        return text.ToString();
    }

    /// <summary>Rewrites every coordinate of every GeoJSON layer with <paramref name="convert"/> (x, y in, x, y out).</summary>
    public void ConvertGeoJson(Func<double, double, (double X, double Y)> convert)
    {
        foreach (var layer in GeoJsonLayers().ToList())
        {
            var root = JsonNode.Parse(File.ReadAllText(PathOf(layer + ".geojson")))!;
            foreach (var feature in root["features"]!.AsArray())
            {
                ConvertPositions(feature!["geometry"]!["coordinates"]!, convert);
            }

            File.WriteAllText(PathOf(layer + ".geojson"), root.ToJsonString(), new UTF8Encoding(false));
        }
    }

    /// <summary>The features of <c>{layer}.geojson</c> as written: properties and geometry, coordinates unchecked.</summary>
    public IReadOnlyList<IFeature> ReadGeoJson(string layer)
    {
        var options = new System.Text.Json.JsonSerializerOptions();
        options.Converters.Add(new NetTopologySuite.IO.Converters.GeoJsonConverterFactory());
        var root = JsonNode.Parse(File.ReadAllText(PathOf(layer + ".geojson")))!;
        return root["features"]!.AsArray().Select(feature =>
        {
            var attributes = new AttributesTable();
            foreach (var (name, value) in feature!["properties"]!.AsObject())
            {
                attributes.Add(name, value?.GetValueKind() switch
                {
                    null or System.Text.Json.JsonValueKind.Null => null,
                    System.Text.Json.JsonValueKind.String => value.GetValue<string>(),
                    System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False => value.GetValue<bool>(),
                    System.Text.Json.JsonValueKind.Number => value.ToJsonString().Contains('.', StringComparison.Ordinal)
                        ? value.GetValue<double>()
                        : value.GetValue<long>(),
                    _ => value.ToJsonString(),
                });
            }

            var geometry = System.Text.Json.JsonSerializer.Deserialize<Geometry>(feature["geometry"]!.ToJsonString(), options)!;
            return (IFeature)new Feature(geometry, attributes);
        }).ToList();
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);

    private static void ConvertPositions(JsonNode node, Func<double, double, (double X, double Y)> convert)
    {
        var array = node.AsArray();
        if (array.Count >= 2 && array[0] is JsonValue)
        {
            var (x, y) = convert(array[0]!.GetValue<double>(), array[1]!.GetValue<double>());
            array[0] = x;
            array[1] = y;
            return;
        }

        foreach (var child in array)
        {
            ConvertPositions(child!, convert);
        }
    }

    private static string Cell(object? value) => value switch
    {
        null => "",
        string text => Quote(text),
        bool flag => flag ? "true" : "false",
        double number => Number(number),
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        _ => Quote(value.ToString() ?? ""),
    };

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Quote(string text) => "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
