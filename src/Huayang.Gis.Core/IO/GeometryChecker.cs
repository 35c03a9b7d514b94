using System.Text.Json;
using NetTopologySuite;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;
using NetTopologySuite.Operation.Valid;

namespace Huayang.Gis.Core.IO;

/// <summary>
/// Reads a feature's GeoJSON geometry (WGS84 lon/lat, SRID 4326) and checks it: present, readable,
/// finite, not empty, of a type the layer allows, inside lon [-180, 180] and lat [-90, 90], not
/// apparently in lat, lon order, and valid by NTS <see cref="IsValidOp"/>.
/// </summary>
internal static class GeometryChecker
{
    private const string Field = "geometry";
    private const string SwapHint = "looks like latitude, longitude order; GeoJSON is longitude, latitude";

    private static readonly JsonSerializerOptions Options = CreateOptions();

    /// <summary>
    /// The geometry of <paramref name="feature"/>, or null when it is missing or cannot be read. Problems with
    /// a geometry that could be read are reported and the geometry is still returned.
    /// </summary>
    public static Geometry? Read(JsonElement feature, LayerSchema schema, ProblemScope scope)
    {
        if (JsonValues.Property(feature, Field) is not { } element)
        {
            scope.Add(Field, null, "missing geometry");
            return null;
        }

        if (element.ValueKind == JsonValueKind.Null)
        {
            scope.Add(Field, "null", "missing geometry (null); every feature of this layer needs one");
            return null;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            scope.Add(Field, JsonValues.Display(element), "geometry is not a JSON object");
            return null;
        }

        if (JsonValues.FindNonFinite(element) is { } nonFinite)
        {
            scope.Add(Field, nonFinite, "coordinate is not a finite number (NaN and Infinity are not coordinates)");
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
            scope.Add(Field, typeName, $"geometry cannot be read: {e.Message}");
            return null;
        }

        if (geometry is null)
        {
            scope.Add(Field, typeName, "geometry cannot be read");
            return null;
        }

        CheckType(geometry, schema.GeometryTypes, $"layer {schema.Name} takes", scope);
        if (geometry.IsEmpty)
        {
            scope.Add(Field, geometry.GeometryType, "geometry is empty");
            return geometry;
        }

        if (CheckCoordinates(geometry, scope))
        {
            CheckValid(geometry, scope);
        }

        return geometry;
    }

    /// <summary>Reports a geometry whose type is not one of <paramref name="allowed"/>.</summary>
    public static void CheckType(Geometry geometry, IReadOnlyList<string> allowed, string who, ProblemScope scope)
    {
        if (!allowed.Contains(geometry.GeometryType, StringComparer.Ordinal))
        {
            scope.Add(Field, geometry.GeometryType,
                $"wrong geometry type: {who} {string.Join(" or ", allowed)} geometry");
        }
    }

    /// <returns>True when every coordinate is within range and the order looks like lon, lat.</returns>
    private static bool CheckCoordinates(Geometry geometry, ProblemScope scope)
    {
        var coordinates = geometry.Coordinates;
        foreach (var c in coordinates)
        {
            if (Math.Abs(c.Y) > 90 && Math.Abs(c.X) <= 90)
            {
                scope.Add(Field, Show(c), $"latitude {JsonValues.Format(c.Y)} is outside [-90, 90]; this {SwapHint}");
                return false;
            }

            if (Math.Abs(c.X) > 180)
            {
                scope.Add(Field, Show(c), $"longitude {JsonValues.Format(c.X)} is outside [-180, 180]");
                return false;
            }

            if (Math.Abs(c.Y) > 90)
            {
                scope.Add(Field, Show(c), $"latitude {JsonValues.Format(c.Y)} is outside [-90, 90]");
                return false;
            }
        }

        // Every coordinate lies in China only when read as (lat, lon): x in China's latitudes, y in its longitudes.
        if (coordinates.All(c => c.X is >= 18 and <= 54 && c.Y is >= 73 and <= 135))
        {
            scope.Add(Field, Show(coordinates[0]), $"the geometry {SwapHint}");
            return false;
        }

        return true;
    }

    private static void CheckValid(Geometry geometry, ProblemScope scope)
    {
        if (new IsValidOp(geometry).ValidationError is { } error)
        {
            var at = error.Coordinate is { } c ? $" at or near {Show(c)}" : "";
            scope.Add(Field, error.Coordinate is { } where ? Show(where) : geometry.GeometryType,
                $"invalid geometry: {error.Message}{at}");
        }
    }

    private static string Show(Coordinate c) => $"({JsonValues.Format(c.X)}, {JsonValues.Format(c.Y)})";

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions();
        options.Converters.Add(new GeoJsonConverterFactory(NtsGeometryServices.Instance.CreateGeometryFactory(4326)));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
