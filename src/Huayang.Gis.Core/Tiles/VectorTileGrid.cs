using Huayang.Gis.Core.Crs;
using NetTopologySuite.Geometries;

namespace Huayang.Gis.Core.Tiles;

/// <summary>
/// The Web Mercator XYZ tile grid (the "Google" scheme, as PostGIS's <c>ST_TileEnvelope</c> defines it):
/// zoom z has 2^z × 2^z tiles over the square ±20,037,508.342789244 m of EPSG:3857, x from west to east and
/// y from north to south.
/// </summary>
public static class VectorTileGrid
{
    /// <summary>Tile units across a tile.</summary>
    public const int Extent = 4096;

    /// <summary>Tile units of data kept beyond each edge, so that lines and labels join across tiles.</summary>
    public const int Buffer = 64;

    /// <summary>The deepest zoom served.</summary>
    public const int MaxZoom = 22;

    /// <summary>
    /// The deepest zoom the data needs, which TileJSON states as <c>maxzoom</c>: a tile unit at z16 is about 13 cm at
    /// Huayang's latitude (611 m / 4096 × cos 30.5°), finer than any coordinate of the data, so deeper tiles hold the
    /// same geometry; clients over-zoom z16 instead of fetching tiles to z22.
    /// </summary>
    public const int DataMaxZoom = 16;

    /// <summary>Half the side of the EPSG:3857 world square, in metres (π × 6,378,137).</summary>
    public const double WorldHalfSize = 20037508.342789244;

    /// <summary>True when z, x and y name a tile of the grid.</summary>
    public static bool IsValid(int z, int x, int y) =>
        z is >= 0 and <= MaxZoom && x >= 0 && y >= 0 && x < (1L << z) && y < (1L << z);

    /// <summary>The tile's square in EPSG:3857 metres, without buffer.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The tile is outside the grid.</exception>
    public static Envelope MercatorBounds(int z, int x, int y)
    {
        if (!IsValid(z, x, y))
        {
            throw new ArgumentOutOfRangeException(nameof(z), $"tile {z}/{x}/{y} is outside the grid (z 0–{MaxZoom}, x and y 0–2^z−1)");
        }
        var size = 2 * WorldHalfSize / (1L << z);
        var minX = -WorldHalfSize + x * size;
        var maxY = WorldHalfSize - y * size;
        return new Envelope(minX, minX + size, maxY - size, maxY);
    }

    /// <summary>
    /// The tile with its buffer, grown by <paramref name="extraUnits"/> tile units, in lon/lat degrees (cut off at
    /// the edges of the world square). Web Mercator maps its grid lines onto meridians and parallels, so this
    /// rectangle is exactly the buffered tile, not an approximation of it.
    /// </summary>
    public static Envelope BufferedLonLatBounds(int z, int x, int y, double extraUnits = 0)
    {
        var tile = MercatorBounds(z, x, y);
        var margin = tile.Width * (Buffer + extraUnits) / Extent;
        var (west, south) = CoordinateTransformer.Transform(
            Math.Max(tile.MinX - margin, -WorldHalfSize), Math.Max(tile.MinY - margin, -WorldHalfSize), CrsId.WebMercator, CrsId.Wgs84);
        var (east, north) = CoordinateTransformer.Transform(
            Math.Min(tile.MaxX + margin, WorldHalfSize), Math.Min(tile.MaxY + margin, WorldHalfSize), CrsId.WebMercator, CrsId.Wgs84);
        return new Envelope(west, east, south, north);
    }
}
