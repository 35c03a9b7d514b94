using NetTopologySuite.Geometries;

namespace Huayang.Gis.Core.Crs;

/// <summary>
/// Transforms coordinates, geometries and envelopes between the CRSs in <see cref="CrsId.Supported"/>.
/// </summary>
/// <remarks>
/// <para>
/// Axis order is always x = longitude or easting, y = latitude or northing, whatever the
/// official EPSG axis order (EPSG:4326 and 4490 are officially latitude first, EPSG:4544
/// northing first). Degrees for geographic CRSs, metres for projected ones.
/// </para>
/// <para>
/// Every transformation goes through WGS84 longitude, latitude. WGS84, CRS84 and CGCS2000 are
/// treated as the same datum: they differ by centimetres, and PROJ's cs2cs also carries
/// EPSG:4326 coordinates into EPSG:4490 unchanged. GCJ-02 and BD-09 go through
/// <see cref="ChineseWebCoordinates"/>. The projections are ProjNET's, built once and shared;
/// they agree with PROJ's cs2cs to better than a millimetre (see the reference tests). All
/// members are thread-safe.
/// </para>
/// <para>
/// A position ProjNET cannot compute at all (a pole in Web Mercator; an EPSG:4544 northing of
/// 10¹² m, whose inverse projection does not converge) throws
/// <see cref="ArgumentOutOfRangeException"/> naming the position and both CRSs, never ProjNET's
/// own exception. Far outside a projection's area of use the transverse Mercator series still
/// return finite coordinates, but meaningless ones: callers that take boxes from users check
/// them against the CRS's area first (the map pictures do). Z and M ordinates are copied unchanged.
/// </para>
/// </remarks>
public static class CoordinateTransformer
{
    /// <summary>Transforms one position, in x, y order.</summary>
    /// <exception cref="ArgumentException"><paramref name="from"/> or <paramref name="to"/> is <c>default(CrsId)</c>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The position cannot be transformed (see the remarks).</exception>
    public static (double X, double Y) Transform(double x, double y, CrsId from, CrsId to)
    {
        var source = Wgs84Conversion.For(from, nameof(from));
        var target = Wgs84Conversion.For(to, nameof(to));
        if (source != target)
        {
            Convert(source, target, ref x, ref y, from, to);
        }

        return (x, y);
    }

