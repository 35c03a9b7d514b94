using Huayang.Gis.Core.Crs;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Utilities;
using NetTopologySuite.Precision;
using NetTopologySuite.Simplify;

namespace Huayang.Gis.Core.Tiles;

/// <summary>
/// Turns lon/lat geometry into the integer coordinates of one tile the way PostGIS 3.3's
/// <c>ST_AsMVTGeom(geom, ST_TileEnvelope(z, x, y), 4096, 64, true)</c> does: project to EPSG:3857, scale to
/// tile units (x east, y down, the tile from 0 to <see cref="VectorTileGrid.Extent"/>), simplify
/// (Douglas-Peucker) with a tolerance of half a unit, snap to integers, clip to the
/// tile plus its buffer (its edge included), snap again, and drop what collapses (points outside, lines
/// without length, polygons without area). An invalid polygon is made valid first (every lobe of a self-crossing
/// ring kept). Lines and polygons less than a unit across may still be kept by one
/// and dropped by the other: PostGIS has further rules for them that are not reproduced here. With a
/// tolerance (a thinning level above 0), lines and polygons are first simplified topology-preserving with it,
/// as PostGIS's <c>ST_SimplifyPreserveTopology</c> does before <c>ST_AsMVTGeom</c>.
/// </summary>
internal sealed class TileGeometryClipper
{
    private static readonly PrecisionModel IntegerGrid = new(1.0);

    /// <summary>Detail below half a tile unit is not kept (PostGIS simplifies with the same tolerance).</summary>
    private const double HalfUnit = 0.5;

    private readonly Envelope _mercator;
    private readonly double _scale;
    private readonly Envelope _clip;
    private readonly Geometry _clipBox;
    private readonly GeometryFactory _factory = new(IntegerGrid);

    private readonly double _toleranceUnits;

    /// <param name="toleranceUnits">Topology-preserving simplification before cutting, in tile units; 0 for none.</param>
    public TileGeometryClipper(int z, int x, int y, double toleranceUnits = 0)
    {
        _toleranceUnits = toleranceUnits;
        _mercator = VectorTileGrid.MercatorBounds(z, x, y);
        _scale = VectorTileGrid.Extent / _mercator.Width;
        _clip = new Envelope(-VectorTileGrid.Buffer, VectorTileGrid.Extent + VectorTileGrid.Buffer,
            -VectorTileGrid.Buffer, VectorTileGrid.Extent + VectorTileGrid.Buffer);
        _clipBox = GeometryFactory.Floating.ToGeometry(_clip);
    }

    /// <summary>The geometry in tile units, or null when nothing of it is left in the buffered tile.</summary>
    public Geometry? ToTile(Geometry lonLat)
    {
        ArgumentNullException.ThrowIfNull(lonLat);
        if (lonLat.IsEmpty)
        {
            return null;
        }
        var tile = CoordinateTransformer.Transform(lonLat, CrsId.Wgs84, CrsId.WebMercator);
        tile.Apply(new ToTileUnits(_mercator.MinX, _mercator.MaxY, _scale));
        tile.GeometryChanged();
        if (_toleranceUnits > 0 && tile is not IPuntal)
        {
            tile = TopologyPreservingSimplifier.Simplify(tile, _toleranceUnits);
        }
        return tile switch
        {
            IPuntal => Points(tile),
            ILineal => Lines(tile),
            IPolygonal => Polygons(tile),
            _ => null,
        };
    }

    private Geometry? Points(Geometry tile)
    {
        var kept = new List<Point>();
        var seen = new HashSet<(double, double)>();
        for (var i = 0; i < tile.NumGeometries; i++)
        {
            var point = (Point)tile.GetGeometryN(i);
            if (point.IsEmpty)
            {
                continue;
            }
            var (px, py) = (Snap(point.X), Snap(point.Y));
            if (_clip.Contains(px, py) && seen.Add((px, py)))
            {
                kept.Add(_factory.CreatePoint(new Coordinate(px, py)));
            }
        }
        return kept.Count switch
        {
            0 => null,
            1 => kept[0],
            _ => _factory.CreateMultiPoint(kept.ToArray()),
        };
    }

