using System.Globalization;
using Huayang.Gis.Rendering.Styles;
using Huayang.Gis.Rendering.Text;
using SkiaSharp;

namespace Huayang.Gis.Rendering.Drawing;

/// <summary>Title, north arrow, legend, scale bar and attribution, drawn over the map.</summary>
internal sealed class Decorations(SKCanvas canvas, CjkFonts fonts, MapStyle style, float s, int width, int height)
{
    private readonly float _margin = 14 * s;
    private readonly SKColor _text = MapStyle.Color(style.Text);
    private readonly SKColor _muted = new(0x5E, 0x5E, 0x5E);

    /// <summary>Draws everything but the attribution; returns the boxes labels must keep off.</summary>
    public IReadOnlyList<SKRect> Draw(string title, string subtitle, IReadOnlyList<LegendRow> rows, double metresPerPixel)
    {
        var northBox = NorthArrow();
        var boxes = new List<SKRect> { TitleBox(title, subtitle), northBox, ScaleBar(metresPerPixel), AttributionBox() };
        if (rows.Count > 0)
        {
            boxes.Add(LegendBox(rows, northBox.Bottom + 8 * s));
        }
        return boxes;
    }

    private SKRect TitleBox(string title, string subtitle)
    {
        using var titleFont = new SKFont(fonts.Bold, 24 * s);
        using var subtitleFont = new SKFont(fonts.Regular, 12.5f * s);
        var pad = 10 * s;
        var w = Math.Min(Math.Max(titleFont.MeasureText(title), subtitleFont.MeasureText(subtitle)) + 2 * pad, width - 2 * _margin);
        var box = new SKRect(_margin, _margin, _margin + w, _margin + 24 * s + 12.5f * s * 1.4f + 2.2f * pad);
        Panel(box);
        using var paint = new SKPaint { Color = _text, IsAntialias = true };
        canvas.DrawText(title, box.Left + pad, box.Top + pad + 24 * s * 0.88f, SKTextAlign.Left, titleFont, paint);
        paint.Color = _muted;
        canvas.DrawText(subtitle, box.Left + pad, box.Top + pad + 24 * s * 1.05f + 12.5f * s * 1.1f, SKTextAlign.Left, subtitleFont, paint);
        return box;
    }

    private SKRect NorthArrow()
    {
        var size = 46 * s;
        var box = new SKRect(width - _margin - size, _margin, width - _margin, _margin + size * 1.25f);
        Panel(box);
        var cx = box.MidX;
        var top = box.Top + size * 0.42f;
        var bottom = box.Bottom - 6 * s;
        var half = size * 0.2f;
        using var dark = new SKPaint { Color = _text, Style = SKPaintStyle.Fill, IsAntialias = true };
        using var light = new SKPaint { Color = SKColors.White, Style = SKPaintStyle.Fill, IsAntialias = true };
        using var edge = new SKPaint { Color = _text, Style = SKPaintStyle.Stroke, StrokeWidth = 1 * s, IsAntialias = true, StrokeJoin = SKStrokeJoin.Round };
        var mid = bottom - (bottom - top) * 0.3f;
        using (var left = Polygon([new(cx, top), new(cx - half, bottom), new(cx, mid)]))
        {
            canvas.DrawPath(left, dark);
        }
        using (var right = Polygon([new(cx, top), new(cx + half, bottom), new(cx, mid)]))
        {
            canvas.DrawPath(right, light);
            canvas.DrawPath(right, edge);
        }
        using var font = new SKFont(fonts.Bold, 15 * s);
        canvas.DrawText("N 北", cx, box.Top + 19 * s, SKTextAlign.Center, font, dark);
        return box;
    }

    private SKRect LegendBox(IReadOnlyList<LegendRow> rows, float top)
    {
        using var metrics = new LegendMetrics(fonts, s);
        // Rows that do not fit above the scale bar are left out, from the bottom.
        var bottomLimit = height - _margin - 60 * s;
        var shown = new List<LegendRow>();
        var total = 2 * metrics.Pad;
        foreach (var row in rows)
        {
            if (top + total + metrics.Height(row) > bottomLimit)
            {
                break;
            }
            shown.Add(row);
            total += metrics.Height(row);
        }
        if (shown.Count == 0)
        {
            return SKRect.Empty;
        }
        var maxWidth = width * 0.42f;
        var w = Math.Min(shown.Max(metrics.Width) + 2 * metrics.Pad, maxWidth);
        var box = new SKRect(width - _margin - w, top, width - _margin, top + total);
        Panel(box);
        DrawRows(shown, box, metrics);
        return box;
    }

