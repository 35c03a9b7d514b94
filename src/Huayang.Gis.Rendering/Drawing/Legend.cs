using Huayang.Gis.Rendering.Styles;
using SkiaSharp;

namespace Huayang.Gis.Rendering.Drawing;

/// <summary>A legend row: a header, or a swatch drawn into a box with its Chinese and English names.</summary>
internal sealed record LegendRow(string Zh, string? En, Action<SKCanvas, SKRect>? Swatch)
{
    public bool IsHeader => Swatch is null;
}

/// <summary>
/// The legend rows gathered while the layers are drawn, in drawing order, and the swatches they show. A swatch is
/// drawn after its painter has returned (the decorations draw the legend last), so it makes its own paints.
/// </summary>
/// <param name="scale">The picture's size factor (style pixels to picture pixels).</param>
internal sealed class Legend(MapStyle style, float scale)
{
    private static readonly SKColor SwatchEdge = new(0x80, 0x80, 0x80);
    private readonly List<LegendRow> _rows = [];

    public IReadOnlyList<LegendRow> Rows => _rows;

    public void Header(string zh, string? en) => _rows.Add(new LegendRow(zh, en, null));

    /// <summary>A row with a swatch of its own drawing.</summary>
    public void Swatch(string zh, string? en, Action<SKCanvas, SKRect> draw) => _rows.Add(new LegendRow(zh, en, draw));

    /// <summary>A filled box, outlined in <paramref name="outline"/> or grey.</summary>
    public void Fill(string zh, string? en, SKColor fill, SKColor? outline = null) => Swatch(zh, en, (canvas, r) =>
    {
        using var paint = Paints.Fill(fill);
        canvas.DrawRect(r, paint);
        using var stroke = Paints.Stroke(outline ?? SwatchEdge, style.Legend.OutlineWidth * scale);
        canvas.DrawRect(r, stroke);
    });

    /// <summary>A box hatched with forward lines (the uncovered area).</summary>
    public void Hatched(string zh, string? en, SKColor colour) => Swatch(zh, en, (canvas, r) =>
    {
        using var paint = Paints.Stroke(colour, style.Coverage.HatchWidth * scale);
        canvas.Save();
        canvas.ClipRect(r);
        for (var x = r.Left - r.Height; x < r.Right; x += style.Legend.HatchSpacing * scale)
        {
            canvas.DrawLine(x, r.Bottom, x + r.Height, r.Top, paint);
        }
        canvas.Restore();
        using var stroke = Paints.Stroke(SwatchEdge, style.Legend.OutlineWidth * scale);
        canvas.DrawRect(r, stroke);
    });

    /// <summary>A plan zone: faint fill, backward hatch, dashed outline.</summary>
    public void Zone(string zh, string? en, SKColor colour) => Swatch(zh, en, (canvas, r) =>
    {
        var zone = style.Plan.Zone;
        using var fill = Paints.Fill(colour.WithAlpha((byte)(style.Plan.ZoneOpacity * 255)));
        canvas.DrawRect(r, fill);
        using var hatch = Paints.Stroke(colour.WithAlpha(zone.HatchAlpha), style.Legend.HatchWidth * scale);
        canvas.Save();
        canvas.ClipRect(r);
        for (var x = r.Left - r.Height; x < r.Right + r.Height; x += style.Legend.ZoneHatchSpacing * scale)
        {
            canvas.DrawLine(x, r.Top, x + r.Height, r.Bottom, hatch);
        }
        canvas.Restore();
        using var outline = Paints.Stroke(colour, style.Legend.ZoneOutlineWidth * scale);
        using var dash = SKPathEffect.CreateDash([style.Legend.ZoneDash[0] * scale, style.Legend.ZoneDash[1] * scale], 0);
        outline.PathEffect = dash;
        canvas.DrawRect(r, outline);
    });

    /// <summary>A road: its casing and line across the box.</summary>
    public void Road(string zh, string? en, RoadStyle road) => Swatch(zh, en, (canvas, r) =>
    {
        using var casing = Paints.Stroke(MapStyle.Color(road.Casing), (road.Width + style.RoadsCommon.CasingExtra) * scale);
        using var line = Paints.Stroke(MapStyle.Color(road.Color), road.Width * scale);
        canvas.DrawLine(r.Left, r.MidY, r.Right, r.MidY, casing);
        canvas.DrawLine(r.Left, r.MidY, r.Right, r.MidY, line);
    });

    /// <summary>The plan axis: a thick line across the box.</summary>
    public void Axis(string zh, string? en, SKColor colour) => Swatch(zh, en, (canvas, r) =>
    {
        using var line = Paints.Stroke(colour, style.Plan.Axis.Width * scale * style.Legend.AxisWidthRatio);
        line.StrokeCap = SKStrokeCap.Butt;
        canvas.DrawLine(r.Left, r.MidY, r.Right, r.MidY, line);
    });
}
