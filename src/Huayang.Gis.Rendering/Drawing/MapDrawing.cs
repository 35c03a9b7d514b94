using System.Globalization;
using Huayang.Gis.Core.Crs;
using Huayang.Gis.Core.Model;
using Huayang.Gis.Rendering.Styles;
using Huayang.Gis.Rendering.Text;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using SkiaSharp;

namespace Huayang.Gis.Rendering.Drawing;

/// <summary>One picture being drawn: the viewport, the layers, then labels and decorations.</summary>
/// <remarks>
/// Every geometry is projected to pixels in double precision and clipped to the picture plus <see cref="_margin"/>
/// (<see cref="PixelClipper"/>) before it becomes a Skia path; points, arrowheads and labels outside that rectangle are
/// left out. So the work is bounded by the data's vertices and the picture's pixels, never by how large the data are
/// in pixels. The cancellation token is checked per feature, per ring, per hatch line and per label candidate.
/// </remarks>
internal sealed partial class MapDrawing
{
    private readonly MapRequest _request;
    private readonly MapData _data;
    private readonly SKCanvas _canvas;
    private readonly MapStyle _style;
    private readonly CjkFonts _fonts;
    private readonly LabelPlacer _labels;
    private readonly Legend _legend;
    private readonly float _s;
    private readonly double _unitsPerPixelX;
    private readonly double _unitsPerPixelY;
    private readonly float _margin;
    private readonly PixelClipper _clipper;
    private readonly CancellationToken _cancellationToken;
    private readonly List<(double X, double Y)> _points = [];

    public MapDrawing(MapRenderer renderer, MapRequest request, MapData data, SKCanvas canvas, CancellationToken cancellationToken)
    {
        _cancellationToken = cancellationToken;
        _request = request;
        _data = data;
        _canvas = canvas;
        _style = renderer.Style;
        _fonts = renderer.Fonts;
        _labels = new LabelPlacer(request.Width, request.Height);
        _s = (float)Math.Clamp(Math.Sqrt((double)request.Width * request.Height) / 1100, 0.6, 3.0);
        _legend = new Legend(_fonts, _style, _s);
        _unitsPerPixelX = request.Bbox.Width / request.Width;
        _unitsPerPixelY = request.Bbox.Height / request.Height;
        // Wider than any stroke, cap, symbol or dash drawn near the edge, so that clipping shows nowhere.
        _margin = 48 * _s;
        _clipper = new PixelClipper(-_margin, -_margin, request.Width + _margin, request.Height + _margin);
    }

    public IReadOnlyList<SKRect> PlacedLabels => _labels.Placed;