    /// <summary>
    /// The legend alone, on white, in a picture of its own size (WMS GetLegendGraphic): every row, none left out.
    /// </summary>
    public static SKBitmap LegendPicture(CjkFonts fonts, MapStyle style, IReadOnlyList<LegendRow> rows, float s)
    {
        using var metrics = new LegendMetrics(fonts, s);
        var w = (int)Math.Ceiling((rows.Count == 0 ? 0 : rows.Max(metrics.Width)) + 2 * metrics.Pad);
        var h = (int)Math.Ceiling(rows.Sum(metrics.Height) + 2 * metrics.Pad);
        var bitmap = new SKBitmap(new SKImageInfo(Math.Max(w, 1), Math.Max(h, 1), SKColorType.Rgba8888, SKAlphaType.Premul));
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(SKColors.White);
        new Decorations(canvas, fonts, style, s, w, h).DrawRows(rows, new SKRect(0, 0, w, h), metrics);
        return bitmap;
    }

    private void DrawRows(IReadOnlyList<LegendRow> shown, SKRect box, LegendMetrics metrics)
    {
        canvas.Save();
        canvas.ClipRect(box);
        using var paint = new SKPaint { IsAntialias = true };
        var y = box.Top + metrics.Pad;
        foreach (var row in shown)
        {
            var x = box.Left + metrics.Pad;
            if (row.IsHeader)
            {
                paint.Color = _text;
                canvas.DrawText(row.Zh, x, y + metrics.HeaderHeight * 0.75f, SKTextAlign.Left, metrics.HeaderFont, paint);
                if (row.En is not null)
                {
                    paint.Color = _muted;
                    canvas.DrawText(row.En, x, y + metrics.HeaderHeight + 14 * s * 0.6f, SKTextAlign.Left, metrics.EnFont, paint);
                }
            }
            else
            {
                var swatch = new SKRect(x, y + 3.5f * s, x + metrics.SwatchWidth, y + metrics.RowHeight - 3.5f * s);
                row.Swatch!(canvas, swatch);
                var textX = x + metrics.SwatchWidth + metrics.Gap;
                var baseline = y + metrics.RowHeight * 0.72f;
                paint.Color = _text;
                canvas.DrawText(row.Zh, textX, baseline, SKTextAlign.Left, metrics.ZhFont, paint);
                if (row.En is not null)
                {
                    paint.Color = _muted;
                    canvas.DrawText(row.En, textX + metrics.ZhFont.MeasureText(row.Zh) + 6 * s, baseline, SKTextAlign.Left, metrics.EnFont, paint);
                }
            }
            y += metrics.Height(row);
        }
        canvas.Restore();
    }

    /// <summary>The legend's fonts and sizes at a size factor.</summary>
    private sealed class LegendMetrics(CjkFonts fonts, float s) : IDisposable
    {
        public SKFont ZhFont { get; } = new(fonts.Regular, 12 * s);
        public SKFont EnFont { get; } = new(fonts.Regular, 10.5f * s);
        public SKFont HeaderFont { get; } = new(fonts.Bold, 12.5f * s);
        public float Pad { get; } = 10 * s;
        public float SwatchWidth { get; } = 26 * s;
        public float RowHeight { get; } = 19 * s;
        public float HeaderHeight { get; } = 20 * s;
        public float Gap { get; } = 7 * s;

        public float Width(LegendRow row) => row.IsHeader
            ? Math.Max(HeaderFont.MeasureText(row.Zh), row.En is null ? 0 : EnFont.MeasureText(row.En))
            : SwatchWidth + Gap + ZhFont.MeasureText(row.Zh) + (row.En is null ? 0 : 6 * s + EnFont.MeasureText(row.En));

