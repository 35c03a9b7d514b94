using NetTopologySuite.Geometries;

namespace Huayang.Gis.Core.Tiles;

/// <summary>A tile of the XYZ grid (<see cref="VectorTileGrid"/>): y = 0 at the north edge.</summary>
public readonly record struct TileAddress(int Z, int X, int Y);

/// <summary>A rectangle of tiles at one zoom, columns <see cref="MinX"/>–<see cref="MaxX"/> and rows <see cref="MinY"/>–<see cref="MaxY"/> (inclusive).</summary>
public readonly record struct TileRange(int Z, int MinX, int MaxX, int MinY, int MaxY)
{
    /// <summary>How many tiles the range holds (0 when it is empty).</summary>
    public long Count => MaxX < MinX || MaxY < MinY ? 0 : (long)(MaxX - MinX + 1) * (MaxY - MinY + 1);

    /// <summary>True when the tile is in the range (its zoom included).</summary>
    public bool Contains(int z, int x, int y) => z == Z && x >= MinX && x <= MaxX && y >= MinY && y <= MaxY;
}

/// <summary>
/// The tiles of a zoom range over a lon/lat extent: at each zoom the tiles whose buffered square
/// (<see cref="VectorTileGrid.BufferedLonLatBounds"/>) meets the extent, which are the tiles the server would not
/// answer 204 for at once. These are the <em>candidates</em> of an export.
/// </summary>
public sealed class TilePyramid
{
    private readonly TileRange[] _ranges;

    /// <param name="extent">West, east, south, north in degrees (lon/lat, EPSG:4326).</param>
    /// <param name="minZoom">First zoom, 0 to <see cref="VectorTileGrid.MaxZoom"/>.</param>
    /// <param name="maxZoom">Last zoom, <paramref name="minZoom"/> to <see cref="VectorTileGrid.MaxZoom"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A zoom outside the grid, or the zooms reversed.</exception>
    public TilePyramid(Envelope extent, int minZoom, int maxZoom)
    {
        ArgumentNullException.ThrowIfNull(extent);
        if (minZoom < 0 || maxZoom > VectorTileGrid.MaxZoom || minZoom > maxZoom)
        {
            throw new ArgumentOutOfRangeException(nameof(minZoom), $"zooms {minZoom}–{maxZoom}: both 0–{VectorTileGrid.MaxZoom}, the first not above the last");
        }
        MinZoom = minZoom;
        MaxZoom = maxZoom;
        _ranges = Enumerable.Range(minZoom, maxZoom - minZoom + 1).Select(z => RangeOver(extent, z)).ToArray();
    }

    public int MinZoom { get; }

    public int MaxZoom { get; }

    /// <summary>The candidates at zoom <paramref name="z"/>.</summary>
    public TileRange Range(int z) => _ranges[z - MinZoom];

    /// <summary>How many candidates all zooms hold.</summary>
    public long Count => _ranges.Sum(r => r.Count);

    /// <summary>How many candidates lie inside the tile at the deeper zooms (the tile itself not counted).</summary>
    public long CountBelow(TileAddress tile)
    {
        long count = 0;
        for (var z = tile.Z + 1; z <= MaxZoom; z++)
        {
            var shift = z - tile.Z;
            var range = Range(z);
            var inside = new TileRange(z,
                Math.Max(range.MinX, tile.X << shift), Math.Min(range.MaxX, ((tile.X + 1) << shift) - 1),
                Math.Max(range.MinY, tile.Y << shift), Math.Min(range.MaxY, ((tile.Y + 1) << shift) - 1));
            count += inside.Count;
        }
        return count;
    }

    /// <summary>The candidates of the next zoom inside the tile (none below <see cref="MaxZoom"/>).</summary>
    public IEnumerable<TileAddress> Children(TileAddress tile)
    {
        if (tile.Z >= MaxZoom)
        {
            yield break;
        }
        var next = Range(tile.Z + 1);
        for (var y = 2 * tile.Y; y <= 2 * tile.Y + 1; y++)
        {
            for (var x = 2 * tile.X; x <= 2 * tile.X + 1; x++)
            {
                if (next.Contains(tile.Z + 1, x, y))
                {
                    yield return new TileAddress(tile.Z + 1, x, y);
                }
            }
        }
    }

    /// <summary>
    /// The tiles at <paramref name="z"/> whose buffered square meets the extent. The buffered square of a column has
    /// the same longitudes in every row (and a row the same latitudes in every column), so the tiles form a
    /// rectangle: its edges are found from an estimate by testing columns and rows with the server's own bounds.
    /// </summary>
    private static TileRange RangeOver(Envelope extent, int z)
    {
        var last = (int)((1L << z) - 1);
        var (westX, northY) = VectorTileThinning.WorldUnits(extent.MinX, Math.Min(extent.MaxY, 85.0511287798066), z);
        var (eastX, southY) = VectorTileThinning.WorldUnits(extent.MaxX, Math.Max(extent.MinY, -85.0511287798066), z);
        int Tile(double units) => (int)Math.Clamp(Math.Floor(units / VectorTileGrid.Extent), 0, last);
        bool ColumnMeets(int x)
        {
            var b = VectorTileGrid.BufferedLonLatBounds(z, x, 0);
            return b.MinX <= extent.MaxX && b.MaxX >= extent.MinX;
        }
        bool RowMeets(int y)
        {
            var b = VectorTileGrid.BufferedLonLatBounds(z, 0, y);
            return b.MinY <= extent.MaxY && b.MaxY >= extent.MinY;
        }
        var (minX, maxX, minY, maxY) = (Tile(westX), Tile(eastX), Tile(northY), Tile(southY));
        // The estimate holds the extent's own tiles; a neighbour may meet it with its buffer alone.
        while (minX > 0 && ColumnMeets(minX - 1))
        {
            minX--;
        }
        while (maxX < last && ColumnMeets(maxX + 1))
        {
            maxX++;
        }
        while (minY > 0 && RowMeets(minY - 1))
        {
            minY--;
        }
        while (maxY < last && RowMeets(maxY + 1))
        {
            maxY++;
        }
        return new TileRange(z, minX, maxX, minY, maxY);
    }
}
