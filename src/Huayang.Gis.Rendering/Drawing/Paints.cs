using SkiaSharp;

namespace Huayang.Gis.Rendering.Drawing;

/// <summary>The paints every painter and the legend make: antialiased fills and round-joined strokes.</summary>
internal static class Paints
{
    public static SKPaint Stroke(SKColor colour, float width) =>
        new() { Color = colour, Style = SKPaintStyle.Stroke, StrokeWidth = width, IsAntialias = true, StrokeJoin = SKStrokeJoin.Round };

    public static SKPaint Fill(SKColor colour) => new() { Color = colour, Style = SKPaintStyle.Fill, IsAntialias = true };
}