        public float Height(LegendRow row) => row.IsHeader ? HeaderHeight + (row.En is null ? 0 : 14 * s) + 3 * s : RowHeight;

        public void Dispose()
        {
            ZhFont.Dispose();
            EnFont.Dispose();
            HeaderFont.Dispose();
        }
    }

    /// <summary>A bar of a round length (1, 2 or 5 × 10ⁿ metres) no longer than a quarter of the picture, in four parts.</summary>
    private SKRect ScaleBar(double metresPerPixel)
    {
        var target = Math.Min(width * 0.25, 320 * s) * metresPerPixel;
        var power = Math.Pow(10, Math.Floor(Math.Log10(target)));
        var metres = new[] { 5, 2, 1 }.Select(m => m * power).First(m => m <= target);
        var length = (float)(metres / metresPerPixel);
        var inKm = metres >= 1000;
        string Label(double m) => inKm
            ? (m / 1000).ToString("0.##", CultureInfo.InvariantCulture)
            : m.ToString("0", CultureInfo.InvariantCulture);

        using var font = new SKFont(fonts.Regular, 11 * s);
        var unit = inKm ? " km" : " m";
        var pad = 9 * s;
        var barH = 6 * s;
        var box = new SKRect(_margin, height - _margin - (barH + 11 * s * 2.6f + 2 * pad), _margin + length + 2 * pad + font.MeasureText(Label(metres) + unit) / 2 + 4 * s, height - _margin);
        Panel(box);
        var x0 = box.Left + pad;
        var y0 = box.Bottom - pad - barH;
        using var dark = new SKPaint { Color = _text, Style = SKPaintStyle.Fill, IsAntialias = true };
        using var light = new SKPaint { Color = SKColors.White, Style = SKPaintStyle.Fill, IsAntialias = true };
        using var edge = new SKPaint { Color = _text, Style = SKPaintStyle.Stroke, StrokeWidth = 1 * s, IsAntialias = true };
        for (var i = 0; i < 4; i++)
        {
            var part = new SKRect(x0 + length * i / 4, y0, x0 + length * (i + 1) / 4, y0 + barH);
            canvas.DrawRect(part, i % 2 == 0 ? dark : light);
            canvas.DrawRect(part, edge);
        }
        var textY = y0 - 5 * s;
        canvas.DrawText("0", x0, textY, SKTextAlign.Center, font, dark);
        canvas.DrawText(Label(metres / 2), x0 + length / 2, textY, SKTextAlign.Center, font, dark);
        canvas.DrawText(Label(metres) + unit, x0 + length, textY, SKTextAlign.Center, font, dark);
        return box;
    }

    private SKRect AttributionBox()
    {
        using var font = new SKFont(fonts.Regular, 10.5f * s);
        var h = 10.5f * s * 1.7f;
        return new SKRect(width * 0.45f, height - h - 2 * s, width, height);
    }

    public void DrawAttribution(string text)
    {
        using var font = new SKFont(fonts.Regular, 10.5f * s);
        var w = font.MeasureText(text) + 12 * s;
        var h = 10.5f * s * 1.7f;
        var box = new SKRect(width - w, height - h, width, height);
        using var back = new SKPaint { Color = SKColors.White.WithAlpha(215), Style = SKPaintStyle.Fill };
        canvas.DrawRect(box, back);
        using var paint = new SKPaint { Color = _text, IsAntialias = true };
        canvas.DrawText(text, box.Right - 6 * s, box.Bottom - h * 0.3f, SKTextAlign.Right, font, paint);
    }

    private static SKPath Polygon(SKPoint[] points)
    {
        using var builder = new SKPathBuilder();
        builder.AddPoly(points, true);
        return builder.Detach();
    }

    private void Panel(SKRect box)
    {
        using var back = new SKPaint { Color = SKColors.White.WithAlpha(232), Style = SKPaintStyle.Fill, IsAntialias = true };
        using var edge = new SKPaint { Color = new SKColor(0xA0, 0x98, 0x88), Style = SKPaintStyle.Stroke, StrokeWidth = 1 * s, IsAntialias = true };
        canvas.DrawRoundRect(box, 4 * s, 4 * s, back);
        canvas.DrawRoundRect(box, 4 * s, 4 * s, edge);
    }
}
