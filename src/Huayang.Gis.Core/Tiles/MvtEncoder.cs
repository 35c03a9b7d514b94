using NetTopologySuite.Algorithm;
using NetTopologySuite.Geometries;
using Mvt = NetTopologySuite.IO.VectorTiles.Mapbox.Tile;

namespace Huayang.Gis.Core.Tiles;

/// <summary>
/// Writes layers of features whose geometry is already in integer tile units (see
/// <see cref="TileGeometryClipper"/>) as an MVT 2.1 protobuf, using the message classes of
/// NetTopologySuite.IO.VectorTiles.Mapbox and protobuf-net.
/// </summary>
/// <remarks>
/// The package's own <c>MapboxTileWriter</c> takes lon/lat geometry and truncates it to the grid with its own
/// projection, without clipping, and drops polygons smaller than 8 tile units; tiles written that way would
/// not match PostGIS's <c>ST_AsMVTGeom</c>. Only the command encoding (spec §4.3) is done here. Integer values
/// are written as PostGIS writes them: uint_value when ≥ 0, sint_value when negative.
/// </remarks>
internal static class MvtEncoder
{
    /// <summary>
    /// One layer as a whole MVT message (a tile holding only that layer), or an empty array when there is no
    /// feature, as ST_AsMVT leaves such a layer out. Layers encoded this way concatenate into one tile: a
    /// protobuf message's repeated field may come in pieces.
    /// </summary>
    public static byte[] EncodeLayer(string name, IEnumerable<TileFeature> features)
    {
        var layer = new Mvt.Layer { Version = 2, Name = name, Extent = VectorTileGrid.Extent };
        var keys = new Dictionary<string, uint>(StringComparer.Ordinal);
        var values = new Dictionary<object, uint>();
        foreach (var feature in features)
        {
            var encoded = new Mvt.Feature { Id = feature.Id };
            switch (feature.Geometry)
            {
                case IPuntal:
                    encoded.Type = Mvt.GeomType.Point;
                    EncodePoints(feature.Geometry, encoded.Geometry);
                    break;
                case ILineal:
                    encoded.Type = Mvt.GeomType.LineString;
                    EncodeLines(feature.Geometry, encoded.Geometry);
                    break;
                case IPolygonal:
                    encoded.Type = Mvt.GeomType.Polygon;
                    EncodePolygons(feature.Geometry, encoded.Geometry);
                    break;
                default:
                    continue;
            }
            foreach (var (key, value) in feature.Properties)
            {
                if (ValueKey(value) is not { } valueKey)
                {
                    continue;
                }
                if (!keys.TryGetValue(key, out var k))
                {
                    k = (uint)layer.Keys.Count;
                    keys.Add(key, k);
                    layer.Keys.Add(key);
                }
                if (!values.TryGetValue(valueKey, out var v))
                {
                    v = (uint)layer.Values.Count;
                    values.Add(valueKey, v);
                    layer.Values.Add(ToValue(valueKey));
                }
                encoded.Tags.Add(k);
                encoded.Tags.Add(v);
            }
            layer.Features.Add(encoded);
        }
        if (layer.Features.Count == 0)
        {
            return [];
        }
        var tile = new Mvt();
        tile.Layers.Add(layer);
        using var stream = new MemoryStream();
        ProtoBuf.Serializer.Serialize(stream, tile);
        return stream.ToArray();
    }

    /// <summary>Integers as long (negative) or ulong (not negative), so equal values share one entry.</summary>
    private static object? ValueKey(object? value) => value switch
    {
        null => null,
        string s => s,
        bool b => b,
        long l => l < 0 ? l : (ulong)l,
        int i => i < 0 ? (long)i : (ulong)i,
        ulong u => u,
        double d => d,
        _ => null,
    };

    private static Mvt.Value ToValue(object key) => key switch
    {
        string s => new Mvt.Value { StringValue = s },
        bool b => new Mvt.Value { BoolValue = b },
        long l => new Mvt.Value { SintValue = l },
        ulong u => new Mvt.Value { UintValue = u },
        double d => new Mvt.Value { DoubleValue = d },
        _ => throw new ArgumentOutOfRangeException(nameof(key), key, "not an MVT value"),
    };

    private static void EncodePoints(Geometry geometry, List<uint> commands)
    {
        var cursor = new Cursor();
        commands.Add(Command(MoveTo, geometry.NumGeometries));
        for (var i = 0; i < geometry.NumGeometries; i++)
        {
            cursor.Add(((Point)geometry.GetGeometryN(i)).Coordinate, commands);
        }
    }

    private static void EncodeLines(Geometry geometry, List<uint> commands)
    {
        var cursor = new Cursor();
        for (var i = 0; i < geometry.NumGeometries; i++)
        {
            var points = ((LineString)geometry.GetGeometryN(i)).Coordinates;
            commands.Add(Command(MoveTo, 1));
            cursor.Add(points[0], commands);
            commands.Add(Command(LineTo, points.Length - 1));
            for (var p = 1; p < points.Length; p++)
            {
                cursor.Add(points[p], commands);
            }
        }
    }

    private static void EncodePolygons(Geometry geometry, List<uint> commands)
    {
        var cursor = new Cursor();
        for (var i = 0; i < geometry.NumGeometries; i++)
        {
            var polygon = (Polygon)geometry.GetGeometryN(i);
            // In tile units (y down) an exterior ring has positive surveyor's area, which is counter-clockwise
            // in the numbers themselves (clockwise as drawn on screen); interior rings the other way.
            EncodeRing(polygon.Shell.Coordinates, exterior: true, commands, cursor);
            foreach (var hole in polygon.Holes)
            {
                EncodeRing(hole.Coordinates, exterior: false, commands, cursor);
            }
        }
    }

    private static void EncodeRing(Coordinate[] ring, bool exterior, List<uint> commands, Cursor cursor)
    {
        if (Orientation.IsCCW(ring) != exterior)
        {
            ring = ring.Reverse().ToArray();
        }
        // The closing point repeats the first: ClosePath stands for it.
        commands.Add(Command(MoveTo, 1));
        cursor.Add(ring[0], commands);
        commands.Add(Command(LineTo, ring.Length - 2));
        for (var p = 1; p < ring.Length - 1; p++)
        {
            cursor.Add(ring[p], commands);
        }
        commands.Add(Command(ClosePath, 1));
    }

    private const int MoveTo = 1;
    private const int LineTo = 2;
    private const int ClosePath = 7;

    private static uint Command(int id, int count) => (uint)((id & 0x7) | (count << 3));

    /// <summary>Positions are written relative to the previous one, zigzag-encoded (spec §4.3.2).</summary>
    private sealed class Cursor
    {
        private int _x;
        private int _y;

        public void Add(Coordinate c, List<uint> commands)
        {
            var x = (int)c.X;
            var y = (int)c.Y;
            commands.Add(ZigZag(x - _x));
            commands.Add(ZigZag(y - _y));
            (_x, _y) = (x, y);
        }

        private static uint ZigZag(int n) => (uint)((n << 1) ^ (n >> 31));
    }
}

/// <summary>A feature ready for <see cref="MvtEncoder"/>: its id, properties in order, and geometry in tile units.</summary>
internal sealed record TileFeature(ulong Id, IReadOnlyList<KeyValuePair<string, object?>> Properties, Geometry Geometry);
