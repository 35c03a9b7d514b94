using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using Huayang.Gis.Core.Analysis;
using Huayang.Gis.Core.Crs;
using Huayang.Gis.Core.Model;
using Huayang.Gis.Core.Store;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Union;

namespace Huayang.Gis.Rendering;

/// <summary>
/// The map pictures of a compliance report (<see cref="ComplianceOutput.Html"/>): for each level, the street with its
/// communities coloured by how many required categories they miss; and for each community that misses any, the
/// community outlined among its neighbours with the area from which each missing category is reached drawn over them
/// (the walking service area of its sites for the network method, their straight-line circles for the buffer method),
/// so the picture shows where the gap lies. JPEG, Chinese and English, in the style table's colours.
/// </summary>
public static class ComplianceMaps
{
    private const int OverviewWidth = 1000;
    private const int OverviewHeight = 700;
    private const int CommunityWidth = 720;
    private const int CommunityHeight = 480;
    private const int JpegQuality = 85;

    /// <summary>
    /// The area reached from each level's category, kept with the report it was drawn for: every community picture of a
    /// level draws the same few areas, and the server draws each picture in a request of its own for the report it
    /// keeps, so an area is computed once per report (and forgotten with it), not once per picture.
    /// </summary>
    private static readonly ConditionalWeakTable<ComplianceReport, ConcurrentDictionary<(string Level, string Category), Geometry>> ReachedAreas = new();

