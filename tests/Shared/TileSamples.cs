using Huayang.Gis.Core.Crs;
using Huayang.Gis.Core.Model;
using Huayang.Gis.Core.Tiles;
using NetTopologySuite.Geometries;

namespace Huayang.Gis.Tests.Tiles;

/// <summary>Tiles to test with, and what the brute force over the dataset expects in them.</summary>
public static class TileSamples
{
    /// <summary>The tile at a lon/lat position.</summary>
    public static (int Z, int X, int Y) TileAt(double lon, double lat, int z)
    {
        var (mx, my) = CoordinateTransformer.Transform(lon, lat, CrsId.Wgs84, CrsId.WebMercator);
        var size = 2 * VectorTileGrid.WorldHalfSize / (1 << z);
        return (z, (int)Math.Floor((mx + VectorTileGrid.WorldHalfSize) / size), (int)Math.Floor((VectorTileGrid.WorldHalfSize - my) / size));
    }

    /// <summary>
    /// For every zoom from 12 to 16, the tiles under a 6 × 6 grid of positions across the data's extent (its edges
    /// included), plus tiles far from Huayang (Beijing, the antimeridian, the origin, the world's corners).
    /// </summary>
    public static IReadOnlyList<(int Z, int X, int Y)> Sample(Envelope extent)
    {
        var tiles = new SortedSet<(int, int, int)>();
        for (var z = 12; z <= 16; z++)
        {
            for (var i = 0; i <= 5; i++)
            {
                for (var j = 0; j <= 5; j++)
                {
                    tiles.Add(TileAt(extent.MinX + extent.Width * i / 5, extent.MinY + extent.Height * j / 5, z));
                }
            }
        }
        foreach (var far in new[] { TileAt(116.39, 39.91, 14), TileAt(104.05, 30.5, 13) with { X = 0 }, (12, 4095, 4095), (16, 0, 0), (13, 4096, 4096) })
        {
            tiles.Add(far);
        }
        return tiles.ToList();
    }

    /// <summary>
    /// The ids of a layer's features that intersect the buffered tile grown (or, when negative, shrunk) by
    /// <paramref name="units"/> tile units, by brute force over every feature in lon/lat. With
    /// <paramref name="withoutSpecks"/>, lines and polygons less than a tile unit across (in EPSG:3857), which
    /// snapping to the integer grid may reduce to nothing, are left out.
    /// </summary>
    public static ISet<string> IdsIntersecting(Dataset dataset, string layer, int z, int x, int y, double units, bool withoutSpecks = false)
    {
        var tile = VectorTileGrid.MercatorBounds(z, x, y);
        var unit = tile.Width / VectorTileGrid.Extent;
        var margin = unit * (VectorTileGrid.Buffer + units);
        var (west, south) = CoordinateTransformer.Transform(tile.MinX - margin, tile.MinY - margin, CrsId.WebMercator, CrsId.Wgs84);
        var (east, north) = CoordinateTransformer.Transform(tile.MaxX + margin, tile.MaxY + margin, CrsId.WebMercator, CrsId.Wgs84);
        var box = GeometryFactory.Default.ToGeometry(new Envelope(west, east, south, north));
        return (dataset.Layers.GetValueOrDefault(layer) ?? [])
            .Where(f => f.Geometry.Intersects(box))
            .Where(f => !withoutSpecks || f.Geometry.Dimension == Dimension.Point || !IsSpeck(f.Geometry, unit))
            .Select(f => (string)f.Attributes["id"])
            .ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The ids of a layer's lines and polygons less than a tile unit across at zoom <paramref name="z"/>.</summary>
    public static ISet<string> Specks(Dataset dataset, string layer, int z)
    {
        var unit = 2 * VectorTileGrid.WorldHalfSize / (1 << z) / VectorTileGrid.Extent;
        return (dataset.Layers.GetValueOrDefault(layer) ?? [])
            .Where(f => f.Geometry.Dimension != Dimension.Point && IsSpeck(f.Geometry, unit))
            .Select(f => (string)f.Attributes["id"])
            .ToHashSet(StringComparer.Ordinal);
    }

    private static bool IsSpeck(Geometry lonLat, double unit)
    {
        var extent = CoordinateTransformer.Transform(lonLat, CrsId.Wgs84, CrsId.WebMercator).EnvelopeInternal;
        return extent.Width < unit && extent.Height < unit;
    }
}
