using NetTopologySuite.Algorithm;
using NetTopologySuite.Geometries;
using Mvt = NetTopologySuite.IO.VectorTiles.Mapbox.Tile;

namespace Huayang.Gis.Tests.Tiles;

/// <summary>A decoded MVT feature: id, properties (integers as long) and geometry in tile units (x east, y down).</summary>
public sealed record DecodedFeature(ulong Id, IReadOnlyDictionary<string, object> Properties, Geometry Geometry)
{
    /// <summary>The string id property.</summary>
    public string StringId => (string)Properties["id"];
}

/// <summary>A decoded MVT layer.</summary>
public sealed record DecodedLayer(string Name, uint Version, uint Extent, IReadOnlyList<DecodedFeature> Features);

/// <summary>
/// Reads an MVT 2.1 tile with the protobuf classes of NetTopologySuite.IO.VectorTiles.Mapbox and decodes the
/// geometry commands (spec §4.3) by hand, keeping tile coordinates so that tiles can be compared unit by unit.
/// </summary>
public static class MvtDecoder
{
    private static readonly GeometryFactory Factory = new();

    public static IReadOnlyList<DecodedLayer> Decode(byte[] tile)
    {
        if (tile.Length == 0)
        {
            return [];
        }
        using var stream = new MemoryStream(tile);
        var decoded = ProtoBuf.Serializer.Deserialize<Mvt>(stream);
        return decoded.Layers.Select(layer => new DecodedLayer(
            layer.Name, layer.Version, layer.Extent,
            layer.Features.Select(f => new DecodedFeature(f.Id, Properties(layer, f), Geometry(f))).ToList())).ToList();
    }

    private static Dictionary<string, object> Properties(Mvt.Layer layer, Mvt.Feature feature)
    {
        Assert.True(feature.Tags.Count % 2 == 0, "tags come in key/value pairs");
        var properties = new Dictionary<string, object>(StringComparer.Ordinal);
        for (var i = 0; i < feature.Tags.Count; i += 2)
        {
            var value = layer.Values[(int)feature.Tags[i + 1]];
            object normalized =
                value.HasStringValue ? value.StringValue :
                value.HasIntValue ? value.IntValue :
                value.HasUIntValue ? (long)value.UintValue :
                value.HasSIntValue ? value.SintValue :
                value.HasDoubleValue ? value.DoubleValue :
                value.HasFloatValue ? (double)value.FloatValue :
                value.HasBoolValue ? value.BoolValue :
                throw new InvalidDataException("a value with no type");
            Assert.True(properties.TryAdd(layer.Keys[(int)feature.Tags[i]], normalized), "a key twice in one feature");
        }
        return properties;
    }

    private static Geometry Geometry(Mvt.Feature feature)
    {
        var parts = new List<List<Coordinate>>();
        int x = 0, y = 0, i = 0;
        var commands = feature.Geometry;
        while (i < commands.Count)
        {
            var id = (int)(commands[i] & 0x7);
            var count = (int)(commands[i] >> 3);
            i++;
            switch (id)
            {
                case 1:
                    for (var k = 0; k < count; k++)
                    {
                        (x, y) = (x + ZigZag(commands[i++]), y + ZigZag(commands[i++]));
                        parts.Add([new Coordinate(x, y)]);
                    }
                    break;
                case 2:
                    Assert.NotEmpty(parts);
                    for (var k = 0; k < count; k++)
                    {
                        (x, y) = (x + ZigZag(commands[i++]), y + ZigZag(commands[i++]));
                        parts[^1].Add(new Coordinate(x, y));
                    }
                    break;
                case 7:
                    Assert.Equal(1, count);
                    parts[^1].Add(parts[^1][0].Copy());
                    break;
                default:
                    throw new InvalidDataException($"unknown command {id}");
            }
        }
        switch (feature.Type)
        {
            case Mvt.GeomType.Point:
                var points = parts.Select(p => Factory.CreatePoint(p.Single())).ToArray();
                return points.Length == 1 ? points[0] : Factory.CreateMultiPoint(points);
            case Mvt.GeomType.LineString:
                Assert.All(parts, p => Assert.True(p.Count >= 2, "a line of fewer than 2 points"));
                var lines = parts.Select(p => Factory.CreateLineString(p.ToArray())).ToArray();
                return lines.Length == 1 ? lines[0] : Factory.CreateMultiLineString(lines);
            case Mvt.GeomType.Polygon:
                var polygons = new List<(LinearRing Shell, List<LinearRing> Holes)>();
                foreach (var ring in parts.Select(p => Factory.CreateLinearRing(p.ToArray())))
                {
                    // Exterior rings have positive surveyor's area in tile units: counter-clockwise in the numbers.
                    if (Orientation.IsCCW(ring.CoordinateSequence))
                    {
                        polygons.Add((ring, []));
                    }
                    else
                    {
                        Assert.True(polygons.Count > 0, "an interior ring before any exterior ring");
                        polygons[^1].Holes.Add(ring);
                    }
                }
                var built = polygons.Select(p => Factory.CreatePolygon(p.Shell, p.Holes.ToArray())).ToArray();
                return built.Length == 1 ? built[0] : Factory.CreateMultiPolygon(built);
            default:
                throw new InvalidDataException($"unexpected geometry type {feature.Type}");
        }
    }

    private static int ZigZag(uint n) => (int)(n >> 1) ^ -(int)(n & 1);
}
