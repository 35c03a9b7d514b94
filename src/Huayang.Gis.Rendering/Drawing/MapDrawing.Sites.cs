using Huayang.Gis.Core.Model;
using Huayang.Gis.Rendering.Styles;
using Huayang.Gis.Rendering.Text;
using SkiaSharp;

namespace Huayang.Gis.Rendering.Drawing;

/// <summary>The sites painter: a symbol per category, hollow when planned.</summary>
internal sealed partial class MapDrawing
{
    private void DrawSites()
    {
        var features = _data.Features(Layers.Sites);
        var r = _style.Sites.Radius * _scale;
        foreach (var feature in features)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            var category = Attribute(feature, "category") ?? "";
            var symbol = _style.SiteStyle(category);
            var planned = Attribute(feature, "status") == "planned";
            if (_viewport.Visible(feature.Geometry.InteriorPoint.Coordinate) is not { } at)
            {
                continue;
            }
            SiteSymbol(_canvas, at, r, symbol, planned);
            if (!string.IsNullOrEmpty(Attribute(feature, "plan_element")))
            {
                AddLabel(new LabelCandidate(30, at,
                    [new LabelLine(Attribute(feature, "name_zh") ?? "", _fonts.Regular, _style.Sites.LabelSize * _scale, MapStyle.Color(symbol.Color).WithAlpha(255))], r + _style.Sites.LabelOffset * _scale));
            }
        }
        var present = features.Select(f => Attribute(f, "category") ?? "").ToHashSet(StringComparer.Ordinal);
        _legend.Header("设施", "Sites (hollow: planned)");
        foreach (var category in _data.LifeCircles.Categories.Where(c => present.Contains(c.Id)))
        {
            var symbol = _style.SiteStyle(category.Id);
            _legend.Swatch(category.NameZh, category.NameEn, (c, box) => SiteSymbol(c, new SKPoint(box.MidX, box.MidY), box.Height * 0.3f, symbol, false));
        }
        if (features.Any(f => Attribute(f, "status") == "planned"))
        {
            var example = _style.Sites.Default;
            _legend.Swatch("规划设施（空心）", "Planned site (hollow)", (c, box) => SiteSymbol(c, new SKPoint(box.MidX, box.MidY), box.Height * 0.3f, example, true));
        }
    }

    private void SiteSymbol(SKCanvas canvas, SKPoint at, float r, SymbolStyle symbol, bool planned) =>
        SiteSymbol(canvas, _style, _scale, at, r, symbol, planned);

    /// <summary>A site's symbol: its category's shape, filled in its colour, or hollow when planned (also the sprites').</summary>
    internal static void SiteSymbol(SKCanvas canvas, MapStyle style, float scale, SKPoint at, float r, SymbolStyle symbol, bool planned)
    {
        using var path = Symbols.Path(symbol.Shape, at.X, at.Y, r);
        var colour = MapStyle.Color(symbol.Color);
        using var fill = new SKPaint { Color = planned ? SKColors.White : colour, Style = SKPaintStyle.Fill, IsAntialias = true };
        canvas.DrawPath(path, fill);
        using var stroke = Paints.Stroke(planned ? colour : SKColors.White, (planned ? style.Sites.PlannedOutlineWidth : style.Sites.OutlineWidth) * scale);
        canvas.DrawPath(path, stroke);
    }
}
