using Huayang.Gis.Rendering.Styles;
using Huayang.Gis.Rendering.Text;
using SkiaSharp;

namespace Huayang.Gis.Rendering.Drawing;

/// <summary>A legend row: a header, or a swatch drawn into a box with its Chinese and English names.</summary>
internal sealed record LegendRow(string Zh, string? En, Action<SKCanvas, SKRect>? Swatch)
{
    public bool IsHeader => Swatch is null;
}

/// <summary>The legend rows gathered while the layers are drawn, in drawing order.</summary>
internal sealed class Legend(CjkFonts fonts, MapStyle style, float scale)
{
    private readonly List<LegendRow> _rows = [];

    public IReadOnlyList<LegendRow> Rows => _rows;

    public CjkFonts Fonts { get; } = fonts;

    public MapStyle Style { get; } = style;

    public float Scale { get; } = scale;

    public void Header(string zh, string? en) => _rows.Add(new LegendRow(zh, en, null));

    public void Swatch(string zh, string? en, Action<SKCanvas, SKRect> draw) => _rows.Add(new LegendRow(zh, en, draw));
}
