using SkiaSharp;

namespace Huayang.Gis.Rendering.Drawing;

/// <summary>Point symbol outlines, centred on a pixel, of about <c>r</c> pixels radius.</summary>
internal static class Symbols
{
    public static SKPath Path(string shape, float x, float y, float r)
    {
        using var path = new SKPathBuilder();
        switch (shape)
        {
            case "square":
                path.AddRect(new SKRect(x - r * 0.85f, y - r * 0.85f, x + r * 0.85f, y + r * 0.85f));
                break;
            case "triangle":
                path.AddPoly(Regular(x, y + r * 0.2f, r * 1.2f, 3, -90), true);
                break;
            case "diamond":
                path.AddPoly(Regular(x, y, r * 1.15f, 4, -90), true);
                break;
            case "pentagon":
                path.AddPoly(Regular(x, y, r * 1.05f, 5, -90), true);
                break;
            case "hexagon":
                path.AddPoly(Regular(x, y, r * 1.0f, 6, 0), true);
                break;
            case "star":
                path.AddPoly(Star(x, y, r * 1.35f, r * 0.6f), true);
                break;
            case "cross":
                var a = r * 0.38f;
                var b = r * 0.95f;
                path.AddPoly(
                [
                    new(x - a, y - b), new(x + a, y - b), new(x + a, y - a), new(x + b, y - a), new(x + b, y + a), new(x + a, y + a),
                    new(x + a, y + b), new(x - a, y + b), new(x - a, y + a), new(x - b, y + a), new(x - b, y - a), new(x - a, y - a),
                ], true);
                break;
            default:
                path.AddCircle(x, y, r);
                break;
        }
        return path.Detach();
    }

    public static SKPoint[] Star(float x, float y, float outer, float inner)
    {
        var points = new SKPoint[10];
        for (var i = 0; i < 10; i++)
        {
            var radius = i % 2 == 0 ? outer : inner;
            var angle = (-90 + i * 36) * Math.PI / 180;
            points[i] = new SKPoint(x + radius * (float)Math.Cos(angle), y + radius * (float)Math.Sin(angle));
        }
        return points;
    }

    private static SKPoint[] Regular(float x, float y, float r, int sides, double startDegrees)
    {
        var points = new SKPoint[sides];
        for (var i = 0; i < sides; i++)
        {
            var angle = (startDegrees + i * 360.0 / sides) * Math.PI / 180;
            points[i] = new SKPoint(x + r * (float)Math.Cos(angle), y + r * (float)Math.Sin(angle));
        }
        return points;
    }
}
