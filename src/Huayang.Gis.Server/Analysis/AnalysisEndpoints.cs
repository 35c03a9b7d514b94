using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Huayang.Gis.Core.Analysis;
using Huayang.Gis.Siting;
using Huayang.Gis.Core.Model;
using Huayang.Gis.Core.Store;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Huayang.Gis.Server.Analysis;

/// <summary>
/// <c>/analysis/*</c>: the life-circle standard, nearest sites, sites within a radius, the community at a point, coverage (buffer or walking)
/// and its gaps; compliance, suggest and service areas are in <c>AnalysisEndpoints.Walking.cs</c>. Answers have the shapes of the <c>huayang</c> command's JSON (<see cref="AnalysisJson"/>);
/// positions are WGS84 lon/lat degrees, distances metres in the EPSG:4544 plane.
/// </summary>
internal static partial class AnalysisEndpoints
{
    public const string GeoJsonContentType = "application/geo+json";

    private const string LonDescription = "Longitude, WGS84 degrees, -180 to 180 (e.g. 104.05).";
    private const string LatDescription = "Latitude, WGS84 degrees, -90 to 90 (e.g. 30.5).";
    private const string CategoryDescription = "Site category id from the dataset's life-circle table (e.g. kindergarten).";
    private const string LevelDescription = "Life-circle level id: 5min (300 m), 10min (500 m) or 15min (1,000 m).";
    private const string MethodDescription =
        "Coverage method: buffer (straight-line distance, default) or network (walking distance along the walkways).";
    private const string OffNetworkDescription =
        "Network method: metres from every walkway beyond which a point is off the network (default 250, 0 to 5000).";
    private const string StatusDescription = "Which sites count: all (existing and planned, default), existing or planned.";
    private const string ComplianceMethodDescription = "network (walking, default) or buffer (straight line).";
    private const string ComplianceStatusDescription = "Which sites count: existing (default), all, planned.";
    private const string ThresholdDescription = "A category is met when at least this share of a community's residents reach a site (default 0.5).";
    private const string CachingDescription =
        "The coverage of one (category, level, status) is computed once per data version: identical requests during the "
        + "computation share it, later ones get the kept answer; the X-Analysis-Cache header says hit, miss or shared. "
        + "A computation longer than Analysis:TimeoutSeconds is stopped and answered 503 with Retry-After.";

    /// <summary>The response header that says where an answer came from: <c>hit</c>, <c>miss</c> or <c>shared</c>
    /// (see <see cref="AnalysisSource"/>).</summary>
    public const string CacheHeader = "X-Analysis-Cache";

    /// <summary>The analysis options (section <c>Analysis</c>, checked at start) and the runner that bounds,
    /// shares and keeps the computations.</summary>
    public static IServiceCollection AddAnalysis(this IServiceCollection services)
    {
        services.AddOptions<AnalysisOptions>()
            .BindConfiguration(AnalysisOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<AnalysisRunner>();
        return services;
    }

    public static IEndpointRouteBuilder MapAnalysisEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/analysis").WithTags("Analysis").RefuseUnknownParameters();

        group.MapGet("/life-circles", LifeCirclesAsync)
            .WithName("AnalysisLifeCircles")
            .WithSummary("The life-circle standard the server loaded")
            .WithDescription(
                "The dataset's life-circle table (data/life-circles.json, GB 50180-2018) as the server read it: {standard, "
                + "walking_speed_m_per_min, levels: [{id, minutes, radius_m, name_zh, name_en, required_categories}], "
                + "categories: [{id, name_zh, name_en}], supplements: [{standard, file, levels: [...]}]}; the supplements are "
                + "the further service standards (data/standard-*.json), whose levels every analysis accepts too.")
            .Produces<LifeCircleStandard>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest);