    private Geometry? Lines(Geometry tile)
    {
        var simplified = new List<LineString>();
        for (var i = 0; i < tile.NumGeometries; i++)
        {
            if (tile.GetGeometryN(i) is LineString { IsEmpty: false } line
                && SnapLine((LineString)DouglasPeuckerSimplifier.Simplify(line, HalfUnit)) is { } snapped)
            {
                simplified.Add(snapped);
            }
        }
        if (simplified.Count == 0)
        {
            return null;
        }
        Geometry lines = simplified.Count == 1 ? simplified[0] : _factory.CreateMultiLineString(simplified.ToArray());
        var clipped = _clip.Contains(lines.EnvelopeInternal) ? lines : lines.Intersection(_clipBox);
        var kept = new List<LineString>();
        for (var i = 0; i < clipped.NumGeometries; i++)
        {
            if (clipped.GetGeometryN(i) is LineString line && SnapLine(line) is { } snapped)
            {
                kept.Add(snapped);
            }
        }
        return kept.Count switch
        {
            0 => null,
            1 => kept[0],
            _ => _factory.CreateMultiLineString(kept.ToArray()),
        };
    }

    /// <summary>The line snapped to integers without repeated points, or null when fewer than two are left.</summary>
    private LineString? SnapLine(LineString line)
    {
        var snapped = new List<Coordinate>(line.NumPoints);
        foreach (var c in line.Coordinates)
        {
            var s = new Coordinate(Snap(c.X), Snap(c.Y));
            if (snapped.Count == 0 || !snapped[^1].Equals2D(s))
            {
                snapped.Add(s);
            }
        }
        return snapped.Count >= 2 ? _factory.CreateLineString(snapped.ToArray()) : null;
    }

    private Geometry? Polygons(Geometry tile)
    {
        // An invalid polygon (a ring crossing itself) is repaired first, as PostGIS makes it valid: the simplifier's
        // own repair (a zero buffer) would silently keep only one lobe of a figure eight.
        if (!tile.IsValid)
        {
            tile = GeometryFixer.Fix(tile);
        }
        var simplified = DouglasPeuckerSimplifier.Simplify(tile, HalfUnit);
        if (simplified.IsEmpty)
        {
            return null;
        }
        var snappedFirst = GeometryPrecisionReducer.Reduce(simplified, IntegerGrid);
        var clipped = _clip.Contains(snappedFirst.EnvelopeInternal) ? snappedFirst : snappedFirst.Intersection(_clipBox);
        var polygons = new List<Polygon>();
        for (var i = 0; i < clipped.NumGeometries; i++)
        {
            if (clipped.GetGeometryN(i) is Polygon { IsEmpty: false } polygon)
            {
                polygons.Add(polygon);
            }
        }
        if (polygons.Count == 0)
        {
            return null;
        }
        // Snap rounding keeps the result valid: rings that touch after snapping are merged or split, not crossed.
        var snapped = GeometryPrecisionReducer.Reduce(_factory.CreateMultiPolygon(polygons.ToArray()), IntegerGrid);
        var kept = new List<Polygon>();
        for (var i = 0; i < snapped.NumGeometries; i++)
        {
            if (snapped.GetGeometryN(i) is Polygon { IsEmpty: false } polygon && polygon.Area > 0)
            {
                kept.Add(polygon);
            }
        }
        return kept.Count switch
        {
            0 => null,
            1 => kept[0],
            _ => _factory.CreateMultiPolygon(kept.ToArray()),
        };
    }

    /// <summary>To the nearest integer, halves to even, as PostGIS's grid snapping (<c>rint</c>) does.</summary>
    private static double Snap(double value) => Math.Round(value, MidpointRounding.ToEven);

    /// <summary>EPSG:3857 metres to tile units: x from the tile's west edge, y down from its north edge.</summary>
    private sealed class ToTileUnits(double west, double north, double scale) : IEntireCoordinateSequenceFilter
    {
        public bool Done => false;

        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq)
        {
            for (var i = 0; i < seq.Count; i++)
            {
                seq.SetX(i, (seq.GetX(i) - west) * scale);
                seq.SetY(i, (north - seq.GetY(i)) * scale);
            }
        }
    }
}
