using NetTopologySuite.Algorithm;
using NetTopologySuite.Geometries;
using System.Text.Json;

namespace Huayang.Gis.Core.IO;

/// <summary>How <see cref="GeoJsonGeometryWriter"/> writes positions and rings.</summary>
/// <param name="SecondAxisFirst">Write y before x (a CRS whose first axis is latitude or northing).</param>
/// <param name="Decimals">Round every ordinate to this many decimals (see <see cref="GeoJsonGeometryWriter.Round"/>); null: as stored.</param>
/// <param name="RightHandRule">Wind exterior rings counterclockwise and holes clockwise (RFC 7946 §3.1.6);
/// false: rings as stored.</param>
public sealed record GeoJsonWriteOptions(bool SecondAxisFirst = false, int? Decimals = null, bool RightHandRule = false)
{
    /// <summary>x, y as stored, rings as stored.</summary>
    public static GeoJsonWriteOptions AsStored { get; } = new();
}

/// <summary>The one writer of GeoJSON geometry objects: every geometry type, empty ones included, with the axis
/// order, precision and winding of <see cref="GeoJsonWriteOptions"/>.</summary>
public static class GeoJsonGeometryWriter
{
    /// <summary>Writes <paramref name="geometry"/> as a GeoJSON geometry object.</summary>
    public static void Write(Utf8JsonWriter writer, Geometry geometry, GeoJsonWriteOptions? options = null)
    {
        options ??= GeoJsonWriteOptions.AsStored;
        writer.WriteStartObject();
        writer.WriteString("type", geometry.GeometryType);
        if (geometry is GeometryCollection collection and not (MultiPoint or MultiLineString or MultiPolygon))
        {
            writer.WriteStartArray("geometries");
            foreach (var part in collection.Geometries)
            {
                Write(writer, part, options);
            }
            writer.WriteEndArray();
        }
        else
        {
            writer.WritePropertyName("coordinates");
            Coordinates(writer, geometry, options);
        }
        writer.WriteEndObject();
    }

    /// <summary>An ordinate rounded to <paramref name="decimals"/> decimals (scaled by a power of ten, rounded away from
    /// zero at a half, scaled back), or unchanged when null.</summary>
    public static double Round(double value, int? decimals)
    {
        if (decimals is not { } d)
        {
            return value;
        }
        var scale = Math.Pow(10, d);
        return Math.Round(value * scale, MidpointRounding.AwayFromZero) / scale;
    }

    private static void Coordinates(Utf8JsonWriter writer, Geometry geometry, GeoJsonWriteOptions options)
    {
        switch (geometry)
        {
            case Point point:
                if (point.IsEmpty)
                {
                    writer.WriteStartArray();
                    writer.WriteEndArray();
                }
                else
                {
                    Position(writer, point.X, point.Y, options);
                }
                break;
            case LineString line:
                Sequence(writer, line.CoordinateSequence, options, reverse: false);
                break;
            case Polygon polygon:
                writer.WriteStartArray();
                if (!polygon.IsEmpty)
                {
                    Ring(writer, polygon.ExteriorRing.CoordinateSequence, options, exterior: true);
                    foreach (var hole in polygon.InteriorRings)
                    {
                        Ring(writer, hole.CoordinateSequence, options, exterior: false);
                    }
                }
                writer.WriteEndArray();
                break;
            case GeometryCollection multi:
                writer.WriteStartArray();
                foreach (var part in multi.Geometries)
                {
                    Coordinates(writer, part, options);
                }
                writer.WriteEndArray();
                break;
            default:
                throw new ArgumentException($"cannot write a {geometry.GeometryType} as GeoJSON", nameof(geometry));
        }
    }

    private static void Ring(Utf8JsonWriter writer, CoordinateSequence ring, GeoJsonWriteOptions options, bool exterior)
    {
        var reverse = options.RightHandRule && ring.Count >= 4 && Orientation.IsCCW(ring) != exterior;
        Sequence(writer, ring, options, reverse);
    }

    private static void Sequence(Utf8JsonWriter writer, CoordinateSequence sequence, GeoJsonWriteOptions options, bool reverse)
    {
        writer.WriteStartArray();
        for (var k = 0; k < sequence.Count; k++)
        {
            var i = reverse ? sequence.Count - 1 - k : k;
            Position(writer, sequence.GetX(i), sequence.GetY(i), options);
        }
        writer.WriteEndArray();
    }

    private static void Position(Utf8JsonWriter writer, double x, double y, GeoJsonWriteOptions options)
    {
        var (first, second) = options.SecondAxisFirst ? (y, x) : (x, y);
        writer.WriteStartArray();
        writer.WriteNumberValue(Round(first, options.Decimals));
        writer.WriteNumberValue(Round(second, options.Decimals));
        writer.WriteEndArray();
    }
}
