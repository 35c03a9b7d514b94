using System.Globalization;
using Huayang.Gis.Core.Analysis;
using Huayang.Gis.Core.Model;
using Huayang.Gis.Rendering.Styles;
using Huayang.Gis.Rendering.Text;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using SkiaSharp;

namespace Huayang.Gis.Rendering.Drawing;

/// <summary>One picture being drawn: the viewport, the layers, then labels and decorations.</summary>
/// <remarks>
/// Every geometry is projected to pixels in double precision and clipped to the picture plus <see cref="Viewport.Margin"/>
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
    private readonly float _scale;
    private readonly Viewport _viewport;
    private readonly CancellationToken _cancellationToken;

    public MapDrawing(MapRenderer renderer, MapRequest request, MapData data, SKCanvas canvas, CancellationToken cancellationToken)
    {
        _cancellationToken = cancellationToken;
        _request = request;
        _data = data;
        _canvas = canvas;
        _style = renderer.Style;
        _fonts = renderer.Fonts;
        _labels = new LabelPlacer(request.Width, request.Height);
        _scale = (float)Math.Clamp(Math.Sqrt((double)request.Width * request.Height) / 1100, 0.6, 3.0);
        _legend = new Legend(_style, _scale);
        // Wider than any stroke, cap, symbol or dash drawn near the edge, so that clipping shows nowhere.
        _viewport = new Viewport(request, 48 * _scale, cancellationToken);
    }

    public IReadOnlyList<SKRect> PlacedLabels => _labels.Placed;

    /// <summary>The legend rows the painters added while drawing.</summary>
    public IReadOnlyList<LegendRow> LegendRows => _legend.Rows;

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
        DrawOverlays(filled: false);
        if (_request.Decorations)
        {
            var decorations = new Decorations(_canvas, _fonts, _style, _scale, _request.Width, _request.Height);
            foreach (var box in decorations.Draw(Title(), Subtitle(), _legend.Rows, _viewport.MetresPerPixel()))
            {
                _labels.AddObstacle(box);
            }
            _labels.Draw(_canvas, MapStyle.Color(_style.Halo), _style.Labels.HaloWidth * _scale, _cancellationToken);
            decorations.DrawAttribution($"Illustrative data — not real boundaries / 示意数据 · Huayang.Gis · {_request.Crs.Code}");
        }
        else
        {
            _labels.Draw(_canvas, MapStyle.Color(_style.Halo), _style.Labels.HaloWidth * _scale, _cancellationToken);
        }
    }

    // --- shared by the painters -----------------------------------------------------------------------

    private void Hatch(SKPath path, SKColor colour, float spacing, float width, bool forward)
    {
        if (path.IsEmpty)
        {
            return;
        }
        _canvas.Save();
        _canvas.ClipPath(path, SKClipOperation.Intersect, true);
        using var paint = Paints.Stroke(colour, width);
        // Only the part of the area inside the picture is hatched, one line per integer index (see Hatching).
        foreach (var (from, to) in Hatching.Lines(path.Bounds, new SKRect(0, 0, _request.Width, _request.Height), spacing, forward, width))
        {
            _cancellationToken.ThrowIfCancellationRequested();
            _canvas.DrawLine(from, to, paint);
        }
        _canvas.Restore();
    }

    // --- labels ---------------------------------------------------------------------------------------

    private void AddAreaLabel(Geometry geometry, int priority, string zh, string? en, SKColor colour, float size, bool bold)
    {
        if (geometry.IsEmpty || string.IsNullOrEmpty(zh))
        {
            return;
        }
        var (x, y) = _viewport.PixelOf(geometry.InteriorPoint.Coordinate);
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
        if (_viewport.Contains(x, y))
        {
            _labels.Add(candidate);
        }
    }

    private List<LabelLine> NameLines(string? zh, string? en, SKColor colour, float size, bool bold)
    {
        var lines = new List<LabelLine> { new(zh ?? "", bold ? _fonts.Bold : _fonts.Regular, size * _scale, colour) };
        if (!string.IsNullOrEmpty(en))
        {
            lines.Add(new LabelLine(en, _fonts.Regular, size * _style.Labels.EnglishRatio * _scale, colour.WithAlpha(_style.Labels.EnglishAlpha)));
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
        if (_request.Subtitle is { Length: > 0 } subtitle)
        {
            return subtitle;
        }
        if (_data.Coverage is { } coverage)
        {
            var category = _data.LifeCircles.Categories.FirstOrDefault(c => c.Id == coverage.Category);
            var sites = coverage.Status switch
            {
                SiteStatusFilter.Existing => ", existing sites only",
                SiteStatusFilter.Planned => ", planned sites only",
                _ => "",
            };
            return string.Create(CultureInfo.InvariantCulture,
                $"{category?.NameEn ?? coverage.Category}, {_data.Level?.NameEn ?? coverage.Level} ({coverage.RadiusM:0} m, {(coverage.Method == "network" ? "walking" : "straight-line")}{sites}): "
                + $"{coverage.Total.CoveredShare:0.0%} of {coverage.Total.Population:N0} residents covered");
        }
        return "Huayang Street, Tianfu New Area, Chengdu — one axis, two points, one belt, three zones";
    }

    private static SKColor Darker(SKColor c) => new((byte)(c.Red * 0.6), (byte)(c.Green * 0.6), (byte)(c.Blue * 0.6));

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
