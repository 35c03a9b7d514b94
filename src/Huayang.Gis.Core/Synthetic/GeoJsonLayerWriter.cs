using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using NetTopologySuite.Features;
using NetTopologySuite.Algorithm;
using NetTopologySuite.Geometries;

namespace Huayang.Gis.Core.Synthetic;

/// <summary>
/// Writes a feature collection as UTF-8 GeoJSON (RFC 7946), one feature per line so that changes
/// show up as readable diffs. Coordinates are lon, lat rounded to 7 decimals (about 1 cm);
/// Chinese text is written unescaped. The feature <c>id</c> member repeats the <c>id</c> property.
/// </summary>
internal static class GeoJsonLayerWriter
{
    private const double Scale = 1e7;

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
    public static double Round(double degrees) => Math.Round(degrees * Scale, MidpointRounding.AwayFromZero) / Scale;

    private static void Write(Stream stream, string text) => stream.Write(Encoding.UTF8.GetBytes(text));

    private static void WriteFeature(Utf8JsonWriter writer, IFeature feature)
    {
        var id = feature.Attributes["id"] as string
            ?? throw new InvalidOperationException("Every feature needs a string id attribute.");
        writer.WriteStartObject();
        writer.WriteString("type", "Feature");
        writer.WriteString("id", id);
        writer.WritePropertyName("geometry");
        WriteGeometry(writer, feature.Geometry);
        writer.WriteStartObject("properties");
        foreach (var name in feature.Attributes.GetNames())
        {
            writer.WritePropertyName(name);
            switch (feature.Attributes[name])
            {
                case null:
                    writer.WriteNullValue();
                    break;
                case string s:
                    writer.WriteStringValue(s);
                    break;
                case int n:
                    writer.WriteNumberValue(n);
                    break;
                case double d:
                    writer.WriteNumberValue(d);
                    break;
                case bool b:
                    writer.WriteBooleanValue(b);
                    break;
                case var other:
                    throw new InvalidOperationException($"Attribute {name} has unsupported type {other.GetType().Name}.");
            }
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteGeometry(Utf8JsonWriter writer, Geometry geometry)
    {
        writer.WriteStartObject();
        switch (geometry)
        {
            case Point point:
                writer.WriteString("type", "Point");
                writer.WritePropertyName("coordinates");
                WritePosition(writer, point.Coordinate);
                break;
            case LineString line:
                writer.WriteString("type", "LineString");
                writer.WritePropertyName("coordinates");
                WritePositions(writer, line.Coordinates);
                break;
            case Polygon polygon:
                writer.WriteString("type", "Polygon");
                writer.WritePropertyName("coordinates");
                WriteRings(writer, polygon);
                break;
            case MultiPolygon multi:
                writer.WriteString("type", "MultiPolygon");
                writer.WriteStartArray("coordinates");
                foreach (var part in multi.Geometries.Cast<Polygon>())
                {
                    WriteRings(writer, part);
                }

                writer.WriteEndArray();
                break;
            default:
                throw new InvalidOperationException($"Geometry type {geometry.GeometryType} is not written by the dataset.");
        }

        writer.WriteEndObject();
    }

    /// <summary>RFC 7946 winding: exterior rings counterclockwise, holes clockwise.</summary>
    private static void WriteRings(Utf8JsonWriter writer, Polygon polygon)
    {
        writer.WriteStartArray();
        WritePositions(writer, Wound(polygon.ExteriorRing.Coordinates, counterClockwise: true));
        foreach (var hole in polygon.InteriorRings)
        {
            WritePositions(writer, Wound(hole.Coordinates, counterClockwise: false));
        }

        writer.WriteEndArray();
    }

    private static Coordinate[] Wound(Coordinate[] ring, bool counterClockwise) =>
        Orientation.IsCCW(ring) == counterClockwise ? ring : ring.Reverse().ToArray();

    private static void WritePositions(Utf8JsonWriter writer, Coordinate[] coordinates)
    {
        writer.WriteStartArray();
        foreach (var c in coordinates)
        {
            WritePosition(writer, c);
        }

        writer.WriteEndArray();
    }

    private static void WritePosition(Utf8JsonWriter writer, Coordinate c)
    {
        writer.WriteStartArray();
        writer.WriteNumberValue(Round(c.X));
        writer.WriteNumberValue(Round(c.Y));
        writer.WriteEndArray();
    }
}