        group.MapGet("/nearest", NearestAsync)
            .WithName("AnalysisNearest")
            .WithSummary("The k sites nearest a position")
            .WithDescription(
                "Sites nearest the position, nearest first (ties by id), optionally of one category: "
                + "[{id, name_zh, name_en, category, status, distance_m}], distance in metres (EPSG:4544 plane, 1 mm). "
                + "The same answer as `huayang nearest --format json`.")
            .Produces<IReadOnlyList<SiteDistanceJson>>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        group.MapGet("/within", WithinAsync)
            .WithName("AnalysisWithin")
            .WithSummary("Sites within a radius of a position")
            .WithDescription(
                "Every site within radius_m metres of the position (inclusive), nearest first, optionally of one category; "
                + "the same shape as /analysis/nearest and `huayang within --format json`.")
            .Produces<IReadOnlyList<SiteDistanceJson>>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        group.MapGet("/community", CommunityAsync)
            .WithName("AnalysisCommunity")
            .WithSummary("The community at a position")
            .WithDescription(
                "The community (社区) covering the position: {id, name_zh, name_en, population, households}; "
                + "404 when the position is outside every community.")
            .Produces<CommunityJson>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        group.MapGet("/coverage", CoverageAsync)
            .WithName("AnalysisCoverage")
            .WithSummary("Life-circle coverage of a category of site")
            .WithDescription(
                "Residents within a life-circle level's distance of a site of the category (GB 50180-2018), per community "
                + "and in total: {category, level, method, radius_m, minutes, walking_speed_m_per_min, walk_minutes, status, "
                + "site_count, network?, communities: [{community_id, name_zh, name_en, population, covered_population, "
                + "covered_share, covered_area_share, nearest_site_m, buffer_covered_population?, buffer_covered_share?, "
                + "off_network_population?}], total: {...}}. method=buffer measures straight lines, which overstate coverage "
                + "across rivers; method=network walks the walkways (connector at the site + along the network + connector at "
                + "the cell) and gives the buffer figures beside, with the residents off the network (farther than "
                + "off_network_m from every walkway). The same answer as `huayang coverage --format json`. " + CachingDescription)
            .Produces<CoverageJson>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        group.MapGet("/compliance", ComplianceAsync)
            .WithName("AnalysisCompliance")
            .WithSummary("Life-circle compliance per community")
            .WithDescription(
                "For each community and life-circle level: the categories GB 50180 requires there, whether at least "
                + "`threshold` of the residents reach a site of each within the level's distance (walking by default), the "
                + "residents without each and the distance from the community's population-weighted centre to the nearest "
                + "site; the street's share per category. f=json (default), csv (a row per level, community and category) "
                + "or html (a printable A4 report in Chinese and English, its map pictures from /analysis/compliance/map.jpg). "
                + "The same as `huayang compliance`.")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        group.MapGet("/compliance/map.jpg", ComplianceMapAsync)
            .WithName("AnalysisComplianceMap")
            .WithSummary("A map picture of the compliance report")
            .WithDescription(
                "The street at a level, its communities coloured by how many required categories each misses; or, with "
                + "`community`, that community among its neighbours with the area from which each missing category is "
                + "reached (walking service areas, or circles for method=buffer). JPEG; the pictures of "
                + "/analysis/compliance?f=html. 404 for a community that misses nothing (it has no picture).")
            .Produces(StatusCodes.Status200OK, contentType: "image/jpeg")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        group.MapGet("/suggest", SuggestAsync)
            .WithName("AnalysisSuggest")
            .WithSummary("Where to build next")
            .WithDescription(
                "New sites of a category chosen among candidates (the planned sites, points along the walkways, or a layer's "
                + "points), keeping the existing sites: count=P chooses P to cover the most residents within the level's "
                + "distance (maximal covering), target_share=S the fewest to reach that share (set covering). Walking "
                + "distance by default (method=buffer for straight lines). The answer states the solver (greedy + swap, or "
                + "exact with OR-Tools SCIP), the objective, a bound from the LP relaxation or the exact solver and the gap "
                + "(the most the answer can be from optimal), coverage before and after, and the chosen sites in order with "
                + "the residents each adds. The same answer as `huayang suggest --format json`.")
            .Produces<SuggestJson>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        group.MapGet("/service-area", ServiceAreaAsync)
            .WithName("AnalysisServiceArea")
            .WithSummary("Walking service area of sites")
            .WithDescription(
                "What can be reached on foot from the named sites (or every site of a category) within each distance: one "
                + "polygon per ring (kind \"area\": the reached walkways buffered by 50 m, clipped to the street, water taken "
                + "out), the reached walkways of the largest ring (kind \"line\", cut at the exact distance, with the walking "
                + "cost at both ends), the sites (kind \"site\", with their connector to the network) and optionally the reached "
                + "nodes (kind \"node\"). GeoJSON, WGS84.")
            .Produces(StatusCodes.Status200OK, contentType: GeoJsonContentType)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        group.MapGet("/coverage/gaps", CoverageGapsAsync)
            .WithName("AnalysisCoverageGaps")
            .WithSummary("The part of the street outside a category's coverage, as GeoJSON")
            .WithDescription(
                "A GeoJSON FeatureCollection (WGS84 lon/lat) whose feature kind \"uncovered\" is the part of the street "
                + "farther than the level's radius from every counted site, with properties category, level, radius_m and "
                + "method; with communities=true it is preceded by one feature per community (kind \"community\") carrying "
                + "its coverage figures, as `huayang coverage --format geojson` prints. " + CachingDescription)
            .Produces(StatusCodes.Status200OK, contentType: GeoJsonContentType)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        return endpoints;
    }

    /// <summary>The life-circle standard of the dataset, in the shape of <c>life-circles.json</c> with its supplements.</summary>
    internal static async Task<ContentHttpResult> LifeCirclesAsync(ISpatialStore store, CancellationToken cancellationToken) =>
        TypedResults.Text((await store.GetStateAsync(cancellationToken)).LifeCircles.ToJson(), "application/json", Encoding.UTF8);

    internal static async Task<Results<JsonHttpResult<IReadOnlyList<SiteDistanceJson>>, ProblemHttpResult>> NearestAsync(
        [FromQuery, Description(LonDescription)] string? lon,
        [FromQuery, Description(LatDescription)] string? lat,
        [FromQuery, Description(CategoryDescription + " All categories when absent.")] string? category,
        [FromQuery, Description("How many sites, 1 to 1000 (default 3).")] string? k,
        ISpatialStore store,
        AnalysisRunner runner,
        HttpContext httpContext,
        CancellationToken cancellationToken)
    {
        if (!AnalysisParameters.TryPosition(lon, lat, out var x, out var y, out var problem)
            || !AnalysisParameters.TryCategory((await store.GetStateAsync(cancellationToken)).LifeCircles, category, required: false, out var categoryId, out problem)
            || !AnalysisParameters.TryK(k, out var count, out problem))
        {
            return problem;
        }
        try
        {
            var sites = await runner.LimitAsync(ct => store.NearestSitesAsync(x, y, count, categoryId, ct), cancellationToken);
            return TypedResults.Json(AnalysisJson.Sites(sites), AnalysisJson.Options);
        }
        catch (AnalysisTimeoutException e)
        {
            return TooLong(httpContext, runner, "nearest-sites", e);
        }
    }

    internal static async Task<Results<JsonHttpResult<IReadOnlyList<SiteDistanceJson>>, ProblemHttpResult>> WithinAsync(
        [FromQuery, Description(LonDescription)] string? lon,
        [FromQuery, Description(LatDescription)] string? lat,
        [FromQuery(Name = "radius_m"), Description("Radius in metres, 0 to 100000.")] string? radiusM,
        [FromQuery, Description(CategoryDescription + " All categories when absent.")] string? category,
        ISpatialStore store,
        AnalysisRunner runner,
        HttpContext httpContext,
        CancellationToken cancellationToken)
    {
        if (!AnalysisParameters.TryPosition(lon, lat, out var x, out var y, out var problem)
            || !AnalysisParameters.TryRadius(radiusM, out var radius, out problem)
            || !AnalysisParameters.TryCategory((await store.GetStateAsync(cancellationToken)).LifeCircles, category, required: false, out var categoryId, out problem))
        {
            return problem;
        }
        try
        {
            var sites = await runner.LimitAsync(ct => store.SitesWithinAsync(x, y, radius, categoryId, ct), cancellationToken);
            return TypedResults.Json(AnalysisJson.Sites(sites), AnalysisJson.Options);
        }
        catch (AnalysisTimeoutException e)
        {
            return TooLong(httpContext, runner, "sites-within", e);
        }
    }

    internal static async Task<Results<JsonHttpResult<CommunityJson>, ProblemHttpResult>> CommunityAsync(
        [FromQuery, Description(LonDescription)] string? lon,
        [FromQuery, Description(LatDescription)] string? lat,
        ISpatialStore store,
        AnalysisRunner runner,
        HttpContext httpContext,
        CancellationToken cancellationToken)
    {
        if (!AnalysisParameters.TryPosition(lon, lat, out var x, out var y, out var problem))
        {
            return problem;
        }
        Community? community;
        try
        {
            community = await runner.LimitAsync(ct => store.CommunityAtAsync(x, y, ct), cancellationToken);
        }
        catch (AnalysisTimeoutException e)
        {
            return TooLong(httpContext, runner, "community", e);
        }
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
        [FromQuery(Name = "off_network_m"), Description(OffNetworkDescription)] string? offNetworkM,
        ISpatialStore store,
        AnalysisRunner runner,
        HttpContext httpContext,
        CancellationToken cancellationToken)
    {
        var state = await store.GetStateAsync(cancellationToken);
        if (!TryCoverageRequest(state.LifeCircles, category, level, method, status, offNetworkM, out var request, out var problem))
        {
            return problem;
        }
        try
        {
            var report = await CoverageReportAsync(store, runner, httpContext, state.Version, request, cancellationToken);
            return TypedResults.Json(AnalysisJson.Coverage(report), AnalysisJson.Options);
        }
        catch (AnalysisTimeoutException e)
        {
            return TooLong(httpContext, runner, "coverage", e);
        }
    }

    internal static async Task<Results<ContentHttpResult, ProblemHttpResult>> CoverageGapsAsync(
        [FromQuery, Description(CategoryDescription)] string? category,
        [FromQuery, Description(LevelDescription)] string? level,
        [FromQuery, Description(MethodDescription)] string? method,
        [FromQuery, Description(StatusDescription)] string? status,
        [FromQuery(Name = "off_network_m"), Description(OffNetworkDescription)] string? offNetworkM,
        [FromQuery, Description("true to add one feature per community with its coverage figures (default false).")] string? communities,
        ISpatialStore store,
        AnalysisRunner runner,
        HttpContext httpContext,
        CancellationToken cancellationToken)
    {
        var state = await store.GetStateAsync(cancellationToken);
        if (!TryCoverageRequest(state.LifeCircles, category, level, method, status, offNetworkM, out var request, out var problem)
            || !AnalysisParameters.TryBoolean("communities", communities, out var withCommunities, out problem))
        {
            return problem;
        }
        try
        {
            var report = await CoverageReportAsync(store, runner, httpContext, state.Version, request, cancellationToken);
            var communityFeatures = withCommunities ? await store.GetFeaturesAsync(Layers.Communities, null, cancellationToken) : null;
            var json = JsonSerializer.Serialize(AnalysisJson.CoverageFeatures(report, communityFeatures), AnalysisJson.GeoJsonOptions);
            return TypedResults.Text(json, GeoJsonContentType, Encoding.UTF8);
        }
        catch (AnalysisTimeoutException e)
        {
            return TooLong(httpContext, runner, "coverage", e);
        }
    }

    /// <summary>The coverage report for a request, computed once per data version and shared by /coverage and
    /// /coverage/gaps; the <see cref="CacheHeader"/> header says where it came from (on a 503 too).</summary>
    private static async Task<CoverageReport> CoverageReportAsync(
        ISpatialStore store, AnalysisRunner runner, HttpContext httpContext, string version, CoverageRequest request,
        CancellationToken cancellationToken)
    {
        // The normalized question: ids as the dataset spells them, not the request's text.
        var key = string.Create(CultureInfo.InvariantCulture,
            $"coverage\n{request.Category}\n{request.Level.Id}\n{AnalysisJson.StatusId(request.Status)}\n{request.Method}\n{request.OffNetworkLimitM}");
        return await RunCachedAsync(runner, httpContext, version, key, ct => store.CoverageAsync(request, ct), cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="compute"/> once per data version and question key (shared by identical requests, kept for
    /// later ones); the <see cref="CacheHeader"/> header says where the answer came from (on a 503 too).
    /// </summary>
    private static Task<T> RunCachedAsync<T>(
        AnalysisRunner runner, HttpContext httpContext, string version, string key, Func<CancellationToken, Task<T>> compute,
        CancellationToken cancellationToken)
        where T : class =>
        runner.RunAsync(
            version, key, compute,
            source => httpContext.Response.Headers[CacheHeader] = source switch
            {
                AnalysisSource.Hit => "hit",
                AnalysisSource.Shared => "shared",
                _ => "miss",
            },
            cancellationToken);

    /// <summary>503: the computation exceeded the time limit and was stopped; Retry-After says when to ask again.</summary>
    private static ProblemHttpResult TooLong(HttpContext httpContext, AnalysisRunner runner, string what, AnalysisTimeoutException e)
    {
        httpContext.Response.Headers.RetryAfter = runner.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        var limit = e.Limit.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        return TypedResults.Problem(
            statusCode: StatusCodes.Status503ServiceUnavailable,
            title: "Analysis time limit exceeded",
            detail: $"The {what} computation exceeded the analysis time limit of {limit} s (Analysis:TimeoutSeconds) "
                + $"and was stopped; try again in {runner.RetryAfterSeconds} s or ask a smaller question.",
            extensions: new Dictionary<string, object?> { ["limit_seconds"] = e.Limit.TotalSeconds });
    }

    private static bool TryCoverageRequest(
        LifeCircleStandard standard, string? category, string? level, string? method, string? status, string? offNetworkM,
        [NotNullWhen(true)] out CoverageRequest? request,
        [NotNullWhen(false)] out ProblemHttpResult? problem)
    {
        request = null;
        if (!AnalysisParameters.TryCategory(standard, category, required: true, out var categoryId, out problem)
            || !AnalysisParameters.TryLevel(standard, level, out var lifeCircle, out problem)
            || !AnalysisParameters.TryMethod(method, out var coverageMethod, out problem)
            || !AnalysisParameters.TryStatus(status, out var statusFilter, out problem)
            || !AnalysisParameters.TryOffNetworkLimit(offNetworkM, out var limit, out problem))
        {
            return false;
        }
        request = new CoverageRequest(categoryId!, lifeCircle, statusFilter) { Method = coverageMethod, OffNetworkLimitM = limit };
        return true;
    }
}
