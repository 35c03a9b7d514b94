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
        var declared = _style.Declared;
        var colour = MapStyle.Color(layer.Color ?? declared.Color);
        using var fill = Paints.Fill(colour.WithAlpha(declared.FillAlpha));
        using var line = Paints.Stroke(colour, declared.LineWidth * _scale);
        using var halo = Paints.Stroke(SKColors.White, declared.HaloWidth * _scale);
        using var dot = Paints.Fill(colour);
        var radius = declared.Radius * _scale;
        foreach (var feature in _data.Features(layer.Name))
        {
            _cancellationToken.ThrowIfCancellationRequested();
            if (feature.Geometry is IPuntal)
            {
                for (var i = 0; i < feature.Geometry.NumGeometries; i++)
                {
                    if (_viewport.Visible(feature.Geometry.GetGeometryN(i).Coordinate) is not { } at)
                    {
                        continue;
                    }
                    _canvas.DrawCircle(at, radius, dot);
                    _canvas.DrawCircle(at, radius, halo);
                    if ((Attribute(feature, "name_zh") ?? Attribute(feature, "name_en")) is { } name)
                    {
                        AddLabel(new LabelCandidate(50, at,
                            [new LabelLine(name, _fonts.Regular, declared.LabelSize * _scale, Darker(colour))], radius + declared.LabelOffset * _scale));
                    }
                }
                continue;
            }
            using var path = _viewport.ToPath(feature.Geometry);
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
                using var swatchDot = Paints.Fill(colour);
                using var swatchHalo = Paints.Stroke(SKColors.White, declared.HaloWidth * _scale);
                c.DrawCircle(r.MidX, r.MidY, r.Height * 0.3f, swatchDot);
                c.DrawCircle(r.MidX, r.MidY, r.Height * 0.3f, swatchHalo);
            });
        }
        else if (layer.GeometryTypes.All(t => t.EndsWith("LineString", StringComparison.Ordinal)))
        {
            _legend.Swatch(layer.TitleZh, layer.TitleEn, (c, r) =>
            {
                using var paint = Paints.Stroke(colour, declared.LineWidth * _scale);
                c.DrawLine(r.Left, r.MidY, r.Right, r.MidY, paint);
            });
        }
        else
        {
            _legend.Fill(layer.TitleZh, layer.TitleEn, colour.WithAlpha(declared.FillAlpha), colour);
        }
    }
}
