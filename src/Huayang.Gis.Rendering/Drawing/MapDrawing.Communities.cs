using System.Globalization;
using Huayang.Gis.Core.Model;
using Huayang.Gis.Rendering.Styles;
using NetTopologySuite.Features;
using SkiaSharp;

namespace Huayang.Gis.Rendering.Drawing;

/// <summary>The communities painter: plain, by class, by coverage share or by a numeric attribute, with the uncovered area
/// hatched; then the overlays drawn over them.</summary>
internal sealed partial class MapDrawing
{
    private void DrawCommunities()
    {
        var features = _data.Features(Layers.Communities);
        var communityStyle = _style.Communities;
        var fillOf = CommunityFill(features);
        using var fill = new SKPaint { Style = SKPaintStyle.Fill, IsAntialias = true };
        using var outline = Paints.Stroke(MapStyle.Color(communityStyle.Outline), communityStyle.OutlineWidth * _scale);
        var shares = _data.Coverage?.Communities.ToDictionary(c => c.CommunityId, c => c.CoveredShare, StringComparer.Ordinal);
        foreach (var feature in features)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            using var path = _viewport.ToPath(feature.Geometry);
            fill.Color = fillOf(feature);
            _canvas.DrawPath(path, fill);
            _canvas.DrawPath(path, outline);
            var zh = Attribute(feature, "name_zh") ?? Attribute(feature, "id") ?? "";
            if (shares is not null && Attribute(feature, "id") is { } id && shares.TryGetValue(id, out var share))
            {
                zh += " " + share.ToString("0%", CultureInfo.InvariantCulture);
            }
            AddAreaLabel(feature.Geometry, 10, zh, Attribute(feature, "name_en"), MapStyle.Color(communityStyle.Label), communityStyle.LabelSize, false);
        }
        if (_data.Coverage is { } coverage)
        {
            using var path = _viewport.ToPath(coverage.Uncovered);
            var hatch = MapStyle.Color(_style.Coverage.UncoveredHatch).WithAlpha(_style.Coverage.HatchAlpha);
            Hatch(path, hatch, _style.Coverage.HatchSpacing * _scale, _style.Coverage.HatchWidth * _scale, forward: true);
            _legend.Hatched("未覆盖区域", "Uncovered area", hatch);
        }
        DrawOverlays(filled: true);
    }

    /// <summary>The filled overlays (<see cref="MapData.Overlays"/>) over the communities, translucent, or the outlined ones
    /// over every layer (so that water or roads never hide them), in the order given, each in the legend.</summary>
    private void DrawOverlays(bool filled)
    {
        foreach (var overlay in _data.Overlays.Where(o => o.Filled == filled))
        {
            _cancellationToken.ThrowIfCancellationRequested();
            var colour = MapStyle.Color(overlay.Color);
            using var path = _viewport.ToPath(overlay.Geometry);
            using var stroke = Paints.Stroke(colour, (overlay.Filled ? 1.2f : 3f) * _scale);
            if (overlay.Filled)
            {
                using var fill = new SKPaint { Style = SKPaintStyle.Fill, IsAntialias = true, Color = colour.WithAlpha(_style.Coverage.OverlayAlpha) };
                _canvas.DrawPath(path, fill);
                _legend.Fill(overlay.LabelZh, overlay.LabelEn, colour.WithAlpha(_style.Coverage.OverlayAlpha), colour);
            }
            else
            {
                _legend.Fill(overlay.LabelZh, overlay.LabelEn, SKColors.Transparent, colour);
            }
            _canvas.DrawPath(path, stroke);
        }
    }

    /// <summary>How each community is filled: plain, by coverage share, or by a numeric attribute; adds the legend rows.</summary>
    private Func<IFeature, SKColor> CommunityFill(IReadOnlyList<IFeature> features)
    {
        if (_data.Classes is { } classes)
        {
            var colours = classes.Classes.Select(c => MapStyle.Color(c.Color).WithAlpha(_style.Coverage.FillAlpha)).ToList();
            _legend.Header(classes.TitleZh, classes.TitleEn);
            for (var i = 0; i < colours.Count; i++)
            {
                _legend.Fill(classes.Classes[i].LabelZh, classes.Classes[i].LabelEn, colours[i]);
            }
            return f => Attribute(f, "id") is { } id && classes.ClassOf.TryGetValue(id, out var index) && index >= 0 && index < colours.Count
                ? colours[index]
                : MapStyle.Color(_style.Communities.Fill);
        }
        if (_data.Coverage is { } coverage)
        {
            var ramp = _style.Coverage.Ramp.Select(MapStyle.Color).ToList();
            var breaks = _style.Coverage.Breaks;
            var shares = coverage.Communities.ToDictionary(c => c.CommunityId, c => c.CoveredShare, StringComparer.Ordinal);
            var walking = coverage.Method == "network";
            _legend.Header(walking ? "覆盖人口比例（步行）" : "覆盖人口比例", string.Create(CultureInfo.InvariantCulture,
                $"Share of residents within {coverage.RadiusM:0} m{(walking ? " on foot" : "")}"));
            for (var i = 0; i < ramp.Count; i++)
            {
                var label = i == 0 ? string.Create(CultureInfo.InvariantCulture, $"< {breaks[0]:0%}")
                    : i == ramp.Count - 1 ? string.Create(CultureInfo.InvariantCulture, $"≥ {breaks[^1]:0%}")
                    : string.Create(CultureInfo.InvariantCulture, $"{breaks[i - 1]:0%} – {breaks[i]:0%}");
                _legend.Fill(label, null, ramp[i].WithAlpha(_style.Coverage.FillAlpha));
            }
            return f => Attribute(f, "id") is { } id && shares.TryGetValue(id, out var share)
                ? ramp[breaks.Count(b => share >= b)].WithAlpha(_style.Coverage.FillAlpha)
                : MapStyle.Color(_style.Communities.Fill);
        }
        if (_request.FillBy is { } attribute)
        {
            var values = features.Select(f => Number(f, attribute)).Where(v => v is not null).Select(v => v!.Value).ToList();
            if (values.Count == 0 && features.Count > 0)
            {
                throw new ArgumentException($"\"{attribute}\" is not a numeric attribute of the communities (e.g. population, households)");
            }
            var ramp = _style.Graduated.Select(MapStyle.Color).ToList();
            var min = values.Count == 0 ? 0 : values.Min();
            var max = values.Count == 0 ? 1 : values.Max();
            var step = max > min ? (max - min) / ramp.Count : 1;
            _legend.Header("社区 " + attribute, $"Communities by {attribute}");
            for (var i = 0; i < ramp.Count; i++)
            {
                _legend.Fill(string.Create(CultureInfo.InvariantCulture, $"{min + i * step:N0} – {min + (i + 1) * step:N0}"), null, ramp[i]);
            }
            return f => Number(f, attribute) is { } v
                ? ramp[Math.Clamp((int)((v - min) / step), 0, ramp.Count - 1)]
                : MapStyle.Color(_style.Communities.Fill);
        }
        var plain = MapStyle.Color(_style.Communities.Fill);
        var border = MapStyle.Color(_style.Communities.Outline);
        _legend.Fill("社区", "Community", plain, border);
        return _ => plain;
    }
}
