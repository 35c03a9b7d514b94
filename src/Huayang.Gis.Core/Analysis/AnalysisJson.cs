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
        StatusId(report.Status),
        report.SiteCount,
        report.Communities.Select(c => new CommunityCoverageJson(
            c.CommunityId, c.NameZh, c.NameEn, c.Population, c.CoveredPopulation,
            Math.Round(c.CoveredShare, 6), Math.Round(c.CoveredAreaShare, 6), RoundMetres(c.NearestSiteM)))
        .ToList(),
        new CoverageTotalJson(
            report.Total.Population, report.Total.CoveredPopulation,
            Math.Round(report.Total.CoveredShare, 6), Math.Round(report.Total.CoveredAreaShare, 6)));

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

/// <summary>A coverage report: <c>{category, level, method, radius_m, status, site_count, communities, total}</c>.</summary>
public sealed record CoverageJson(
    [property: JsonPropertyName("category")] string Category,
    [property: JsonPropertyName("level")] string Level,
    [property: JsonPropertyName("method")] string Method,
    [property: JsonPropertyName("radius_m")] double RadiusM,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("site_count")] int SiteCount,
    [property: JsonPropertyName("communities")] IReadOnlyList<CommunityCoverageJson> Communities,
    [property: JsonPropertyName("total")] CoverageTotalJson Total);

/// <summary>One community's row of a coverage report; <c>nearest_site_m</c> is null when no site of the category exists.</summary>
public sealed record CommunityCoverageJson(
    [property: JsonPropertyName("community_id")] string CommunityId,
    [property: JsonPropertyName("name_zh")] string NameZh,
    [property: JsonPropertyName("name_en")] string NameEn,
    [property: JsonPropertyName("population")] int Population,
    [property: JsonPropertyName("covered_population")] int CoveredPopulation,
    [property: JsonPropertyName("covered_share")] double CoveredShare,
    [property: JsonPropertyName("covered_area_share")] double CoveredAreaShare,
    [property: JsonPropertyName("nearest_site_m")] double? NearestSiteM);

/// <summary>The street's totals of a coverage report.</summary>
public sealed record CoverageTotalJson(
    [property: JsonPropertyName("population")] int Population,
    [property: JsonPropertyName("covered_population")] int CoveredPopulation,
    [property: JsonPropertyName("covered_share")] double CoveredShare,
    [property: JsonPropertyName("covered_area_share")] double CoveredAreaShare);
