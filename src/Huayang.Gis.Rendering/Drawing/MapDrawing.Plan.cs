using Huayang.Gis.Core.Model;
using Huayang.Gis.Rendering.Styles;
using Huayang.Gis.Rendering.Text;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using SkiaSharp;

namespace Huayang.Gis.Rendering.Drawing;

/// <summary>The plan painter: zones hatched and dashed, the belt, the axis with arrowheads, the two points.</summary>
internal sealed partial class MapDrawing
{
    private void DrawPlan()
    {
        var plan = _style.Plan;
        var features = _data.Features(Layers.Plan);
        string Kind(IFeature f) => Attribute(f, "kind") ?? "";
        _legend.Header("规划结构 一轴二点、一带三片", "Plan: one axis, two points, one belt, three zones");

        foreach (var zone in features.Where(f => Kind(f) == "zone"))
        {
            _cancellationToken.ThrowIfCancellationRequested();
            var colour = ZoneColour(zone);
            using var path = _viewport.ToPath(zone.Geometry);
            using var fill = new SKPaint { Color = colour.WithAlpha((byte)(plan.ZoneOpacity * 255)), Style = SKPaintStyle.Fill, IsAntialias = true };
            _canvas.DrawPath(path, fill);
            Hatch(path, colour.WithAlpha(plan.Zone.HatchAlpha), plan.Zone.HatchSpacing * _scale, plan.Zone.HatchWidth * _scale, forward: false);
            using var outline = Paints.Stroke(colour, plan.Zone.OutlineWidth * _scale);
            using var dash = SKPathEffect.CreateDash([plan.Zone.Dash[0] * _scale, plan.Zone.Dash[1] * _scale], 0);
            outline.PathEffect = dash;
            _canvas.DrawPath(path, outline);
            AddAreaLabel(zone.Geometry, 3, Attribute(zone, "name_zh") ?? "", Attribute(zone, "name_en"), Darker(colour), plan.Zone.LabelSize, true);
            _legend.Zone(Attribute(zone, "name_zh") ?? "", Attribute(zone, "name_en"), colour);
        }

        foreach (var belt in features.Where(f => Kind(f) == "belt"))
        {
            _cancellationToken.ThrowIfCancellationRequested();
            var colour = MapStyle.Color(plan.Belt.Fill);
            using var path = _viewport.ToPath(belt.Geometry);
            using var fill = new SKPaint { Color = colour.WithAlpha((byte)(plan.Belt.Opacity * 255)), Style = SKPaintStyle.Fill, IsAntialias = true };
            _canvas.DrawPath(path, fill);
            var edge = MapStyle.Color(plan.Belt.Outline);
            using var outline = Paints.Stroke(edge, plan.Belt.OutlineWidth * _scale);
            _canvas.DrawPath(path, outline);
            AddAreaLabel(belt.Geometry, 4, Attribute(belt, "name_zh") ?? "", Attribute(belt, "name_en"), Darker(edge), plan.Belt.LabelSize, true);
            _legend.Fill(Attribute(belt, "name_zh") ?? "", Attribute(belt, "name_en"), colour.WithAlpha((byte)(plan.Belt.Opacity * 255)), edge);
        }

        foreach (var axis in features.Where(f => Kind(f) == "axis"))
        {
            _cancellationToken.ThrowIfCancellationRequested();
            var colour = MapStyle.Color(plan.Axis.Color);
            using var path = _viewport.ToPath(axis.Geometry);
            using var line = Paints.Stroke(colour.WithAlpha(plan.Axis.Alpha), plan.Axis.Width * _scale);
            line.StrokeCap = SKStrokeCap.Butt;
            _canvas.DrawPath(path, line);
            using var centre = Paints.Stroke(SKColors.White.WithAlpha(plan.Axis.CentreAlpha), plan.Axis.CentreWidth * _scale);
            using var dash = SKPathEffect.CreateDash([plan.Axis.CentreDash[0] * _scale, plan.Axis.CentreDash[1] * _scale], 0);
            centre.PathEffect = dash;
            _canvas.DrawPath(path, centre);
            if (axis.Geometry is LineString { NumPoints: > 1 } ls)
            {
                Arrowhead(ls.GetCoordinateN(ls.NumPoints - 2), ls.GetCoordinateN(ls.NumPoints - 1), colour);
                Arrowhead(ls.GetCoordinateN(1), ls.GetCoordinateN(0), colour);
                var at = ls.GetCoordinateN(ls.NumPoints / 4);
                AddLabel(new LabelCandidate(2, _viewport.Pixel(at),
                    NameLines(Attribute(axis, "name_zh"), Attribute(axis, "name_en"), Darker(colour), plan.Axis.LabelSize, true), plan.Axis.LabelOffset * _scale));
            }
            _legend.Axis(Attribute(axis, "name_zh") ?? "", Attribute(axis, "name_en"), colour);
        }

        var points = features.Where(f => Kind(f) == "point").ToList();
        for (var i = 0; i < points.Count; i++)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            var point = points[i];
            var colour = MapStyle.Color(plan.Point.Color);
            var star = i % 2 == 0;
            if (_viewport.Visible(point.Geometry.InteriorPoint.Coordinate) is { } at)
            {
                PlanPoint(_canvas, at, plan.Point.Radius * _scale, colour, star);
                var clearance = plan.Point.Clearance * _scale;
                _labels.AddObstacle(new SKRect(at.X - clearance, at.Y - clearance, at.X + clearance, at.Y + clearance));
                AddLabel(new LabelCandidate(1, at, NameLines(Attribute(point, "name_zh"), Attribute(point, "name_en"), colour, plan.Point.LabelSize, true), plan.Point.LabelOffset * _scale));
            }
            _legend.Swatch(Attribute(point, "name_zh") ?? "", Attribute(point, "name_en"),
                (c, r) => PlanPoint(c, new SKPoint(r.MidX, r.MidY), r.Height * 0.42f, colour, star));
        }
    }

    private void PlanPoint(SKCanvas canvas, SKPoint at, float r, SKColor colour, bool star) => PlanPoint(canvas, _style, _scale, at, r, colour, star);

    /// <summary>A plan point: a ring with a star (the first, third, …) or a target (also the sprites').</summary>
    internal static void PlanPoint(SKCanvas canvas, MapStyle style, float scale, SKPoint at, float r, SKColor colour, bool star)
    {
        using var white = new SKPaint { Color = SKColors.White, Style = SKPaintStyle.Fill, IsAntialias = true };
        using var fill = new SKPaint { Color = colour, Style = SKPaintStyle.Fill, IsAntialias = true };
        using var ring = Paints.Stroke(colour, style.Plan.Point.RingWidth * scale);
        canvas.DrawCircle(at, r * 1.05f, white);
        canvas.DrawCircle(at, r * 1.05f, ring);
        if (star)
        {
            using var builder = new SKPathBuilder();
            builder.AddPoly(Symbols.Star(at.X, at.Y, r * 0.9f, r * 0.38f), true);
            using var path = builder.Detach();
            canvas.DrawPath(path, fill);
        }
        else
        {
            canvas.DrawCircle(at, r * 0.62f, ring);
            canvas.DrawCircle(at, r * 0.28f, fill);
        }
    }

    private void Arrowhead(Coordinate from, Coordinate to, SKColor colour)
    {
        if (_viewport.Visible(to) is not { } b)
        {
            return;
        }
        var a = _viewport.Pixel(from);
        var dx = b.X - a.X;
        var dy = b.Y - a.Y;
        var length = MathF.Sqrt(dx * dx + dy * dy);
        if (length < 1e-3)
        {
            return;
        }
        var (ux, uy) = (dx / length, dy / length);
        var size = _style.Plan.Axis.Width * _scale * _style.Plan.Axis.ArrowSize;
        using var builder = new SKPathBuilder();
        builder.AddPoly(
        [
            new(b.X + ux * size, b.Y + uy * size),
            new(b.X - uy * size * 0.75f, b.Y + ux * size * 0.75f),
            new(b.X + uy * size * 0.75f, b.Y - ux * size * 0.75f),
        ], true);
        using var path = builder.Detach();
        using var fill = new SKPaint { Color = colour, Style = SKPaintStyle.Fill, IsAntialias = true };
        _canvas.DrawPath(path, fill);
    }

    private SKColor ZoneColour(IFeature zone) =>
        Attribute(zone, "id") is { } id && _style.Plan.Zones.TryGetValue(id, out var hex) ? MapStyle.Color(hex) : MapStyle.Color(_style.Plan.Label);
}
