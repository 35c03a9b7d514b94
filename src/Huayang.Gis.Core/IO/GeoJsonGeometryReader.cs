using System.Text;
using System.Text.Json;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;

namespace Huayang.Gis.Core.IO;

/// <summary>
/// The one fast reader of GeoJSON geometry objects written plainly: a Point, LineString, Polygon, MultiPoint,
/// MultiLineString or MultiPolygon with only <c>type</c> and <c>coordinates</c> (in either order), every position
/// two finite numbers, nothing empty, lines and rings that <see cref="GeometryChecker.Wgs84Factory"/> accepts. It
/// makes the geometry NTS's GeoJSON converter makes of the same object, several times faster. Anything else is
/// declined (null) and left to the converter, so that every problem is reported in the converter's words.
/// <see cref="Read"/> is the whole reading of a feature's geometry member: this fast path, then the converter,
/// then <see cref="GeometryChecker"/>.
/// </summary>
internal static class GeoJsonGeometryReader
{
    private static readonly JsonSerializerOptions Options = CreateOptions();

    private enum Kind
    {
        None,
        Point,
        LineString,
        Polygon,
        MultiPoint,
        MultiLineString,
        MultiPolygon,
    }

    /// <summary>
    /// The WGS84 geometry of a GeoJSON <paramref name="feature"/>, or null when it is missing or cannot be read.
    /// Problems with a geometry that could be read are reported and the geometry is still returned.
    /// </summary>
    public static Geometry? Read(JsonElement feature, LayerSchema schema, ProblemScope scope, CoordinateSource source)
    {
        if (JsonValues.Property(feature, GeometryChecker.Field) is not { } element)
        {
            scope.Add(GeometryChecker.Field, null, "missing geometry");
            return null;
        }

        if (element.ValueKind == JsonValueKind.Null)
        {
            scope.Add(GeometryChecker.Field, "null", "missing geometry (null); every feature of this layer needs one");
            return null;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            scope.Add(GeometryChecker.Field, JsonValues.Display(element), "geometry is not a JSON object");
            return null;
        }

        if (TryRead(element) is { } plain)
        {
            return GeometryChecker.CheckOwned(plain, schema, scope, source);
        }

        if (JsonValues.FindNonFinite(element) is { } nonFinite)
        {
            scope.Add(GeometryChecker.Field, nonFinite, "coordinate is not a finite number (NaN and Infinity are not coordinates)");
            return null;
        }

        var typeName = JsonValues.Property(element, "type") is { ValueKind: JsonValueKind.String } type
            ? type.GetString()
            : null;
        Geometry? geometry;
        try
        {
            geometry = JsonSerializer.Deserialize<Geometry>(element, Options);
        }
        catch (Exception e) when (e is JsonException or ArgumentException)
        {
            scope.Add(GeometryChecker.Field, typeName, $"geometry cannot be read: {e.Message}");
            return null;
        }

        if (geometry is null)
        {
            scope.Add(GeometryChecker.Field, typeName, "geometry cannot be read");
            return null;
        }

        return GeometryChecker.CheckOwned(geometry, schema, scope, source);
    }