    public void Draw()
    {
        _canvas.Clear(_request.Transparent ? SKColors.Transparent : MapStyle.Color(_style.Background));
        foreach (var layer in _request.Layers)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            switch (layer)
            {
                case Layers.Communities:
                    DrawCommunities();
                    break;
                case Layers.Water:
                    DrawWater();
                    break;
                case Layers.Roads:
                    DrawRoads();
                    break;
                case Layers.Plan:
                    DrawPlan();
                    break;
                case Layers.Sites:
                    DrawSites();
                    break;
                default:
                    if (_data.Registry.Find(layer) is { BuiltIn: false } declared)
                    {
                        DrawDeclared(declared);
                    }
                    break;
            }
        }
        if (_request.Decorations)
        {
            var decorations = new Decorations(_canvas, _fonts, _style, _s, _request.Width, _request.Height);
            foreach (var box in decorations.Draw(Title(), Subtitle(), _legend.Rows, MetresPerPixel()))
            {
                _labels.AddObstacle(box);
            }
            _labels.Draw(_canvas, MapStyle.Color(_style.Halo), 3.2f * _s, _cancellationToken);
            decorations.DrawAttribution($"Illustrative data — not real boundaries / 示意数据 · Huayang.Gis · {_request.Crs.Code}");
        }
        else
        {
            _labels.Draw(_canvas, MapStyle.Color(_style.Halo), 3.2f * _s, _cancellationToken);
        }
    }

    // --- layers ------------------------------------------------------------------------------------

    private void DrawCommunities()
    {
        var features = _data.Features(Layers.Communities);
        var communityStyle = _style.Communities;
        var fillOf = CommunityFill(features);
        using var fill = new SKPaint { Style = SKPaintStyle.Fill, IsAntialias = true };
        using var outline = Stroke(MapStyle.Color(communityStyle.Outline), communityStyle.OutlineWidth * _s);
        var shares = _data.Coverage?.Communities.ToDictionary(c => c.CommunityId, c => c.CoveredShare, StringComparer.Ordinal);
        foreach (var feature in features)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            using var path = ToPath(feature.Geometry);
            fill.Color = fillOf(feature);
            _canvas.DrawPath(path, fill);
            _canvas.DrawPath(path, outline);
            var zh = Attribute(feature, "name_zh") ?? Attribute(feature, "id") ?? "";
            if (shares is not null && Attribute(feature, "id") is { } id && shares.TryGetValue(id, out var share))
            {
                zh += " " + share.ToString("0%", CultureInfo.InvariantCulture);
            }
            AddAreaLabel(feature.Geometry, 10, zh, Attribute(feature, "name_en"), MapStyle.Color(communityStyle.Label), 12.5f, false);
        }
        if (_data.Coverage is { } coverage)
        {
            using var path = ToPath(coverage.Uncovered);
            var hatch = MapStyle.Color(_style.Coverage.UncoveredHatch).WithAlpha(170);
            Hatch(path, hatch, 7 * _s, 1.1f * _s, forward: true);
            _legend.Swatch("未覆盖区域", "Uncovered area", (c, r) => HatchSwatch(c, r, hatch));
        }
    }

    /// <summary>How each community is filled: plain, by coverage share, or by a numeric attribute; adds the legend rows.</summary>
    private Func<IFeature, SKColor> CommunityFill(IReadOnlyList<IFeature> features)
    {
        if (_data.Coverage is { } coverage)
        {
            var ramp = _style.Coverage.Ramp.Select(MapStyle.Color).ToList();
            var breaks = _style.Coverage.Breaks;
            var shares = coverage.Communities.ToDictionary(c => c.CommunityId, c => c.CoveredShare, StringComparer.Ordinal);
            _legend.Header("覆盖人口比例", string.Create(CultureInfo.InvariantCulture, $"Share of residents within {coverage.RadiusM:0} m"));
            for (var i = 0; i < ramp.Count; i++)
            {
                var label = i == 0 ? string.Create(CultureInfo.InvariantCulture, $"< {breaks[0]:0%}")
                    : i == ramp.Count - 1 ? string.Create(CultureInfo.InvariantCulture, $"≥ {breaks[^1]:0%}")
                    : string.Create(CultureInfo.InvariantCulture, $"{breaks[i - 1]:0%} – {breaks[i]:0%}");
                var colour = ramp[i].WithAlpha(215);
                _legend.Swatch(label, null, (c, r) => FillSwatch(c, r, colour));
            }
            return f => Attribute(f, "id") is { } id && shares.TryGetValue(id, out var share)
                ? ramp[breaks.Count(b => share >= b)].WithAlpha(215)
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
                var colour = ramp[i];
                _legend.Swatch(
                    string.Create(CultureInfo.InvariantCulture, $"{min + i * step:N0} – {min + (i + 1) * step:N0}"), null,
                    (c, r) => FillSwatch(c, r, colour));
            }
            return f => Number(f, attribute) is { } v
                ? ramp[Math.Clamp((int)((v - min) / step), 0, ramp.Count - 1)]
                : MapStyle.Color(_style.Communities.Fill);
        }
        var plain = MapStyle.Color(_style.Communities.Fill);
        var border = MapStyle.Color(_style.Communities.Outline);
        _legend.Swatch("社区", "Community", (c, r) => FillSwatch(c, r, plain, border));
        return _ => plain;
    }

    private void DrawWater()
    {
        var water = _style.Water;
        using var fill = new SKPaint { Color = MapStyle.Color(water.Fill), Style = SKPaintStyle.Fill, IsAntialias = true };
        using var outline = Stroke(MapStyle.Color(water.Outline), 0.9f * _s);
        foreach (var feature in _data.Features(Layers.Water))
        {
            _cancellationToken.ThrowIfCancellationRequested();
            using var path = ToPath(feature.Geometry);
            _canvas.DrawPath(path, fill);
            _canvas.DrawPath(path, outline);
            AddAreaLabel(feature.Geometry, 20, Attribute(feature, "name_zh") ?? "", Attribute(feature, "name_en"), MapStyle.Color(water.Label), 11.5f, false);
        }
        var swatchFill = MapStyle.Color(water.Fill);
        var swatchLine = MapStyle.Color(water.Outline);
        _legend.Swatch("水系", "Rivers and lakes", (c, r) => FillSwatch(c, r, swatchFill, swatchLine));
    }

    private void DrawRoads()
    {
        var features = _data.Features(Layers.Roads);
        // Casings first, then the lines, secondary under arterial, so that crossings join cleanly.
        var ordered = features.OrderBy(f => Attribute(f, "class") == "arterial" ? 1 : 0).ToList();
        foreach (var casing in new[] { true, false })
        {
            foreach (var feature in ordered)
            {
                _cancellationToken.ThrowIfCancellationRequested();
                var roadStyle = _style.RoadStyle(Attribute(feature, "class"));
                using var paint = Stroke(
                    MapStyle.Color(casing ? roadStyle.Casing : roadStyle.Color), (roadStyle.Width + (casing ? 2 : 0)) * _s);
                paint.StrokeCap = SKStrokeCap.Round;
                using var path = ToPath(feature.Geometry);
                _canvas.DrawPath(path, paint);
            }
        }
        foreach (var feature in features)
        {
            var line = feature.Geometry as LineString ?? (feature.Geometry as MultiLineString)?.GetGeometryN(0) as LineString;
            if (line is { NumPoints: > 1 })
            {
                var middle = line.GetCoordinateN(line.NumPoints / 2);
                var previous = line.GetCoordinateN(line.NumPoints / 2 - 1);
                var at = Pixel(new Coordinate((middle.X + previous.X) / 2, (middle.Y + previous.Y) / 2));
                AddLabel(new LabelCandidate(40, at,
                    [new LabelLine(Attribute(feature, "name_zh") ?? "", _fonts.Regular, 10 * _s, new SKColor(0x5A, 0x4A, 0x3A))]));
            }
        }
        foreach (var roadClass in new[] { ("arterial", "主干道", "Arterial road"), ("secondary", "次干道", "Secondary road") })
        {
            var roadStyle = _style.RoadStyle(roadClass.Item1);
            _legend.Swatch(roadClass.Item2, roadClass.Item3, (c, r) => LineSwatch(c, r, roadStyle));
        }
    }

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
            using var path = ToPath(zone.Geometry);
            using var fill = new SKPaint { Color = colour.WithAlpha((byte)(plan.ZoneOpacity * 255)), Style = SKPaintStyle.Fill, IsAntialias = true };
            _canvas.DrawPath(path, fill);
            Hatch(path, colour.WithAlpha(120), 10 * _s, 1.2f * _s, forward: false);
            using var outline = Stroke(colour, 2.4f * _s);
            using var dash = SKPathEffect.CreateDash([12 * _s, 6 * _s], 0);
            outline.PathEffect = dash;
            _canvas.DrawPath(path, outline);
            AddAreaLabel(zone.Geometry, 3, Attribute(zone, "name_zh") ?? "", Attribute(zone, "name_en"), Darker(colour), 15, true);
            _legend.Swatch(Attribute(zone, "name_zh") ?? "", Attribute(zone, "name_en"), (c, r) => ZoneSwatch(c, r, colour));
        }

        foreach (var belt in features.Where(f => Kind(f) == "belt"))
        {
            _cancellationToken.ThrowIfCancellationRequested();
            var colour = MapStyle.Color(plan.Belt.Fill);
            using var path = ToPath(belt.Geometry);
            using var fill = new SKPaint { Color = colour.WithAlpha((byte)(plan.Belt.Opacity * 255)), Style = SKPaintStyle.Fill, IsAntialias = true };
            _canvas.DrawPath(path, fill);
            var edge = MapStyle.Color(plan.Belt.Outline);
            using var outline = Stroke(edge, 1.4f * _s);
            _canvas.DrawPath(path, outline);
            AddAreaLabel(belt.Geometry, 4, Attribute(belt, "name_zh") ?? "", Attribute(belt, "name_en"), Darker(edge), 14, true);
            _legend.Swatch(Attribute(belt, "name_zh") ?? "", Attribute(belt, "name_en"),
                (c, r) => FillSwatch(c, r, colour.WithAlpha((byte)(plan.Belt.Opacity * 255)), edge));
        }

        foreach (var axis in features.Where(f => Kind(f) == "axis"))
        {
            _cancellationToken.ThrowIfCancellationRequested();
            var colour = MapStyle.Color(plan.Axis.Color);
            using var path = ToPath(axis.Geometry);
            using var line = Stroke(colour.WithAlpha(225), plan.Axis.Width * _s);
            line.StrokeCap = SKStrokeCap.Butt;
            _canvas.DrawPath(path, line);
            using var centre = Stroke(SKColors.White.WithAlpha(220), 1.4f * _s);
            using var dash = SKPathEffect.CreateDash([14 * _s, 8 * _s], 0);
            centre.PathEffect = dash;
            _canvas.DrawPath(path, centre);
            if (axis.Geometry is LineString { NumPoints: > 1 } ls)
            {
                Arrowhead(ls.GetCoordinateN(ls.NumPoints - 2), ls.GetCoordinateN(ls.NumPoints - 1), colour);
                Arrowhead(ls.GetCoordinateN(1), ls.GetCoordinateN(0), colour);
                var at = ls.GetCoordinateN(ls.NumPoints / 4);
                AddLabel(new LabelCandidate(2, Pixel(at),
                    NameLines(Attribute(axis, "name_zh"), Attribute(axis, "name_en"), Darker(colour), 14, true), 10 * _s));
            }
            _legend.Swatch(Attribute(axis, "name_zh") ?? "", Attribute(axis, "name_en"), (c, r) => AxisSwatch(c, r, colour));
        }

        var points = features.Where(f => Kind(f) == "point").ToList();
        for (var i = 0; i < points.Count; i++)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            var point = points[i];
            var colour = MapStyle.Color(plan.Point.Color);
            var star = i % 2 == 0;
            if (Visible(point.Geometry.InteriorPoint.Coordinate) is { } at)
            {
                PlanPoint(_canvas, at, 12 * _s, colour, star);
                _labels.AddObstacle(new SKRect(at.X - 14 * _s, at.Y - 14 * _s, at.X + 14 * _s, at.Y + 14 * _s));
                AddLabel(new LabelCandidate(1, at, NameLines(Attribute(point, "name_zh"), Attribute(point, "name_en"), colour, 14, true), 16 * _s));
            }
            _legend.Swatch(Attribute(point, "name_zh") ?? "", Attribute(point, "name_en"),
                (c, r) => PlanPoint(c, new SKPoint(r.MidX, r.MidY), r.Height * 0.42f, colour, star));
        }
    }

    private void DrawSites()
    {
        var features = _data.Features(Layers.Sites);
        var r = 5.2f * _s;
        foreach (var feature in features)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            var category = Attribute(feature, "category") ?? "";
            var symbol = _style.SiteStyle(category);
            var planned = Attribute(feature, "status") == "planned";
            if (Visible(feature.Geometry.InteriorPoint.Coordinate) is not { } at)
            {
                continue;
            }
            SiteSymbol(_canvas, at, r, symbol, planned);
            if (!string.IsNullOrEmpty(Attribute(feature, "plan_element")))
            {
                AddLabel(new LabelCandidate(30, at,
                    [new LabelLine(Attribute(feature, "name_zh") ?? "", _fonts.Regular, 10 * _s, MapStyle.Color(symbol.Color).WithAlpha(255))], r + 3 * _s));
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

    // --- symbols --------------------------------------------------------------------------------------

    private void SiteSymbol(SKCanvas canvas, SKPoint at, float r, SymbolStyle symbol, bool planned)
    {
        using var path = Symbols.Path(symbol.Shape, at.X, at.Y, r);
        var colour = MapStyle.Color(symbol.Color);
        using var fill = new SKPaint { Color = planned ? SKColors.White : colour, Style = SKPaintStyle.Fill, IsAntialias = true };
        canvas.DrawPath(path, fill);
        using var stroke = Stroke(planned ? colour : SKColors.White, (planned ? 1.9f : 1.0f) * _s);
        canvas.DrawPath(path, stroke);
    }

    private void PlanPoint(SKCanvas canvas, SKPoint at, float r, SKColor colour, bool star)
    {
        using var white = new SKPaint { Color = SKColors.White, Style = SKPaintStyle.Fill, IsAntialias = true };
        using var fill = new SKPaint { Color = colour, Style = SKPaintStyle.Fill, IsAntialias = true };
        using var ring = Stroke(colour, 2.6f * _s);
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
        if (Visible(to) is not { } b)
        {
            return;
        }
        var a = Pixel(from);
        var dx = b.X - a.X;
        var dy = b.Y - a.Y;
        var length = MathF.Sqrt(dx * dx + dy * dy);
        if (length < 1e-3)
        {
            return;
        }
        var (ux, uy) = (dx / length, dy / length);
        var size = _style.Plan.Axis.Width * _s * 2.2f;
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

    private void Hatch(SKPath path, SKColor colour, float spacing, float width, bool forward)
    {
        if (path.IsEmpty)
        {
            return;
        }
        _canvas.Save();
        _canvas.ClipPath(path, SKClipOperation.Intersect, true);
        using var paint = Stroke(colour, width);
        // Only the part of the area inside the picture is hatched, one line per integer index (see Hatching).
        foreach (var (from, to) in Hatching.Lines(path.Bounds, new SKRect(0, 0, _request.Width, _request.Height), spacing, forward, width))
        {
            _cancellationToken.ThrowIfCancellationRequested();
            _canvas.DrawLine(from, to, paint);
        }
        _canvas.Restore();
    }

    // --- legend swatches ------------------------------------------------------------------------------

    private void FillSwatch(SKCanvas canvas, SKRect r, SKColor fill, SKColor? outline = null)
    {
        using var paint = new SKPaint { Color = fill, Style = SKPaintStyle.Fill, IsAntialias = true };
        canvas.DrawRect(r, paint);
        using var stroke = Stroke(outline ?? new SKColor(0x80, 0x80, 0x80), 1 * _s);
        canvas.DrawRect(r, stroke);
    }

    private void HatchSwatch(SKCanvas canvas, SKRect r, SKColor colour)
    {
        using var paint = Stroke(colour, 1.1f * _s);
        canvas.Save();
        canvas.ClipRect(r);
        for (var x = r.Left - r.Height; x < r.Right; x += 6 * _s)
        {
            canvas.DrawLine(x, r.Bottom, x + r.Height, r.Top, paint);
        }
        canvas.Restore();
        using var stroke = Stroke(new SKColor(0x80, 0x80, 0x80), 1 * _s);
        canvas.DrawRect(r, stroke);
    }

    private void ZoneSwatch(SKCanvas canvas, SKRect r, SKColor colour)
    {
        using var fill = new SKPaint { Color = colour.WithAlpha((byte)(_style.Plan.ZoneOpacity * 255)), Style = SKPaintStyle.Fill, IsAntialias = true };
        canvas.DrawRect(r, fill);
        using var hatch = Stroke(colour.WithAlpha(120), 1.1f * _s);
        canvas.Save();
        canvas.ClipRect(r);
        for (var x = r.Left - r.Height; x < r.Right + r.Height; x += 7 * _s)
        {
            canvas.DrawLine(x, r.Top, x + r.Height, r.Bottom, hatch);
        }
        canvas.Restore();
        using var outline = Stroke(colour, 1.8f * _s);
        using var dash = SKPathEffect.CreateDash([5 * _s, 3 * _s], 0);
        outline.PathEffect = dash;
        canvas.DrawRect(r, outline);
    }

    private void LineSwatch(SKCanvas canvas, SKRect r, RoadStyle road)
    {
        using var casing = Stroke(MapStyle.Color(road.Casing), (road.Width + 2) * _s);
        using var line = Stroke(MapStyle.Color(road.Color), road.Width * _s);
        canvas.DrawLine(r.Left, r.MidY, r.Right, r.MidY, casing);
        canvas.DrawLine(r.Left, r.MidY, r.Right, r.MidY, line);
    }

    private void AxisSwatch(SKCanvas canvas, SKRect r, SKColor colour)
    {
        using var line = Stroke(colour, _style.Plan.Axis.Width * _s * 0.8f);
        line.StrokeCap = SKStrokeCap.Butt;
        canvas.DrawLine(r.Left, r.MidY, r.Right, r.MidY, line);
    }

    // --- labels ---------------------------------------------------------------------------------------

    private void AddAreaLabel(Geometry geometry, int priority, string zh, string? en, SKColor colour, float size, bool bold)
    {
        if (geometry.IsEmpty || string.IsNullOrEmpty(zh))
        {
            return;
        }
        var (x, y) = PixelOf(geometry.InteriorPoint.Coordinate);
        if (!(x >= 0 && y >= 0 && x <= _request.Width && y <= _request.Height))
        {
            return;
        }
        _labels.Add(new LabelCandidate(priority, new SKPoint((float)x, (float)y), NameLines(zh, en, colour, size, bold)));
    }

    /// <summary>Adds a label whose anchor is near the picture; one far outside could never be placed.</summary>
    private void AddLabel(LabelCandidate candidate)
    {
        var (x, y) = (candidate.Anchor.X, candidate.Anchor.Y);
        if (_clipper.Contains(x, y))
        {
            _labels.Add(candidate);
        }
    }

    private List<LabelLine> NameLines(string? zh, string? en, SKColor colour, float size, bool bold)
    {
        var lines = new List<LabelLine> { new(zh ?? "", bold ? _fonts.Bold : _fonts.Regular, size * _s, colour) };
        if (!string.IsNullOrEmpty(en))
        {
            lines.Add(new LabelLine(en, _fonts.Regular, size * 0.72f * _s, colour.WithAlpha(230)));
        }
        return lines;
    }

    private string Title()
    {
        if (_request.Title is { Length: > 0 } title)
        {
            return title;
        }
        if (_data.Coverage is { } coverage)
        {
            var category = _data.LifeCircles.Categories.FirstOrDefault(c => c.Id == coverage.Category);
            return $"{category?.NameZh ?? coverage.Category} · {_data.Level?.NameZh ?? coverage.Level}覆盖";
        }
        return "华阳街道 一轴二点、一带三片";
    }

    private string Subtitle()
    {
        if (_data.Coverage is { } coverage)
        {
            var category = _data.LifeCircles.Categories.FirstOrDefault(c => c.Id == coverage.Category);
            return string.Create(CultureInfo.InvariantCulture,
                $"{category?.NameEn ?? coverage.Category}, {_data.Level?.NameEn ?? coverage.Level} ({coverage.RadiusM:0} m, straight-line): "
                + $"{coverage.Total.CoveredShare:0.0%} of {coverage.Total.Population:N0} residents covered");
        }
        return "Huayang Street, Tianfu New Area, Chengdu — one axis, two points, one belt, three zones";
    }

    // --- geometry -------------------------------------------------------------------------------------

    /// <summary>
    /// Metres on the ground per pixel across the middle of the picture: 100 pixels either way of the centre, taken to
    /// lon/lat and measured with the WGS84 ellipsoid's radii of curvature at their mean latitude (exact to well under
    /// 0.1% over such a span), along the vertical instead where the horizontal span has no length (a pole).
    /// </summary>
    private double MetresPerPixel()
    {
        var centre = _request.Bbox.Centre;
        var across = Ground(centre.X - 50 * _unitsPerPixelX, centre.Y, centre.X + 50 * _unitsPerPixelX, centre.Y);
        return across > 0 ? across / 100 : Ground(centre.X, centre.Y - 50 * _unitsPerPixelY, centre.X, centre.Y + 50 * _unitsPerPixelY) / 100;

        double Ground(double x0, double y0, double x1, double y1)
        {
            var (lon0, lat0) = CoordinateTransformer.Transform(x0, y0, _request.Crs, CrsId.Wgs84);
            var (lon1, lat1) = CoordinateTransformer.Transform(x1, y1, _request.Crs, CrsId.Wgs84);
            const double A = 6378137, E2 = 0.00669437999014;
            var phi = (lat0 + lat1) / 2 * Math.PI / 180;
            var w = 1 - E2 * Math.Sin(phi) * Math.Sin(phi);
            var meridian = A * (1 - E2) / (w * Math.Sqrt(w));
            var primeVertical = A / Math.Sqrt(w);
            var north = (lat1 - lat0) * Math.PI / 180 * meridian;
            var east = (lon1 - lon0) * Math.PI / 180 * primeVertical * Math.Cos(phi);
            return Math.Sqrt(north * north + east * east);
        }
    }

    /// <summary>The pixel of a lon/lat position, in double precision (it may lie far outside the picture).</summary>
    private (double X, double Y) PixelOf(Coordinate lonLat)
    {
        var (x, y) = CoordinateTransformer.Transform(lonLat.X, lonLat.Y, CrsId.Wgs84, _request.Crs);
        return ((x - _request.Bbox.MinX) / _unitsPerPixelX, (_request.Bbox.MaxY - y) / _unitsPerPixelY);
    }

    private SKPoint Pixel(Coordinate lonLat)
    {
        var (x, y) = PixelOf(lonLat);
        return new SKPoint((float)x, (float)y);
    }

    /// <summary>The pixel of a position within the picture plus the margin, or null.</summary>
    private SKPoint? Visible(Coordinate lonLat)
    {
        var (x, y) = PixelOf(lonLat);
        return _clipper.Contains(x, y) ? new SKPoint((float)x, (float)y) : null;
    }

    private SKPath ToPath(Geometry geometry)
    {
        using var path = new SKPathBuilder { FillType = SKPathFillType.EvenOdd };
        Append(path, geometry);
        return path.Detach();
    }

    private void Append(SKPathBuilder path, Geometry geometry)
    {
        switch (geometry)
        {
            case Polygon polygon:
                AppendRing(path, polygon.ExteriorRing.Coordinates, true);
                foreach (var hole in polygon.InteriorRings)
                {
                    AppendRing(path, hole.Coordinates, true);
                }
                break;
            case LineString line:
                AppendRing(path, line.Coordinates, false);
                break;
            case GeometryCollection collection:
                for (var i = 0; i < collection.NumGeometries; i++)
                {
                    Append(path, collection.GetGeometryN(i));
                }
                break;
        }
    }

    private void AppendRing(SKPathBuilder path, Coordinate[] coordinates, bool close)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        if (coordinates.Length < 2)
        {
            return;
        }
        _points.Clear();
        foreach (var coordinate in coordinates)
        {
            _points.Add(PixelOf(coordinate));
        }
        if (close)
        {
            _clipper.AddRing(path, _points);
        }
        else
        {
            _clipper.AddLine(path, _points);
        }
    }

    private SKColor ZoneColour(IFeature zone) =>
        Attribute(zone, "id") is { } id && _style.Plan.Zones.TryGetValue(id, out var hex) ? MapStyle.Color(hex) : MapStyle.Color(_style.Plan.Label);

    private static SKColor Darker(SKColor c) => new((byte)(c.Red * 0.6), (byte)(c.Green * 0.6), (byte)(c.Blue * 0.6));

    private static SKPaint Stroke(SKColor colour, float width) =>
        new() { Color = colour, Style = SKPaintStyle.Stroke, StrokeWidth = width, IsAntialias = true, StrokeJoin = SKStrokeJoin.Round };

    private static string? Attribute(IFeature feature, string name) =>
        feature.Attributes?.GetOptionalValue(name) switch
        {
            null => null,
            string s => s,
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            var other => other.ToString(),
        };

    private static double? Number(IFeature feature, string name) =>
        feature.Attributes?.GetOptionalValue(name) switch
        {
            long l => l,
            int i => i,
            double d when double.IsFinite(d) => d,
            _ => null,
        };
}