    /// <summary>Draws every picture of <paramref name="report"/> and gives <see cref="ComplianceOutput.Html"/> each as a
    /// <c>data:</c> address, so the document is one file (the CLI's report).</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async Task<Func<string, string?, string?>> EmbeddedAsync(
        ISpatialStore store, ComplianceReport report, MapRenderer renderer, CancellationToken cancellationToken = default)
    {
        var pictures = await DrawAsync(store, report, renderer, cancellationToken);
        return (level, community) => pictures.TryGetValue((level, community), out var picture)
            ? "data:image/jpeg;base64," + Convert.ToBase64String(picture.Jpeg)
            : null;
    }

    /// <summary>Whether the report has a picture of the level's street (<paramref name="community"/> null) or of a
    /// community (one that misses a required category).</summary>
    public static bool HasPicture(ComplianceReport report, string level, string? community) =>
        report.Levels.FirstOrDefault(l => l.Level.Id == level) is { } found
        && (community is null || found.Communities.Any(c => c.CommunityId == community && c.Missing.Any()));

    /// <summary>One picture of the report (the street's of a level, or a community's), or null when it has none.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async Task<CompliancePicture?> DrawOneAsync(
        ISpatialStore store, ComplianceReport report, MapRenderer renderer, string level, string? community,
        CancellationToken cancellationToken = default) =>
        (await DrawAsync(store, report, renderer, cancellationToken, key => key == (level, community))).GetValueOrDefault((level, community));

    /// <summary>Every picture (or those <paramref name="wanted"/> selects) with the request that drew it (its box and
    /// size, for finding a place on it), keyed by level id and community id (null for a level's street).</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async Task<IReadOnlyDictionary<(string Level, string? Community), CompliancePicture>> DrawAsync(
        ISpatialStore store, ComplianceReport report, MapRenderer renderer, CancellationToken cancellationToken = default,
        Func<(string Level, string? Community), bool>? wanted = null)
    {
        wanted ??= _ => true;
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(renderer);
        var state = await store.GetStateAsync(cancellationToken);
        var drawn = MapLayers.Of(state.Layers).Where(l => l is Layers.Communities or Layers.Water or Layers.Roads or Layers.Sites).ToList();
        var features = new Dictionary<string, IReadOnlyList<IFeature>>(StringComparer.Ordinal);
        foreach (var layer in drawn)
        {
            features[layer] = await store.GetFeaturesAsync(layer, null, cancellationToken);
        }

        var style = renderer.Style.Compliance;
        var communities = features.GetValueOrDefault(Layers.Communities) ?? [];
        var geometryOf = communities.Where(c => Text(c, "id") is not null).ToDictionary(c => Text(c, "id")!, c => c.Geometry, StringComparer.Ordinal);
        var streetBox = MapExtent.OfData(new MapData(features, state.LifeCircles), [Layers.Communities]) ?? MapExtent.HuayangStreet;
        var pictures = new Dictionary<(string, string?), CompliancePicture>();
        foreach (var level in report.Levels)
        {
            var required = level.Level.RequiredCategories.ToHashSet(StringComparer.Ordinal);
            var sites = (features.GetValueOrDefault(Layers.Sites) ?? [])
                .Where(s => Text(s, "category") is { } c && required.Contains(c) && Counted(s, report.Status)).ToList();
            var layers = new Dictionary<string, IReadOnlyList<IFeature>>(features, StringComparer.Ordinal) { [Layers.Sites] = sites };
            var classes = Classes(level, style);
            var method = report.Method == "network" ? "步行" : "直线";
            var methodEn = report.Method == "network" ? "walking" : "straight-line";
            var data = new MapData(layers, state.LifeCircles) { Registry = state.Layers, Classes = classes };
            if (wanted((level.Level.Id, null)))
            {
                pictures[(level.Level.Id, null)] = Render(renderer, drawn, data, MapExtent.ForReport(streetBox), OverviewWidth, OverviewHeight,
                    $"{level.Level.NameZh} 达标评估", string.Create(CultureInfo.InvariantCulture,
                        $"{level.Level.NameEn}: required categories missing per community ({level.Level.RadiusM:0} m {methodEn}, {method}), sites counted: {AnalysisJson.StatusId(report.Status)}"),
                    cancellationToken);
            }

            var areas = ReachedAreas.GetValue(report, _ => new ConcurrentDictionary<(string, string), Geometry>());
            foreach (var community in level.Communities.Where(c => c.Missing.Any() && geometryOf.ContainsKey(c.CommunityId) && wanted((level.Level.Id, c.CommunityId))))
            {
                var overlays = new List<MapOverlay>();
                foreach (var finding in community.Missing)
                {
                    if (!areas.TryGetValue((level.Level.Id, finding.Category), out var area))
                    {
                        area = await ReachedFromAsync(store, report, level.Level, finding.Category, sites, cancellationToken);
                        areas.TryAdd((level.Level.Id, finding.Category), area);
                    }
                    overlays.Add(new MapOverlay(area, renderer.Style.SiteStyle(finding.Category).Color,
                        string.Create(CultureInfo.InvariantCulture, $"{finding.NameZh} {level.Level.RadiusM:0} 米{method}可达"),
                        string.Create(CultureInfo.InvariantCulture, $"{finding.NameEn} within {level.Level.RadiusM:0} m {methodEn}")));
                }
                var geometry = geometryOf[community.CommunityId];
                overlays.Add(new MapOverlay(geometry, style.Focus, community.NameZh, community.NameEn, Filled: false));
                var box = geometry.EnvelopeInternal.Copy();
                var grow = Math.Max(level.Level.RadiusM / 100_000, Math.Max(box.Width, box.Height) * 0.35);
                box.ExpandBy(grow, grow);
                // The community's neighbours are drawn plain here, so that the reached areas read clearly over them.
                pictures[(level.Level.Id, community.CommunityId)] = Render(renderer, drawn, data with { Classes = null, Overlays = overlays },
                    MapExtent.ForReport(box), CommunityWidth, CommunityHeight,
                    $"{community.NameZh} · {level.Level.NameZh}",
                    $"{community.NameEn}, {level.Level.NameEn}: {community.Missing.Count()} of {community.Findings.Count} required categories missing",
                    cancellationToken);
            }
        }

        return pictures;
    }

    /// <summary>Met (nothing missing), then 1, 2, … missing; the last class holds that many or more.</summary>
    private static CommunityClasses Classes(LevelCompliance level, Styles.ComplianceStyle style)
    {
        var classes = new List<CommunityClass> { new("全部达标", "All met", style.Met) };
        for (var i = 0; i < style.Missing.Count; i++)
        {
            var last = i == style.Missing.Count - 1;
            classes.Add(new CommunityClass(
                last ? $"缺 ≥{i + 1} 项" : $"缺 {i + 1} 项",
                last ? $"{i + 1} or more missing" : $"{i + 1} missing",
                style.Missing[i]));
        }
        var classOf = level.Communities.ToDictionary(
            c => c.CommunityId, c => Math.Min(c.Missing.Count(), style.Missing.Count), StringComparer.Ordinal);
        return new CommunityClasses("缺少的必配设施", "Required categories missing", classes, classOf);
    }

    /// <summary>Where a site of the category is within the level's distance: its walking service area, or its sites' circles.</summary>
    private static async Task<Geometry> ReachedFromAsync(
        ISpatialStore store, ComplianceReport report, LifeCircleLevel level, string category, IReadOnlyList<IFeature> sites,
        CancellationToken cancellationToken)
    {
        if (report.Method == "network")
        {
            var answer = await store.ServiceAreaAsync(
                new ServiceAreaRequest(null, category, report.Status, [level.RadiusM]) { OffNetworkLimitM = report.OffNetworkLimitM },
                cancellationToken);
            return MetricProjection.ToWgs84(answer.Rings[0].Area.Area);
        }
        var circles = sites.Where(s => Text(s, "category") == category)
            .Select(s => MetricProjection.ToMetric(s.Geometry).Buffer(level.RadiusM, 16))
            .ToList();
        return circles.Count == 0 ? GeometryFactory.Default.CreatePolygon() : MetricProjection.ToWgs84(CascadedPolygonUnion.Union(circles));
    }

    /// <summary>JPEG at quality 85: a report of every level holds some 150 pictures, a third the size of PNGs.</summary>
    private static CompliancePicture Render(
        MapRenderer renderer, IReadOnlyList<string> layers, MapData data, Envelope lonLat, int width, int height, string title,
        string subtitle, CancellationToken cancellationToken)
    {
        var request = new MapRequest
        {
            Bbox = MapExtent.Fit(lonLat, CrsId.WebMercator, width, height),
            Width = width,
            Height = height,
            Layers = layers,
            Title = title,
            Subtitle = subtitle,
        };
        return new CompliancePicture(renderer.RenderJpeg(request, data, JpegQuality, cancellationToken), request);
    }

    private static bool Counted(IFeature site, SiteStatusFilter status) => status switch
    {
        SiteStatusFilter.Existing => Text(site, "status") == "existing",
        SiteStatusFilter.Planned => Text(site, "status") == "planned",
        _ => true,
    };

    private static string? Text(IFeature feature, string name) => feature.Attributes?.GetOptionalValue(name) as string;
}

/// <summary>One picture of a compliance report and the request that drew it.</summary>
public sealed record CompliancePicture(byte[] Jpeg, MapRequest Request);
