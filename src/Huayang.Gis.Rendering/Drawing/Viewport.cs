using Huayang.Gis.Core.Crs;
using NetTopologySuite.Geometries;
using SkiaSharp;

namespace Huayang.Gis.Rendering.Drawing;

/// <summary>
/// The transform from lon/lat to the picture's pixels (through the request's CRS, in double precision) and the
/// clipping rectangle: the picture plus <see cref="Margin"/>, wider than any stroke, cap, symbol or dash drawn near the
/// edge, so that clipping shows nowhere. Geometry becomes Skia paths only after <see cref="PixelClipper"/> clipped it.
/// </summary>
internal sealed class Viewport
{
    private readonly MapRequest _request;
    private readonly double _unitsPerPixelX;
    private readonly double _unitsPerPixelY;
    private readonly PixelClipper _clipper;
    private readonly CancellationToken _cancellationToken;
    private readonly List<(double X, double Y)> _points = [];

    /// <param name="margin">Pixels beyond each edge that are still drawn.</param>
    /// <param name="cancellationToken">Checked per ring and line made into a path.</param>
    public Viewport(MapRequest request, float margin, CancellationToken cancellationToken)
    {
        _request = request;
        _cancellationToken = cancellationToken;
        _unitsPerPixelX = request.Bbox.Width / request.Width;
        _unitsPerPixelY = request.Bbox.Height / request.Height;
        Margin = margin;
        _clipper = new PixelClipper(-margin, -margin, request.Width + margin, request.Height + margin);
    }

    /// <summary>Pixels beyond each edge of the picture that are still drawn.</summary>
    public float Margin { get; }

    public int Width => _request.Width;

    public int Height => _request.Height;

    /// <summary>True when a pixel position lies within the picture plus the margin.</summary>
    public bool Contains(double x, double y) => _clipper.Contains(x, y);

    /// <summary>
    /// Metres on the ground per pixel across the middle of the picture: 100 pixels either way of the centre, taken to
    /// lon/lat and measured with the WGS84 ellipsoid's radii of curvature at their mean latitude (exact to well under
    /// 0.1% over such a span), along the vertical instead where the horizontal span has no length (a pole).
    /// </summary>
    public double MetresPerPixel()
    {
        var centre = _request.Bbox.Centre;
        var across = Ground(centre.X - 50 * _unitsPerPixelX, centre.Y, centre.X + 50 * _unitsPerPixelX, centre.Y);
        return across > 0 ? across / 100 : Ground(centre.X, centre.Y - 50 * _unitsPerPixelY, centre.X, centre.Y + 50 * _unitsPerPixelY) / 100;

        double Ground(double x0, double y0, double x1, double y1)
        {
            var (lon0, lat0) = CoordinateTransformer.Transform(x0, y0, _request.Crs, CrsId.Wgs84);
            var (lon1, lat1) = CoordinateTransformer.Transform(x1, y1, _request.Crs, CrsId.Wgs84);
            const double A = 6378137, E2 = 0.00669437999014;
            var phi = (lat0 + lat1) / 2 * Math.PI / 180;
            var w = 1 - E2 * Math.Sin(phi) * Math.Sin(phi);
            var meridian = A * (1 - E2) / (w * Math.Sqrt(w));
            var primeVertical = A / Math.Sqrt(w);
            var north = (lat1 - lat0) * Math.PI / 180 * meridian;
            var east = (lon1 - lon0) * Math.PI / 180 * primeVertical * Math.Cos(phi);
            return Math.Sqrt(north * north + east * east);
        }
    }

    /// <summary>The pixel of a lon/lat position, in double precision (it may lie far outside the picture).</summary>
    public (double X, double Y) PixelOf(Coordinate lonLat)
    {
        var (x, y) = CoordinateTransformer.Transform(lonLat.X, lonLat.Y, CrsId.Wgs84, _request.Crs);
        return ((x - _request.Bbox.MinX) / _unitsPerPixelX, (_request.Bbox.MaxY - y) / _unitsPerPixelY);
    }

    public SKPoint Pixel(Coordinate lonLat)
    {
        var (x, y) = PixelOf(lonLat);
        return new SKPoint((float)x, (float)y);
    }

    /// <summary>The pixel of a position within the picture plus the margin, or null.</summary>
    public SKPoint? Visible(Coordinate lonLat)
    {
        var (x, y) = PixelOf(lonLat);
        return _clipper.Contains(x, y) ? new SKPoint((float)x, (float)y) : null;
    }

    public SKPath ToPath(Geometry geometry)
    {
        using var path = new SKPathBuilder { FillType = SKPathFillType.EvenOdd };
        Append(path, geometry);
        return path.Detach();
    }

    private void Append(SKPathBuilder path, Geometry geometry)
    {
        switch (geometry)
        {
            case Polygon polygon:
                AppendRing(path, polygon.ExteriorRing.Coordinates, true);
                foreach (var hole in polygon.InteriorRings)
                {
                    AppendRing(path, hole.Coordinates, true);
                }
                break;
            case LineString line:
                AppendRing(path, line.Coordinates, false);
                break;
            case GeometryCollection collection:
                for (var i = 0; i < collection.NumGeometries; i++)
                {
                    Append(path, collection.GetGeometryN(i));
                }
                break;
        }
    }

    private void AppendRing(SKPathBuilder path, Coordinate[] coordinates, bool close)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        if (coordinates.Length < 2)
        {
            return;
        }
        _points.Clear();
        foreach (var coordinate in coordinates)
        {
            _points.Add(PixelOf(coordinate));
        }
        if (close)
        {
            _clipper.AddRing(path, _points);
        }
        else
        {
            _clipper.AddLine(path, _points);
        }
    }
}
