using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Huayang.Gis.Core.Model;
using Huayang.Gis.Core.Store;
using NetTopologySuite.Features;
using NetTopologySuite.IO.Converters;

namespace Huayang.Gis.Core.Analysis;

/// <summary>
/// The JSON shapes of the analysis answers, shared by the <c>huayang</c> command (<c>--format json</c>,
/// <c>geojson</c>) and the HTTP API so that both print the same fields and the same values.
/// </summary>
/// <remarks>
/// Property names are snake_case by attribute, so they do not depend on the caller's naming policy.
/// Distances are metres rounded to 3 decimals (1 mm); shares are fractions in [0, 1] rounded to 6 decimals.
/// </remarks>
public static class AnalysisJson
{
    /// <summary>snake_case, Chinese written as is (not <c>\u</c>-escaped), compact.</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary><see cref="Options"/> plus NetTopologySuite's GeoJSON converters, for feature collections.</summary>
    public static JsonSerializerOptions GeoJsonOptions { get; } = new(Options)
    {
        Converters = { new GeoJsonConverterFactory() },
    };

    /// <summary>Sites with their distances, in the order given (nearest first, as the store answers).</summary>
    public static IReadOnlyList<SiteDistanceJson> Sites(IEnumerable<SiteDistance> sites) =>
        sites.Select(s => new SiteDistanceJson(
            s.Site.Id, s.Site.NameZh, s.Site.NameEn, s.Site.Category, s.Site.Status, Math.Round(s.DistanceM, 3)))
        .ToList();

    /// <summary>A community without its geometry.</summary>
    public static CommunityJson Community(Community community) =>
        new(community.Id, community.NameZh, community.NameEn, community.Population, community.Households);

    /// <summary>A coverage report without the uncovered geometry (see <see cref="CoverageFeatures"/> for that).</summary>
    public static CoverageJson Coverage(CoverageReport report) => new(
        report.Category,
        report.Level,
        report.Method,
        report.RadiusM,
        report.Minutes,
        report.WalkingSpeedMPerMin,
        Math.Round(report.RadiusM / report.WalkingSpeedMPerMin, 2),
        StatusId(report.Status),
        report.SiteCount,
        report.Network is { } network ? new NetworkFactsJson(
            network.OffNetworkLimitM, network.OffNetworkCells, report.Total.OffNetworkPopulation ?? 0, network.OffNetworkSiteIds) : null,
        report.Communities.Select(c => new CommunityCoverageJson(
            c.CommunityId, c.NameZh, c.NameEn, c.Population, c.CoveredPopulation,
            Math.Round(c.CoveredShare, 6), Math.Round(c.CoveredAreaShare, 6), RoundMetres(c.NearestSiteM))
        {
            BufferCoveredPopulation = c.BufferCoveredPopulation,
            BufferCoveredShare = c.BufferCoveredPopulation is { } b ? Math.Round(c.Population == 0 ? 0 : (double)b / c.Population, 6) : null,
            OffNetworkPopulation = c.OffNetworkPopulation,
            NearestSiteWalkM = RoundMetres(c.NearestSiteWalkM),
        })
        .ToList(),
        new CoverageTotalJson(
            report.Total.Population, report.Total.CoveredPopulation,
            Math.Round(report.Total.CoveredShare, 6), Math.Round(report.Total.CoveredAreaShare, 6))
        {
            BufferCoveredPopulation = report.Total.BufferCoveredPopulation,
            BufferCoveredShare = report.Total.BufferCoveredPopulation is { } b
                ? Math.Round(report.Total.Population == 0 ? 0 : (double)b / report.Total.Population, 6)
                : null,
            OffNetworkPopulation = report.Total.OffNetworkPopulation,
        });

    /// <summary>The id of a status filter as the CLI and the API accept it: <c>all</c>, <c>existing</c> or <c>planned</c>.</summary>
    public static string StatusId(SiteStatusFilter status) => status switch
    {
        SiteStatusFilter.Existing => "existing",
        SiteStatusFilter.Planned => "planned",
        _ => "all",
    };

