using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Huayang.Gis.Core.Analysis;
using Huayang.Gis.Core.Model;
using Huayang.Gis.Core.Store;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Huayang.Gis.Server.Analysis;

/// <summary>
/// <c>/analysis/*</c>: nearest sites, sites within a radius, the community at a point, buffer coverage and
/// its gaps. Answers have the shapes of the <c>huayang</c> command's JSON (<see cref="AnalysisJson"/>);
/// positions are WGS84 lon/lat degrees, distances metres in the EPSG:4544 plane.
/// </summary>
internal static class AnalysisEndpoints
{
    public const string GeoJsonContentType = "application/geo+json";

    private const string LonDescription = "Longitude, WGS84 degrees, -180 to 180 (e.g. 104.05).";
    private const string LatDescription = "Latitude, WGS84 degrees, -90 to 90 (e.g. 30.5).";
    private const string CategoryDescription = "Site category id from the dataset's life-circle table (e.g. kindergarten).";
    private const string LevelDescription = "Life-circle level id: 5min (300 m), 10min (500 m) or 15min (1,000 m).";
    private const string MethodDescription = "Coverage method: only buffer (straight-line distance) is built.";
    private const string StatusDescription = "Which sites count: all (existing and planned, default), existing or planned.";

    public static IEndpointRouteBuilder MapAnalysisEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/analysis").WithTags("Analysis");