    /// <summary>The plain geometry of a parsed element, or null.</summary>
    public static Geometry? TryRead(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(element.GetRawText()));
        reader.Read();
        try
        {
            return TryRead(ref reader);
        }
        catch (ArgumentException)
        {
            // An open ring or a one-point line: the converter reports it.
            return null;
        }
    }

    /// <summary>
    /// The plain geometry object the reader is on (at its <c>{</c>; left at its <c>}</c> when read), or null.
    /// The reader must hold the whole object.
    /// </summary>
    /// <param name="typeFirst">Decline an object whose <c>coordinates</c> come before its <c>type</c> (the streamed
    /// reading of a file leaves those to the document reading, whose problems are ordered by member).</param>
    /// <exception cref="ArgumentException">The factory refuses a line or ring (an open ring, a one-point line).</exception>
    public static Geometry? TryRead(ref Utf8JsonReader reader, bool typeFirst = false)
    {
        var kind = Kind.None;
        var sawType = false;
        var sawCoordinates = false;
        var coordinates = default(Utf8JsonReader);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8) && !sawType)
            {
                sawType = true;
                if (!reader.Read() || reader.TokenType != JsonTokenType.String || (kind = KindOf(ref reader)) == Kind.None)
                {
                    return null;
                }
            }
            else if (reader.ValueTextEquals("coordinates"u8) && !sawCoordinates && (sawType || !typeFirst))
            {
                if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
                {
                    return null;
                }
                // A copy of the reader is a bookmark: the coordinates are read once the type is known.
                sawCoordinates = true;
                coordinates = reader;
                reader.Skip();
            }
            else
            {
                return null;
            }
        }
        if (reader.TokenType != JsonTokenType.EndObject || kind == Kind.None || !sawCoordinates)
        {
            return null;
        }

        var factory = GeometryChecker.Wgs84Factory;
        return kind switch
        {
            Kind.Point => Position(ref coordinates) is { } c ? factory.CreatePoint(c) : null,
            Kind.LineString => Positions(ref coordinates) is { } line ? factory.CreateLineString(line) : null,
            Kind.Polygon => Polygon(ref coordinates),
            Kind.MultiPoint => Positions(ref coordinates) is { } points ? factory.CreateMultiPointFromCoords(points) : null,
            Kind.MultiLineString => LineStrings(ref coordinates) is { } lines ? factory.CreateMultiLineString(lines) : null,
            _ => Polygons(ref coordinates) is { } polygons ? factory.CreateMultiPolygon(polygons) : null,
        };
    }

    private static Kind KindOf(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("Point"u8) ? Kind.Point
        : reader.ValueTextEquals("LineString"u8) ? Kind.LineString
        : reader.ValueTextEquals("Polygon"u8) ? Kind.Polygon
        : reader.ValueTextEquals("MultiPoint"u8) ? Kind.MultiPoint
        : reader.ValueTextEquals("MultiLineString"u8) ? Kind.MultiLineString
        : reader.ValueTextEquals("MultiPolygon"u8) ? Kind.MultiPolygon
        : Kind.None;

    /// <summary>A position the reader is on: an array of exactly two finite numbers.</summary>
    private static Coordinate? Position(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray
            || !reader.Read() || reader.TokenType != JsonTokenType.Number || !reader.TryGetDouble(out var x) || !double.IsFinite(x)
            || !reader.Read() || reader.TokenType != JsonTokenType.Number || !reader.TryGetDouble(out var y) || !double.IsFinite(y)
            || !reader.Read() || reader.TokenType != JsonTokenType.EndArray)
        {
            return null;
        }

        return new Coordinate(x, y);
    }

    /// <summary>A non-empty array of positions.</summary>
    private static Coordinate[]? Positions(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return null;
        }

        var positions = new List<Coordinate>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (Position(ref reader) is not { } c)
            {
                return null;
            }

            positions.Add(c);
        }

        return positions.Count > 0 ? positions.ToArray() : null;
    }

    /// <summary>A polygon: a non-empty array of rings.</summary>
    private static Polygon? Polygon(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return null;
        }

        var rings = new List<LinearRing>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (Positions(ref reader) is not { } ring)
            {
                return null;
            }

            rings.Add(GeometryChecker.Wgs84Factory.CreateLinearRing(ring));
        }

        return rings.Count > 0 ? GeometryChecker.Wgs84Factory.CreatePolygon(rings[0], rings.Skip(1).ToArray()) : null;
    }

    private static LineString[]? LineStrings(ref Utf8JsonReader reader)
    {
        var lines = new List<LineString>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (Positions(ref reader) is not { } line)
            {
                return null;
            }

            lines.Add(GeometryChecker.Wgs84Factory.CreateLineString(line));
        }

        return lines.Count > 0 ? lines.ToArray() : null;
    }

    private static Polygon[]? Polygons(ref Utf8JsonReader reader)
    {
        var polygons = new List<Polygon>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (Polygon(ref reader) is not { } polygon)
            {
                return null;
            }

            polygons.Add(polygon);
        }

        return polygons.Count > 0 ? polygons.ToArray() : null;
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions();
        options.Converters.Add(new GeoJsonConverterFactory(GeometryChecker.Wgs84Factory));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