    /// <summary>
    /// A coverage report as GeoJSON features (WGS84 lon/lat): one per community with its figures
    /// (<c>kind: "community"</c>, when <paramref name="communityFeatures"/> is given), then one feature
    /// <c>kind: "uncovered"</c>, the part of the street farther than the radius from every site, carrying
    /// category, level, radius_m and method.
    /// </summary>
    /// <param name="communityFeatures">The <see cref="Layers.Communities"/> features of the store the report came from, or null for the uncovered feature alone.</param>
    public static FeatureCollection CoverageFeatures(CoverageReport report, IEnumerable<IFeature>? communityFeatures)
    {
        var collection = new FeatureCollection();
        if (communityFeatures is not null)
        {
            var rows = report.Communities.ToDictionary(c => c.CommunityId, StringComparer.Ordinal);
            foreach (var feature in communityFeatures)
            {
                var row = rows[(string)feature.Attributes["id"]];
                collection.Add(new Feature(feature.Geometry, new AttributesTable
                {
                    { "id", row.CommunityId },
                    { "kind", "community" },
                    { "name_zh", row.NameZh },
                    { "name_en", row.NameEn },
                    { "population", row.Population },
                    { "covered_population", row.CoveredPopulation },
                    { "covered_share", Math.Round(row.CoveredShare, 6) },
                    { "covered_area_share", Math.Round(row.CoveredAreaShare, 6) },
                    { "nearest_site_m", RoundMetres(row.NearestSiteM) },
                }));
            }
        }
        collection.Add(new Feature(report.Uncovered, new AttributesTable
        {
            { "id", "uncovered" },
            { "kind", "uncovered" },
            { "category", report.Category },
            { "level", report.Level },
            { "radius_m", report.RadiusM },
            { "method", report.Method },
        }));
        foreach (var cell in report.Network?.Uncovered ?? [])
        {
            collection.Add(new Feature(cell.Position, new AttributesTable
            {
                { "id", cell.Id },
                { "kind", cell.OnNetwork ? "uncovered_cell" : "off_network_cell" },
                { "community_id", cell.CommunityId },
                { "residents", cell.Residents },
            }));
        }
        return collection;
    }

    /// <summary>
    /// A service area as GeoJSON features (WGS84 lon/lat): one <c>kind: "area"</c> polygon per ring (largest first, so
    /// smaller rings draw on top) with distance_m and minutes; the reached walkways of the largest ring as
    /// <c>kind: "line"</c> (cost_start_m, cost_end_m, partial when cut at the distance; connectors from the sites with
    /// <c>connector: true</c>); the sites as <c>kind: "site"</c> points (on_network, connector_m); and, when
    /// <paramref name="withNodes"/>, the reached nodes of the largest ring as <c>kind: "node"</c> with cost_m.
    /// Every feature carries method and walking_speed_m_per_min.
    /// </summary>
    public static FeatureCollection ServiceAreaFeatures(ServiceAreaReport report, bool withNodes)
    {
        var collection = new FeatureCollection();
        AttributesTable Common(string id, string kind) => new()
        {
            { "id", id },
            { "kind", kind },
            { "method", report.Method },
            { "walking_speed_m_per_min", report.WalkingSpeedMPerMin },
        };

        foreach (var ring in report.Rings.OrderByDescending(r => r.Area.DistanceM))
        {
            var attributes = Common(string.Create(CultureInfo.InvariantCulture, $"area-{ring.Area.DistanceM:0.###}"), "area");
            attributes.Add("distance_m", ring.Area.DistanceM);
            attributes.Add("minutes", Math.Round(ring.Minutes, 2));
            attributes.Add("width_m", Network.ServiceAreas.AreaWidthM);
            attributes.Add("area_m2", Math.Round(ring.Area.Area.Area, 1));
            collection.Add(new Feature(Crs.MetricProjection.ToWgs84(ring.Area.Area), attributes));
        }

        if (report.Rings.MaxBy(r => r.Area.DistanceM) is { } largest)
        {
            var index = 0;
            foreach (var line in largest.Area.Lines)
            {
                var attributes = Common(string.Create(CultureInfo.InvariantCulture, $"line-{index++}"), "line");
                attributes.Add("edge", line.EdgeId);
                attributes.Add("walkway_id", line.WalkwayId);
                attributes.Add("connector", line.Connector);
                attributes.Add("partial", line.Partial);
                attributes.Add("cost_start_m", Math.Round(line.CostAtStartM, 3));
                attributes.Add("cost_end_m", Math.Round(line.CostAtEndM, 3));
                collection.Add(new Feature(Crs.MetricProjection.ToWgs84(line.Metric), attributes));
            }

            if (withNodes)
            {
                foreach (var node in largest.Area.Nodes)
                {
                    var attributes = Common(string.Create(CultureInfo.InvariantCulture, $"node-{node.Node}"), "node");
                    attributes.Add("node", node.Node);
                    attributes.Add("cost_m", Math.Round(node.CostM, 3));
                    var position = Crs.MetricProjection.ToWgs84(node.Metric.X, node.Metric.Y);
                    collection.Add(new Feature(new NetTopologySuite.Geometries.Point(position) { SRID = 4326 }, attributes));
                }
            }
        }

        foreach (var (site, join) in report.Sites)
        {
            var attributes = Common(site.Id, "site");
            attributes.Add("name_zh", site.NameZh);
            attributes.Add("name_en", site.NameEn);
            attributes.Add("category", site.Category);
            attributes.Add("status", site.Status);
            attributes.Add("on_network", join is not null);
            attributes.Add("connector_m", join is { } j ? Math.Round(j.ConnectorM, 3) : null);
            attributes.Add("off_network_limit_m", report.OffNetworkLimitM);
            collection.Add(new Feature(site.Geometry, attributes));
        }

        return collection;
    }