        group.MapGet("/nearest", NearestAsync)
            .WithName("AnalysisNearest")
            .WithSummary("The k sites nearest a position")
            .WithDescription(
                "Sites nearest the position, nearest first (ties by id), optionally of one category: "
                + "[{id, name_zh, name_en, category, status, distance_m}], distance in metres (EPSG:4544 plane, 1 mm). "
                + "The same answer as `huayang nearest --format json`.")
            .Produces<IReadOnlyList<SiteDistanceJson>>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest);

        group.MapGet("/within", WithinAsync)
            .WithName("AnalysisWithin")
            .WithSummary("Sites within a radius of a position")
            .WithDescription(
                "Every site within radius_m metres of the position (inclusive), nearest first, optionally of one category; "
                + "the same shape as /analysis/nearest and `huayang within --format json`.")
            .Produces<IReadOnlyList<SiteDistanceJson>>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest);

        group.MapGet("/community", CommunityAsync)
            .WithName("AnalysisCommunity")
            .WithSummary("The community at a position")
            .WithDescription(
                "The community (社区) covering the position: {id, name_zh, name_en, population, households}; "
                + "404 when the position is outside every community.")
            .Produces<CommunityJson>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/coverage", CoverageAsync)
            .WithName("AnalysisCoverage")
            .WithSummary("Life-circle coverage of a category of site")
            .WithDescription(
                "Residents within a life-circle level's radius of a site of the category (buffer method, GB 50180-2018), "
                + "per community and in total: {category, level, method, radius_m, status, site_count, communities: "
                + "[{community_id, name_zh, name_en, population, covered_population, covered_share, covered_area_share, "
                + "nearest_site_m}], total: {population, covered_population, covered_share, covered_area_share}}. "
                + "The same answer as `huayang coverage --format json`. Buffer coverage overstates coverage across rivers; "
                + "network (walking) coverage is not built yet.")
            .Produces<CoverageJson>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest);

        group.MapGet("/coverage/gaps", CoverageGapsAsync)
            .WithName("AnalysisCoverageGaps")
            .WithSummary("The part of the street outside a category's coverage, as GeoJSON")
            .WithDescription(
                "A GeoJSON FeatureCollection (WGS84 lon/lat) whose feature kind \"uncovered\" is the part of the street "
                + "farther than the level's radius from every counted site, with properties category, level, radius_m and "
                + "method; with communities=true it is preceded by one feature per community (kind \"community\") carrying "
                + "its coverage figures, as `huayang coverage --format geojson` prints.")
            .Produces(StatusCodes.Status200OK, contentType: GeoJsonContentType)
            .ProducesProblem(StatusCodes.Status400BadRequest);

        return endpoints;
    }

    internal static async Task<Results<JsonHttpResult<IReadOnlyList<SiteDistanceJson>>, ProblemHttpResult>> NearestAsync(
        [FromQuery, Description(LonDescription)] string? lon,
        [FromQuery, Description(LatDescription)] string? lat,
        [FromQuery, Description(CategoryDescription + " All categories when absent.")] string? category,
        [FromQuery, Description("How many sites, 1 to 1000 (default 3).")] string? k,
        ISpatialStore store,
        CancellationToken cancellationToken)
    {
        if (!AnalysisParameters.TryPosition(lon, lat, out var x, out var y, out var problem)
            || !AnalysisParameters.TryCategory((await store.GetStateAsync(cancellationToken)).LifeCircles, category, required: false, out var categoryId, out problem)
            || !AnalysisParameters.TryK(k, out var count, out problem))
        {
            return problem;
        }
        var sites = await store.NearestSitesAsync(x, y, count, categoryId, cancellationToken);
        return TypedResults.Json(AnalysisJson.Sites(sites), AnalysisJson.Options);
    }

    internal static async Task<Results<JsonHttpResult<IReadOnlyList<SiteDistanceJson>>, ProblemHttpResult>> WithinAsync(
        [FromQuery, Description(LonDescription)] string? lon,
        [FromQuery, Description(LatDescription)] string? lat,
        [FromQuery(Name = "radius_m"), Description("Radius in metres, 0 to 100000.")] string? radiusM,
        [FromQuery, Description(CategoryDescription + " All categories when absent.")] string? category,
        ISpatialStore store,
        CancellationToken cancellationToken)
    {
        if (!AnalysisParameters.TryPosition(lon, lat, out var x, out var y, out var problem)
            || !AnalysisParameters.TryRadius(radiusM, out var radius, out problem)
            || !AnalysisParameters.TryCategory((await store.GetStateAsync(cancellationToken)).LifeCircles, category, required: false, out var categoryId, out problem))
        {
            return problem;
        }
        var sites = await store.SitesWithinAsync(x, y, radius, categoryId, cancellationToken);
        return TypedResults.Json(AnalysisJson.Sites(sites), AnalysisJson.Options);
    }

    internal static async Task<Results<JsonHttpResult<CommunityJson>, ProblemHttpResult>> CommunityAsync(
        [FromQuery, Description(LonDescription)] string? lon,
        [FromQuery, Description(LatDescription)] string? lat,
        ISpatialStore store,
        CancellationToken cancellationToken)
    {
        if (!AnalysisParameters.TryPosition(lon, lat, out var x, out var y, out var problem))
        {
            return problem;
        }
        var community = await store.CommunityAtAsync(x, y, cancellationToken);
        if (community is null)
        {
            return ApiProblems.NotFound(string.Create(CultureInfo.InvariantCulture,
                $"No community at lon {x}, lat {y}: the position is outside every community of the dataset."));
        }
        return TypedResults.Json(AnalysisJson.Community(community), AnalysisJson.Options);
    }

    internal static async Task<Results<JsonHttpResult<CoverageJson>, ProblemHttpResult>> CoverageAsync(
        [FromQuery, Description(CategoryDescription)] string? category,
        [FromQuery, Description(LevelDescription)] string? level,
        [FromQuery, Description(MethodDescription)] string? method,
        [FromQuery, Description(StatusDescription)] string? status,
        ISpatialStore store,
        CancellationToken cancellationToken)
    {
        if (!TryCoverageRequest((await store.GetStateAsync(cancellationToken)).LifeCircles, category, level, method, status, out var request, out var problem))
        {
            return problem;
        }
        var report = await store.CoverageAsync(request, cancellationToken);
        return TypedResults.Json(AnalysisJson.Coverage(report), AnalysisJson.Options);
    }

    internal static async Task<Results<ContentHttpResult, ProblemHttpResult>> CoverageGapsAsync(
        [FromQuery, Description(CategoryDescription)] string? category,
        [FromQuery, Description(LevelDescription)] string? level,
        [FromQuery, Description(MethodDescription)] string? method,
        [FromQuery, Description(StatusDescription)] string? status,
        [FromQuery, Description("true to add one feature per community with its coverage figures (default false).")] string? communities,
        ISpatialStore store,
        CancellationToken cancellationToken)
    {
        if (!TryCoverageRequest((await store.GetStateAsync(cancellationToken)).LifeCircles, category, level, method, status, out var request, out var problem)
            || !AnalysisParameters.TryBoolean("communities", communities, out var withCommunities, out problem))
        {
            return problem;
        }
        var report = await store.CoverageAsync(request, cancellationToken);
        var communityFeatures = withCommunities ? await store.GetFeaturesAsync(Layers.Communities, null, cancellationToken) : null;
        var json = JsonSerializer.Serialize(AnalysisJson.CoverageFeatures(report, communityFeatures), AnalysisJson.GeoJsonOptions);
        return TypedResults.Text(json, GeoJsonContentType, Encoding.UTF8);
    }

    private static bool TryCoverageRequest(
        LifeCircleStandard standard, string? category, string? level, string? method, string? status,
        [NotNullWhen(true)] out CoverageRequest? request,
        [NotNullWhen(false)] out ProblemHttpResult? problem)
    {
        request = null;
        if (!AnalysisParameters.TryCategory(standard, category, required: true, out var categoryId, out problem)
            || !AnalysisParameters.TryLevel(standard, level, out var lifeCircle, out problem)
            || !AnalysisParameters.TryMethod(method, out problem)
            || !AnalysisParameters.TryStatus(status, out var statusFilter, out problem))
        {
            return false;
        }
        request = new CoverageRequest(categoryId!, lifeCircle, statusFilter);
        return true;
    }
}
