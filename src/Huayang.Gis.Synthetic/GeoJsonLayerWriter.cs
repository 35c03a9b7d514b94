using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using NetTopologySuite.Features;
using Huayang.Gis.Core.IO;

namespace Huayang.Gis.Synthetic;

/// <summary>
/// Writes a feature collection as UTF-8 GeoJSON (RFC 7946), one feature per line so that changes
/// show up as readable diffs. Coordinates are lon, lat rounded to 7 decimals (about 1 cm);
/// Chinese text is written unescaped. The feature <c>id</c> member repeats the <c>id</c> property.
/// </summary>
internal static class GeoJsonLayerWriter
{
    /// <summary>Coordinates to 7 decimals (about 1 cm), rings wound by the right-hand rule.</summary>
    private static readonly GeoJsonWriteOptions Geometry = new(Decimals: 7, RightHandRule: true);

    private static readonly JsonWriterOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    public static byte[] Serialize(FeatureCollection features)
    {
        using var stream = new MemoryStream();
        Write(stream, "{\"type\":\"FeatureCollection\",\"features\":[\n");
        for (int i = 0; i < features.Count; i++)
        {
            if (i > 0)
            {
                Write(stream, ",\n");
            }

            using (var writer = new Utf8JsonWriter(stream, Options))
            {
                WriteFeature(writer, features[i]);
            }
        }

        Write(stream, "\n]}\n");
        return stream.ToArray();
    }

    /// <summary>The value a coordinate is stored as: rounded half away from zero to 7 decimals.</summary>
    public static double Round(double degrees) => GeoJsonGeometryWriter.Round(degrees, 7);

    private static void Write(Stream stream, string text) => stream.Write(Encoding.UTF8.GetBytes(text));

    private static void WriteFeature(Utf8JsonWriter writer, IFeature feature)
    {
        var id = feature.Attributes["id"] as string
            ?? throw new InvalidOperationException("Every feature needs a string id attribute.");
        writer.WriteStartObject();
        writer.WriteString("type", "Feature");
        writer.WriteString("id", id);
        writer.WritePropertyName("geometry");
        GeoJsonGeometryWriter.Write(writer, feature.Geometry, Geometry);
        writer.WritePropertyName("properties");
        AttributeJson.WriteObject(writer, feature.Attributes);
        writer.WriteEndObject();
    }
}
