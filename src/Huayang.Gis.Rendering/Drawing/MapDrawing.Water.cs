using Huayang.Gis.Core.Model;
using Huayang.Gis.Rendering.Styles;
using SkiaSharp;

namespace Huayang.Gis.Rendering.Drawing;

/// <summary>The water painter: rivers and lakes filled and outlined, with their names.</summary>
internal sealed partial class MapDrawing
{
    private void DrawWater()
    {
        var water = _style.Water;
        using var fill = new SKPaint { Color = MapStyle.Color(water.Fill), Style = SKPaintStyle.Fill, IsAntialias = true };
        using var outline = Paints.Stroke(MapStyle.Color(water.Outline), water.OutlineWidth * _scale);
        foreach (var feature in _data.Features(Layers.Water))
        {
            _cancellationToken.ThrowIfCancellationRequested();
            using var path = _viewport.ToPath(feature.Geometry);
            _canvas.DrawPath(path, fill);
            _canvas.DrawPath(path, outline);
            AddAreaLabel(feature.Geometry, 20, Attribute(feature, "name_zh") ?? "", Attribute(feature, "name_en"), MapStyle.Color(water.Label), water.LabelSize, false);
        }
        _legend.Fill("水系", "Rivers and lakes", MapStyle.Color(water.Fill), MapStyle.Color(water.Outline));
    }
}