    /// <summary>One position through WGS84, with ProjNET's failures turned into a clear argument error.</summary>
    private static void Convert(Wgs84Conversion source, Wgs84Conversion target, ref double x, ref double y, CrsId from, CrsId to)
    {
        var (x0, y0) = (x, y);
        try
        {
            source.ToWgs84(ref x, ref y);
            target.FromWgs84(ref x, ref y);
        }
        // ProjNET throws InvalidOperationException ("No convergence") from its inverse series and
        // ArgumentException ("cannot be computed at the poles") from Mercator; nothing else is caught.
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or ArithmeticException)
        {
            throw new ArgumentOutOfRangeException(
                FormattableString.Invariant($"({x0}, {y0}) in {from} cannot be transformed to {to}: {e.Message}"), e);
        }
    }

    /// <summary>
    /// Returns a transformed copy of <paramref name="geometry"/> (the input is not changed) whose
    /// SRID is <c>to.Srid</c>: 4326 for CRS84, 0 for GCJ-02 and BD-09.
    /// </summary>
    /// <remarks>
    /// <paramref name="from"/> says what the coordinates are. A geometry with SRID 0 or -1
    /// (unknown; NetTopologySuite's WKT reader gives -1) is taken to be in it; so is any geometry
    /// when <paramref name="from"/> is GCJ-02 or BD-09, since shifted coordinates are often
    /// stored under SRID 4326. Any other mismatch (a geometry labelled 4544
    /// passed as WGS84, which would be projected twice) throws. The copy keeps the input's
    /// precision model and coordinate sequence factory; a fixed precision model in degrees makes
    /// no sense in metres, so give such geometries a floating one first. Empty geometries, and
    /// empty parts of collections, come back empty.
    /// </remarks>
    /// <exception cref="ArgumentException">The geometry's SRID contradicts <paramref name="from"/>, or a CRS is <c>default</c>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A position cannot be transformed (see the class remarks).</exception>
    public static Geometry Transform(Geometry geometry, CrsId from, CrsId to)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        var source = Wgs84Conversion.For(from, nameof(from));
        var target = Wgs84Conversion.For(to, nameof(to));
        if (geometry.SRID > 0 && from.Srid != 0 && geometry.SRID != from.Srid)
        {
            throw new ArgumentException(
                $"The geometry has SRID {geometry.SRID} but is being transformed from {from} (SRID {from.Srid}).",
                nameof(geometry));
        }

        var result = geometry.Copy();
        if (source != target)
        {
            result.Apply(new TransformFilter(source, target, from, to));
            result.GeometryChanged();
        }

        result.SRID = to.Srid;
        return result;
    }

    /// <summary>
    /// Transforms an envelope into one that contains the transformed box. Each edge is cut into
    /// at least 64 segments, no longer than 0.01° (or 1 km) up to 4,096 per edge, and the
    /// transformed ends and midpoints of all segments are enclosed. The result is then widened by
    /// the largest gap between a transformed midpoint and the chord of its segment, which bounds
    /// what the samples can miss where an edge bends (projections; the ripples of GCJ-02 and
    /// BD-09, tens of metres high and 0.12–0.33° long). A null envelope gives a null envelope.
    /// </summary>
    /// <remarks>Transform a request's bbox into a layer's CRS this way before querying its spatial index.</remarks>
    /// <exception cref="ArgumentException"><paramref name="from"/> or <paramref name="to"/> is <c>default(CrsId)</c>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A sample of an edge cannot be transformed (see the class remarks).</exception>
    public static Envelope Transform(Envelope envelope, CrsId from, CrsId to)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        var source = Wgs84Conversion.For(from, nameof(from));
        var target = Wgs84Conversion.For(to, nameof(to));
        if (envelope.IsNull)
        {
            return new Envelope();
        }

        if (source == target)
        {
            return envelope.Copy();
        }

        var step = from.IsGeographic ? 0.01 : 1000.0;
        var segments = (int)Math.Clamp(Math.Ceiling(Math.Max(envelope.Width, envelope.Height) / step), 64, 4096);
        var edges = new EdgeSampler(source, target, from, to, segments);
        edges.Sample(envelope.MinX, envelope.MinY, envelope.MaxX, envelope.MinY);
        edges.Sample(envelope.MaxX, envelope.MinY, envelope.MaxX, envelope.MaxY);
        edges.Sample(envelope.MaxX, envelope.MaxY, envelope.MinX, envelope.MaxY);
        edges.Sample(envelope.MinX, envelope.MaxY, envelope.MinX, envelope.MinY);
        return edges.Result();
    }

    /// <summary>Encloses transformed samples of straight edges and tracks how far they bend.</summary>
    private sealed class EdgeSampler(Wgs84Conversion source, Wgs84Conversion target, CrsId from, CrsId to, int segments)
    {
        private readonly Envelope _envelope = new();
        private double _bendX;
        private double _bendY;

        public void Sample(double x0, double y0, double x1, double y1)
        {
            var (ax, ay) = At(0);
            for (var k = 1; k <= segments; k++)
            {
                var (mx, my) = At(2 * k - 1);
                var (bx, by) = At(2 * k);
                _bendX = Math.Max(_bendX, Math.Abs(mx - (ax + bx) / 2));
                _bendY = Math.Max(_bendY, Math.Abs(my - (ay + by) / 2));
                (ax, ay) = (bx, by);
            }

            (double X, double Y) At(int i)
            {
                var n = 2 * segments;
                // The last sample is exactly the end, not x0 + (x1 - x0) rounded.
                var x = i == n ? x1 : x0 + (x1 - x0) * i / n;
                var y = i == n ? y1 : y0 + (y1 - y0) * i / n;
                Convert(source, target, ref x, ref y, from, to);
                _envelope.ExpandToInclude(x, y);
                return (x, y);
            }
        }

        public Envelope Result()
        {
            var result = _envelope.Copy();
            result.ExpandBy(_bendX, _bendY);
            return result;
        }
    }

    /// <summary>Transforms every coordinate sequence of a geometry in place.</summary>
    private sealed class TransformFilter(Wgs84Conversion source, Wgs84Conversion target, CrsId from, CrsId to) : IEntireCoordinateSequenceFilter
    {
        public bool Done => false;

        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq)
        {
            for (var i = 0; i < seq.Count; i++)
            {
                var x = seq.GetX(i);
                var y = seq.GetY(i);
                Convert(source, target, ref x, ref y, from, to);
                seq.SetX(i, x);
                seq.SetY(i, y);
            }
        }
    }
}
