using NetTopologySuite.Geometries;

namespace Huayang.Gis.Core.Analysis;

/// <summary>
/// Sites (EPSG:4544 metres) hashed into square buckets at least as wide as a radius, held as flat arrays over the sites'
/// extent: "is any site within the radius of this point?" looks in the point's bucket and its eight neighbours and
/// stops at the first site found; "how far is the nearest site?" searches rings of buckets outwards. Both are exact:
/// the same tests (distance ≤ radius, the least distance) as comparing every site, without doing so.
/// </summary>
internal sealed class SiteGrid
{
    /// <summary>At most this many buckets; beyond it the buckets are widened (a sparse set of sites over a large area).</summary>
    internal const int MaxBuckets = 1 << 22;

    private readonly double _radius;
    private readonly double _size;
    private readonly double _minX;
    private readonly double _minY;
    private readonly int _columns;
    private readonly int _rows;
    private readonly int[] _first;
    private readonly double[] _x;
    private readonly double[] _y;

    /// <param name="sites">The sites' positions in metres.</param>
    /// <param name="radius">The radius of <see cref="AnyWithin(double, double)"/> in metres, at least 0.</param>
    public SiteGrid(IReadOnlyList<Coordinate> sites, double radius)
    {
        _radius = radius;
        if (sites.Count == 0)
        {
            (_size, _columns, _rows, _first, _x, _y) = (1, 0, 0, [0], [], []);
            return;
        }

        var extent = new Envelope();
        foreach (var site in sites)
        {
            extent.ExpandToInclude(site);
        }

        (_minX, _minY) = (extent.MinX, extent.MinY);
        _size = Math.Max(radius, 1);
        while ((Math.Floor(extent.Width / _size) + 1) * (Math.Floor(extent.Height / _size) + 1) > MaxBuckets)
        {
            _size *= 2;
        }

        _columns = (int)Math.Floor(extent.Width / _size) + 1;
        _rows = (int)Math.Floor(extent.Height / _size) + 1;
        // Counting sort of the sites by bucket: bucket b's sites are _x/_y[_first[b] .. _first[b + 1]).
        var bucketOf = new int[sites.Count];
        _first = new int[_columns * _rows + 1];
        for (var i = 0; i < sites.Count; i++)
        {
            var (column, row) = Bucket(sites[i]);
            bucketOf[i] = row * _columns + column;
            _first[bucketOf[i] + 1]++;
        }

        for (var b = 0; b < _columns * _rows; b++)
        {
            _first[b + 1] += _first[b];
        }

        var fill = (int[])_first.Clone();
        _x = new double[sites.Count];
        _y = new double[sites.Count];
        for (var i = 0; i < sites.Count; i++)
        {
            var slot = fill[bucketOf[i]]++;
            (_x[slot], _y[slot]) = (sites[i].X, sites[i].Y);
        }
    }

    /// <summary>Whether any site is within the radius (inclusive) of <paramref name="point"/>.</summary>
    public bool AnyWithin(Coordinate point) => AnyWithin(point.X, point.Y);

    /// <summary>Whether any site is within the radius (inclusive) of the point (<paramref name="x"/>, <paramref name="y"/>) in metres.</summary>
    public bool AnyWithin(double x, double y)
    {
        if (_x.Length == 0)
        {
            return false;
        }

        var (column, row) = Bucket(x, y);
        for (var r = Math.Max(row - 1, 0); r <= Math.Min(row + 1, _rows - 1); r++)
        {
            for (var c = Math.Max(column - 1, 0); c <= Math.Min(column + 1, _columns - 1); c++)
            {
                var bucket = r * _columns + c;
                for (var i = _first[bucket]; i < _first[bucket + 1]; i++)
                {
                    var dx = _x[i] - x;
                    var dy = _y[i] - y;
                    if (Math.Sqrt(dx * dx + dy * dy) <= _radius)
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    /// <summary>Metres from <paramref name="point"/> to the nearest site, or null when there are none.</summary>
    public double? NearestDistance(Coordinate point)
    {
        if (_x.Length == 0)
        {
            return null;
        }

        var (column, row) = Bucket(point);
        // A site in ring k (buckets k steps away in the larger of the two directions) is at least (k − 1) bucket widths
        // away, so once the best distance is within k − 1 widths no farther ring can hold a nearer site. Rings before
        // the first that meets the grid are empty and skipped.
        var start = Math.Max(Math.Max(-column, column - (_columns - 1)), Math.Max(-row, row - (_rows - 1)));
        var last = Math.Max(Math.Max(column, _columns - 1 - column), Math.Max(row, _rows - 1 - row));
        var best2 = double.PositiveInfinity;
        for (var k = Math.Max(start, 0); k <= last; k++)
        {
            var reach = (k - 1) * _size;
            if (k > 0 && reach > 0 && best2 <= reach * reach)
            {
                break;
            }

            for (var r = Math.Max(row - k, 0); r <= Math.Min(row + k, _rows - 1); r++)
            {
                var edgeRow = r == row - k || r == row + k;
                for (var c = Math.Max(column - k, 0); c <= Math.Min(column + k, _columns - 1); c += edgeRow || k == 0 ? 1 : 2 * k)
                {
                    if (!edgeRow && c != column - k && c != column + k)
                    {
                        // Inside the ring on a middle row: jump to its right-hand bucket.
                        c = column + k;
                        if (c > _columns - 1)
                        {
                            break;
                        }
                    }

                    var bucket = r * _columns + c;
                    for (var i = _first[bucket]; i < _first[bucket + 1]; i++)
                    {
                        var dx = _x[i] - point.X;
                        var dy = _y[i] - point.Y;
                        best2 = Math.Min(best2, dx * dx + dy * dy);
                    }
                }
            }
        }

        return Math.Sqrt(best2);
    }

    /// <summary>The bucket's column and row, which lie outside the grid for a point outside the sites' extent.</summary>
    private (int Column, int Row) Bucket(Coordinate c) => Bucket(c.X, c.Y);

    private (int Column, int Row) Bucket(double x, double y) => (
        (int)Math.Clamp(Math.Floor((x - _minX) / _size), int.MinValue / 4, int.MaxValue / 4),
        (int)Math.Clamp(Math.Floor((y - _minY) / _size), int.MinValue / 4, int.MaxValue / 4));
}
