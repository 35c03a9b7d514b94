using System.Collections.Concurrent;
using System.Text.Json;
using Huayang.Gis.Rendering.Styles;
using SkiaSharp;

namespace Huayang.Gis.Rendering.Drawing;

/// <summary>
/// The icons of a MapLibre style's <c>sprite</c>, drawn by the renderer's own painters from the style table: each site
/// category filled (<c>site-{category}</c>) and hollow (<c>site-{category}-planned</c>), the default symbol
/// (<c>site-default</c>), and the plan's two points (<c>plan-point-star</c>, <c>plan-point-target</c>). One sheet per
/// pixel ratio: a PNG and its JSON index (x, y, width, height, pixelRatio per icon).
/// </summary>
public static class MapSprites
{
    private static readonly ConcurrentDictionary<int, Lazy<(byte[] Png, string Json)>> Sheets = new();

    /// <summary>The names of the site icons for a category, filled and planned.</summary>
    public static (string Existing, string Planned) SiteIcons(string category) => ($"site-{category}", $"site-{category}-planned");

    /// <summary>The sheet at 1× or 2×.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="pixelRatio"/> is not 1 or 2.</exception>
    public static (byte[] Png, string Json) Sheet(int pixelRatio)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pixelRatio, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pixelRatio, 2);
        return Sheets.GetOrAdd(pixelRatio, ratio => new Lazy<(byte[], string)>(() => Build(MapStyle.Default, ratio))).Value;
    }

    private static (byte[] Png, string Json) Build(MapStyle style, int ratio)
    {
        var icons = new List<(string Name, int Size, Action<SKCanvas, SKPoint, float> Draw)>();
        var siteR = style.Sites.Radius * ratio;
        var siteSize = (int)Math.Ceiling(2 * (siteR + style.Sites.PlannedOutlineWidth * ratio + ratio));
        foreach (var (category, symbol) in style.Sites.Categories.Append(new("default", style.Sites.Default)))
        {
            var (existing, planned) = SiteIcons(category);
            icons.Add((existing, siteSize, (c, at, s) => MapDrawing.SiteSymbol(c, style, s, at, siteR, symbol, false)));
            icons.Add((planned, siteSize, (c, at, s) => MapDrawing.SiteSymbol(c, style, s, at, siteR, symbol, true)));
        }
        var pointR = style.Plan.Point.Radius * ratio;
        var pointSize = (int)Math.Ceiling(2 * (pointR * 1.05f + style.Plan.Point.RingWidth * ratio + ratio));
        var colour = MapStyle.Color(style.Plan.Point.Color);
        icons.Add(("plan-point-star", pointSize, (c, at, s) => MapDrawing.PlanPoint(c, style, s, at, pointR, colour, true)));
        icons.Add(("plan-point-target", pointSize, (c, at, s) => MapDrawing.PlanPoint(c, style, s, at, pointR, colour, false)));

        // One row per size class, left to right.
        var width = icons.Where(i => i.Size == siteSize).Sum(i => i.Size);
        var height = siteSize + pointSize;
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(SKColors.Transparent);
        using var index = new MemoryStream();
        using (var json = new Utf8JsonWriter(index, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            int x = 0, y = 0, rowSize = siteSize;
            foreach (var (name, size, draw) in icons)
            {
                if (size != rowSize)
                {
                    x = 0;
                    y += rowSize;
                    rowSize = size;
                }
                draw(canvas, new SKPoint(x + size / 2f, y + size / 2f), ratio);
                json.WriteStartObject(name);
                json.WriteNumber("x", x);
                json.WriteNumber("y", y);
                json.WriteNumber("width", size);
                json.WriteNumber("height", size);
                json.WriteNumber("pixelRatio", ratio);
                json.WriteEndObject();
                x += size;
            }
            json.WriteEndObject();
        }
        using var pixels = bitmap.PeekPixels();
        using var png = pixels.Encode(SKPngEncoderOptions.Default) ?? throw new InvalidOperationException("the sprite sheet could not be encoded");
        return (png.ToArray(), System.Text.Encoding.UTF8.GetString(index.ToArray()));
    }
}