    private static double? RoundMetres(double? metres) => metres is { } m ? Math.Round(m, 3) : null;
}

/// <summary>A site and its distance from the query position: <c>{id, name_zh, name_en, category, status, distance_m}</c>.</summary>
public sealed record SiteDistanceJson(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name_zh")] string NameZh,
    [property: JsonPropertyName("name_en")] string NameEn,
    [property: JsonPropertyName("category")] string Category,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("distance_m")] double DistanceM);

/// <summary>A community: <c>{id, name_zh, name_en, population, households}</c>.</summary>
public sealed record CommunityJson(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name_zh")] string NameZh,
    [property: JsonPropertyName("name_en")] string NameEn,
    [property: JsonPropertyName("population")] int Population,
    [property: JsonPropertyName("households")] int Households);

/// <summary>
/// A coverage report: <c>{category, level, method, radius_m, minutes, walking_speed_m_per_min, walk_minutes, status,
/// site_count, network?, communities, total}</c>; <c>network</c> only for the network method.
/// </summary>
public sealed record CoverageJson(
    [property: JsonPropertyName("category")] string Category,
    [property: JsonPropertyName("level")] string Level,
    [property: JsonPropertyName("method")] string Method,
    [property: JsonPropertyName("radius_m")] double RadiusM,
    [property: JsonPropertyName("minutes")] int Minutes,
    [property: JsonPropertyName("walking_speed_m_per_min")] double WalkingSpeedMPerMin,
    [property: JsonPropertyName("walk_minutes")] double WalkMinutes,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("site_count")] int SiteCount,
    [property: JsonPropertyName("network"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] NetworkFactsJson? Network,
    [property: JsonPropertyName("communities")] IReadOnlyList<CommunityCoverageJson> Communities,
    [property: JsonPropertyName("total")] CoverageTotalJson Total);

/// <summary>How a network coverage answer walked: the off-network limit and what lies beyond it.</summary>
public sealed record NetworkFactsJson(
    [property: JsonPropertyName("off_network_limit_m")] double OffNetworkLimitM,
    [property: JsonPropertyName("off_network_cells")] int OffNetworkCells,
    [property: JsonPropertyName("off_network_population")] int OffNetworkPopulation,
    [property: JsonPropertyName("off_network_sites")] IReadOnlyList<string> OffNetworkSites);

/// <summary>
/// One community's row of a coverage report; <c>nearest_site_m</c> (straight line from the population-weighted centre)
/// is null when no site of the category exists. The network method adds the buffer figures and the off-network residents.
/// </summary>
public sealed record CommunityCoverageJson(
    [property: JsonPropertyName("community_id")] string CommunityId,
    [property: JsonPropertyName("name_zh")] string NameZh,
    [property: JsonPropertyName("name_en")] string NameEn,
    [property: JsonPropertyName("population")] int Population,
    [property: JsonPropertyName("covered_population")] int CoveredPopulation,
    [property: JsonPropertyName("covered_share")] double CoveredShare,
    [property: JsonPropertyName("covered_area_share")] double CoveredAreaShare,
    [property: JsonPropertyName("nearest_site_m")] double? NearestSiteM)
{
    [JsonPropertyName("buffer_covered_population"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? BufferCoveredPopulation { get; init; }

    [JsonPropertyName("buffer_covered_share"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? BufferCoveredShare { get; init; }

    [JsonPropertyName("off_network_population"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? OffNetworkPopulation { get; init; }

    [JsonPropertyName("nearest_site_walk_m"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? NearestSiteWalkM { get; init; }
}

/// <summary>The street's totals of a coverage report (the network method adds the buffer figures and the off-network residents).</summary>
public sealed record CoverageTotalJson(
    [property: JsonPropertyName("population")] int Population,
    [property: JsonPropertyName("covered_population")] int CoveredPopulation,
    [property: JsonPropertyName("covered_share")] double CoveredShare,
    [property: JsonPropertyName("covered_area_share")] double CoveredAreaShare)
{
    [JsonPropertyName("buffer_covered_population"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? BufferCoveredPopulation { get; init; }

    [JsonPropertyName("buffer_covered_share"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? BufferCoveredShare { get; init; }

    [JsonPropertyName("off_network_population"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? OffNetworkPopulation { get; init; }
}
