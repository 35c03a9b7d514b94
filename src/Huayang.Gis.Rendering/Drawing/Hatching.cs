using SkiaSharp;

namespace Huayang.Gis.Rendering.Drawing;

/// <summary>
/// The lines of a diagonal hatch: x + y = k·spacing (forward, "/") or x − y = k·spacing ("\"), on a grid fixed to the
/// picture so that neighbouring areas line up, across the part of an area's bounds that is inside the picture.
/// </summary>
/// <remarks>
/// The line index k is an integer and each line is computed from it in double precision, so the lines advance at any
/// pixel coordinate (a float accumulator stops moving once its step is below half a unit in the last place), and
/// there are at most (visible width + visible height) / spacing + 2 of them, whatever the area's size.
/// </remarks>
internal static class Hatching
{
    /// <summary>The lines (ends on the visible rectangle's top and bottom edges) hatching <paramref name="bounds"/> within <paramref name="picture"/>.</summary>
    /// <param name="margin">How far past the picture lines are still drawn (half the line width is enough).</param>
    public static IEnumerable<(SKPoint From, SKPoint To)> Lines(SKRect bounds, SKRect picture, float spacing, bool forward, float margin = 2)
    {
        if (!(spacing > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(spacing), spacing, "the spacing must be positive");
        }
        var visible = SKRect.Intersect(bounds, SKRect.Inflate(picture, margin, margin));
        if (visible.IsEmpty || !(visible.Width > 0) || !(visible.Height > 0))
        {
            yield break;
        }
        double left = visible.Left, top = visible.Top, right = visible.Right, bottom = visible.Bottom;
        var (low, high) = forward ? (left + top, right + bottom) : (left - bottom, right - top);
        var first = (long)Math.Floor(low / spacing);
        var last = (long)Math.Ceiling(high / spacing);
        for (var k = first; k <= last; k++)
        {
            var c = k * (double)spacing;
            yield return forward
                ? (new SKPoint((float)(c - bottom), (float)bottom), new SKPoint((float)(c - top), (float)top))
                : (new SKPoint((float)(c + top), (float)top), new SKPoint((float)(c + bottom), (float)bottom));
        }
    }
}
