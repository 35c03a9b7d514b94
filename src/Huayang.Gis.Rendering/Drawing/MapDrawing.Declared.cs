using Huayang.Gis.Core.Model;
using Huayang.Gis.Rendering.Styles;
using Huayang.Gis.Rendering.Text;
using NetTopologySuite.Geometries;
using SkiaSharp;

namespace Huayang.Gis.Rendering.Drawing;

/// <summary>The default painter: a layer declared by data, drawn by its geometry in its colour.</summary>
internal sealed partial class MapDrawing
{
    /// <summary>Polygons filled faintly and outlined, lines stroked, points as dots; points labelled with their name.</summary>
    private void DrawDeclared(LayerDefinition layer)
    {
        var colour = MapStyle.Color(layer.Color ?? "#555555");
        using var fill = new SKPaint { Color = colour.WithAlpha(64), Style = SKPaintStyle.Fill, IsAntialias = true };
        using var line = Stroke(colour, 2.0f * _s);
        using var halo = Stroke(SKColors.White, 1.2f * _s);
        using var dot = new SKPaint { Color = colour, Style = SKPaintStyle.Fill, IsAntialias = true };
        var radius = 5.5f * _s;
        foreach (var feature in _data.Features(layer.Name))
        {
            _cancellationToken.ThrowIfCancellationRequested();
            if (feature.Geometry is IPuntal)
            {
                for (var i = 0; i < feature.Geometry.NumGeometries; i++)
                {
                    if (Visible(feature.Geometry.GetGeometryN(i).Coordinate) is not { } at)
                    {
                        continue;
                    }
                    _canvas.DrawCircle(at, radius, dot);
                    _canvas.DrawCircle(at, radius, halo);
                    if ((Attribute(feature, "name_zh") ?? Attribute(feature, "name_en")) is { } name)
                    {
                        AddLabel(new LabelCandidate(50, at,
                            [new LabelLine(name, _fonts.Regular, 9.5f * _s, Darker(colour))], radius + 2 * _s));
                    }
                }
                continue;
            }
            using var path = ToPath(feature.Geometry);
            if (feature.Geometry is IPolygonal)
            {
                _canvas.DrawPath(path, fill);
            }
            _canvas.DrawPath(path, line);
        }

        if (layer.IsPoints)
        {
            // The swatch is drawn after this method returns, so it makes its own paints (these are disposed by then).
            _legend.Swatch(layer.TitleZh, layer.TitleEn, (c, r) =>
            {
                using var swatchDot = new SKPaint { Color = colour, Style = SKPaintStyle.Fill, IsAntialias = true };
                using var swatchHalo = Stroke(SKColors.White, 1.2f * _s);
                c.DrawCircle(r.MidX, r.MidY, r.Height * 0.3f, swatchDot);
                c.DrawCircle(r.MidX, r.MidY, r.Height * 0.3f, swatchHalo);
            });
        }
        else if (layer.GeometryTypes.All(t => t.EndsWith("LineString", StringComparison.Ordinal)))
        {
            _legend.Swatch(layer.TitleZh, layer.TitleEn, (c, r) =>
            {
                using var paint = Stroke(colour, 2.0f * _s);
                c.DrawLine(r.Left, r.MidY, r.Right, r.MidY, paint);
            });
        }
        else
        {
            _legend.Swatch(layer.TitleZh, layer.TitleEn, (c, r) => FillSwatch(c, r, colour.WithAlpha(64), colour));
        }
    }
}
