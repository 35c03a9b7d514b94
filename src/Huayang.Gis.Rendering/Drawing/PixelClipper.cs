using SkiaSharp;

namespace Huayang.Gis.Rendering.Drawing;

/// <summary>
/// Clips rings and lines, in pixel coordinates kept as doubles, to a rectangle (the picture plus a margin) before they
/// become Skia's float points, so that a path never holds more than the picture shows, whatever the box's scale.
/// </summary>
/// <remarks>
/// Rings are clipped with Sutherland–Hodgman: the result is one ring, which may run along the rectangle's edges where
/// the input left it (outside the picture when the margin is wider than the strokes). Lines are clipped segment by
/// segment (Liang–Barsky) into as many pieces as stay inside. A ring or line already inside is passed unchanged, with
/// its vertices in the same order. Work is linear in the vertices.
/// </remarks>
internal sealed class PixelClipper(double minX, double minY, double maxX, double maxY)
{
    private readonly List<(double X, double Y)> _a = [];
    private readonly List<(double X, double Y)> _b = [];

    public bool Contains(double x, double y) => x >= minX && x <= maxX && y >= minY && y <= maxY;

    /// <summary>Adds the closed ring (first point not repeated at the end needed) clipped to the rectangle.</summary>
    public void AddRing(SKPathBuilder path, IReadOnlyList<(double X, double Y)> ring)
    {
        if (ring.Count < 3 || Outside(ring, out var inside))
        {
            return;
        }
        IReadOnlyList<(double X, double Y)> clipped = ring;
        if (!inside)
        {
            _a.Clear();
            _a.AddRange(ring);
            ClipEdge(_a, _b, p => p.X >= minX, (p, q) => AtX(p, q, minX));
            ClipEdge(_b, _a, p => p.X <= maxX, (p, q) => AtX(p, q, maxX));
            ClipEdge(_a, _b, p => p.Y >= minY, (p, q) => AtY(p, q, minY));
            ClipEdge(_b, _a, p => p.Y <= maxY, (p, q) => AtY(p, q, maxY));
            clipped = _a;
        }
        if (clipped.Count < 3)
        {
            return;
        }
        path.MoveTo(Point(clipped[0]));
        for (var i = 1; i < clipped.Count; i++)
        {
            path.LineTo(Point(clipped[i]));
        }
        path.Close();
    }

    /// <summary>Adds the pieces of the open line that lie inside the rectangle.</summary>
    public void AddLine(SKPathBuilder path, IReadOnlyList<(double X, double Y)> line)
    {
        if (line.Count < 2 || Outside(line, out var inside))
        {
            return;
        }
        if (inside)
        {
            path.MoveTo(Point(line[0]));
            for (var i = 1; i < line.Count; i++)
            {
                path.LineTo(Point(line[i]));
            }
            return;
        }
        var open = false;
        for (var i = 1; i < line.Count; i++)
        {
            var (p, q) = (line[i - 1], line[i]);
            if (!ClipSegment(ref p, ref q, out var startClipped, out var endClipped))
            {
                open = false;
                continue;
            }
            if (!open || startClipped)
            {
                path.MoveTo(Point(p));
            }
            path.LineTo(Point(q));
            open = !endClipped;
        }
    }

    /// <summary>True when the points' box misses the rectangle; <paramref name="inside"/> when it lies within it.</summary>
    private bool Outside(IReadOnlyList<(double X, double Y)> points, out bool inside)
    {
        double x0 = double.PositiveInfinity, y0 = double.PositiveInfinity, x1 = double.NegativeInfinity, y1 = double.NegativeInfinity;
        foreach (var (x, y) in points)
        {
            (x0, x1) = (Math.Min(x0, x), Math.Max(x1, x));
            (y0, y1) = (Math.Min(y0, y), Math.Max(y1, y));
        }
        inside = x0 >= minX && x1 <= maxX && y0 >= minY && y1 <= maxY;
        // NaN coordinates (a position that did not project) compare false everywhere: such a geometry is left out.
        return !(x1 >= minX && x0 <= maxX && y1 >= minY && y0 <= maxY);
    }

    private static void ClipEdge(
        List<(double X, double Y)> input, List<(double X, double Y)> output,
        Func<(double X, double Y), bool> keep, Func<(double X, double Y), (double X, double Y), (double X, double Y)> cross)
    {
        output.Clear();
        if (input.Count == 0)
        {
            return;
        }
        var previous = input[^1];
        var previousIn = keep(previous);
        foreach (var current in input)
        {
            var currentIn = keep(current);
            if (currentIn != previousIn)
            {
                output.Add(cross(previous, current));
            }
            if (currentIn)
            {
                output.Add(current);
            }
            (previous, previousIn) = (current, currentIn);
        }
    }

    private static (double X, double Y) AtX((double X, double Y) p, (double X, double Y) q, double x) =>
        (x, p.Y + (q.Y - p.Y) * (x - p.X) / (q.X - p.X));

    private static (double X, double Y) AtY((double X, double Y) p, (double X, double Y) q, double y) =>
        (p.X + (q.X - p.X) * (y - p.Y) / (q.Y - p.Y), y);

    /// <summary>Liang–Barsky: shortens the segment to the rectangle; false when nothing of it is inside.</summary>
    private bool ClipSegment(ref (double X, double Y) p, ref (double X, double Y) q, out bool startClipped, out bool endClipped)
    {
        startClipped = endClipped = false;
        var (dx, dy) = (q.X - p.X, q.Y - p.Y);
        double t0 = 0, t1 = 1;
        if (!Edge(-dx, p.X - minX, ref t0, ref t1) || !Edge(dx, maxX - p.X, ref t0, ref t1)
            || !Edge(-dy, p.Y - minY, ref t0, ref t1) || !Edge(dy, maxY - p.Y, ref t0, ref t1))
        {
            return false;
        }
        var start = p;
        if (t1 < 1)
        {
            q = (start.X + t1 * dx, start.Y + t1 * dy);
            endClipped = true;
        }
        if (t0 > 0)
        {
            p = (start.X + t0 * dx, start.Y + t0 * dy);
            startClipped = true;
        }
        return true;

        static bool Edge(double denominator, double numerator, ref double t0, ref double t1)
        {
            if (denominator == 0)
            {
                return numerator >= 0;
            }
            var t = numerator / denominator;
            if (denominator < 0)
            {
                if (t > t1)
                {
                    return false;
                }
                t0 = Math.Max(t0, t);
            }
            else
            {
                if (t < t0)
                {
                    return false;
                }
                t1 = Math.Min(t1, t);
            }
            return true;
        }
    }

    private static SKPoint Point((double X, double Y) p) => new((float)p.X, (float)p.Y);
}
