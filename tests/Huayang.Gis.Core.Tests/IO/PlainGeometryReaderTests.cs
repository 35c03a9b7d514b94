using System.Text.Json;
using Huayang.Gis.Core.IO;
using NetTopologySuite;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;

namespace Huayang.Gis.Core.Tests.IO;

/// <summary>
/// The GeoJSON reader's fast path for plainly written geometries gives exactly what NTS's GeoJSON converter
/// gives (type, coordinates, ring order, SRID, factory and coordinate dimension), and declines everything
/// else, which the converter then reads or reports.
/// </summary>
public sealed class PlainGeometryReaderTests
{
    private static readonly JsonSerializerOptions Converter = CreateConverter();

    [Theory]
    [InlineData("""{"type": "Point", "coordinates": [104.05, 30.5]}""")]
    [InlineData("""{"coordinates": [104.05, 30.5], "type": "Point"}""")]
    [InlineData("""{"type": "Point", "coordinates": [-0.0, 1e-7]}""")]
    [InlineData("""{"type": "LineString", "coordinates": [[104.0, 30.0], [104.1, 30.1], [104.2, 30.0]]}""")]
    [InlineData("""{"type": "Polygon", "coordinates": [[[104.0, 30.0], [104.1, 30.0], [104.1, 30.1], [104.0, 30.0]]]}""")]
    [InlineData("""
        {"type": "Polygon", "coordinates": [[[104.0, 30.0], [104.3, 30.0], [104.3, 30.3], [104.0, 30.3], [104.0, 30.0]],
          [[104.1, 30.1], [104.1, 30.2], [104.2, 30.2], [104.1, 30.1]]]}
        """)]
    [InlineData("""{"type": "MultiPoint", "coordinates": [[104.0, 30.0], [104.1, 30.1]]}""")]
    [InlineData("""{"type": "MultiLineString", "coordinates": [[[104.0, 30.0], [104.1, 30.1]], [[104.2, 30.2], [104.3, 30.3]]]}""")]
    [InlineData("""
        {"type": "MultiPolygon", "coordinates": [[[[104.0, 30.0], [104.1, 30.0], [104.1, 30.1], [104.0, 30.0]]],
          [[[105.0, 30.0], [105.1, 30.0], [105.1, 30.1], [105.0, 30.0]]]]}
        """)]
    public void Plain_geometry_reads_as_the_converter_reads_it(string json)
    {
        var element = JsonDocument.Parse(json).RootElement;
        var expected = JsonSerializer.Deserialize<Geometry>(element, Converter)!;

        var actual = GeoJsonGeometryReader.TryRead(element);

        Assert.NotNull(actual);
        Assert.Equal(expected.GeometryType, actual.GeometryType);
        Assert.True(expected.EqualsExact(actual), $"{actual} differs from {expected}");
        Assert.Equal(expected.SRID, actual.SRID);
        Assert.Equal(expected.Factory.CoordinateSequenceFactory.GetType(), actual.Factory.CoordinateSequenceFactory.GetType());
        Assert.Equal(expected.Factory.PrecisionModel, actual.Factory.PrecisionModel);
        Assert.Equal(Dimensions(expected), Dimensions(actual));
    }

    [Theory]
    [InlineData("""{"type": "Point", "coordinates": [104.05, 30.5, 12.0]}""")]
    [InlineData("""{"type": "Point", "coordinates": []}""")]
    [InlineData("""{"type": "Point", "coordinates": [104.05, "30.5"]}""")]
    [InlineData("""{"type": "Point", "coordinates": [104.05, 1e999]}""")]
    [InlineData("""{"type": "Point", "coordinates": [104.05, 30.5], "bbox": [104.05, 30.5, 104.05, 30.5]}""")]
    [InlineData("""{"type": "Point", "type": "Point", "coordinates": [104.05, 30.5]}""")]
    [InlineData("""{"type": "LineString", "coordinates": [[104.0, 30.0]]}""")]
    [InlineData("""{"type": "LineString", "coordinates": []}""")]
    [InlineData("""{"type": "Polygon", "coordinates": [[[104.0, 30.0], [104.1, 30.0], [104.1, 30.1], [104.0, 30.1]]]}""")]
    [InlineData("""{"type": "Polygon", "coordinates": []}""")]
    [InlineData("""{"type": "GeometryCollection", "geometries": []}""")]
    [InlineData("""{"type": "point", "coordinates": [104.05, 30.5]}""")]
    [InlineData("""{"coordinates": [104.05, 30.5]}""")]
    public void Anything_else_is_left_to_the_converter(string json)
    {
        Assert.Null(GeoJsonGeometryReader.TryRead(JsonDocument.Parse(json).RootElement));
    }

    private static int[] Dimensions(Geometry geometry)
    {
        var dimensions = new List<int>();
        for (var i = 0; i < geometry.NumGeometries; i++)
        {
            var part = geometry.GetGeometryN(i);
            if (part is Polygon polygon)
            {
                dimensions.AddRange(new[] { polygon.ExteriorRing }.Concat(polygon.InteriorRings)
                    .Select(r => r.CoordinateSequence.Dimension));
            }
            else if (part is LineString line)
            {
                dimensions.Add(line.CoordinateSequence.Dimension);
            }
            else if (part is Point point)
            {
                dimensions.Add(point.CoordinateSequence.Dimension);
            }
        }

        return [.. dimensions];
    }

    private static JsonSerializerOptions CreateConverter()
    {
        var options = new JsonSerializerOptions();
        options.Converters.Add(new GeoJsonConverterFactory(NtsGeometryServices.Instance.CreateGeometryFactory(4326)));
        return options;
    }
}
