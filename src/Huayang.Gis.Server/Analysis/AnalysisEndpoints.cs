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
    private const string MethodDescription =
        "Coverage method: buffer (straight-line distance, default) or network (walking distance along the walkways).";
    private const string OffNetworkDescription =
        "Network method: metres from every walkway beyond which a point is off the network (default 250, 0 to 5000).";
    private const string StatusDescription = "Which sites count: all (existing and planned, default), existing or planned.";
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
                + "or html (a printable A4 report in Chinese and English). The same as `huayang compliance`.")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
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
        return await runner.RunAsync(
            version, key, ct => store.CoverageAsync(request, ct),
            source => httpContext.Response.Headers[CacheHeader] = source switch
            {
                AnalysisSource.Hit => "hit",
                AnalysisSource.Shared => "shared",
                _ => "miss",
            },
            cancellationToken);
    }

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

    internal static async Task<Results<ContentHttpResult, ProblemHttpResult>> ComplianceAsync(
        [FromQuery, Description("One life-circle level (default: every level).")] string? level,
        [FromQuery, Description("network (walking, default) or buffer (straight line).")] string? method,
        [FromQuery, Description("Which sites count: existing (default), all, planned.")] string? status,
        [FromQuery, Description("A category is met when at least this share of a community's residents reach a site (default 0.5).")] string? threshold,
        [FromQuery(Name = "off_network_m"), Description(OffNetworkDescription)] string? offNetworkM,
        [FromQuery, Description("json (default), csv or html (a printable report).")] string? f,
        ISpatialStore store,
        AnalysisRunner runner,
        HttpContext httpContext,
        CancellationToken cancellationToken)
    {
        var state = await store.GetStateAsync(cancellationToken);
        LifeCircleLevel? one = null;
        if ((level is { Length: > 0 } && !AnalysisParameters.TryLevel(state.LifeCircles, level, out one, out var problem))
            || !AnalysisParameters.TryMethod(string.IsNullOrEmpty(method) ? "network" : method, out var coverageMethod, out problem)
            || !AnalysisParameters.TryStatus(string.IsNullOrEmpty(status) ? "existing" : status, out var statusFilter, out problem)
            || !AnalysisParameters.TryThreshold(threshold, out var share, out problem)
            || !AnalysisParameters.TryOffNetworkLimit(offNetworkM, out var limit, out problem))
        {
            return problem;
        }

        var format = string.IsNullOrEmpty(f) ? "json" : f;
        if (format is not ("json" or "csv" or "html"))
        {
            return ApiProblems.BadParameter("f", f, "json (default), csv, html");
        }

        var request = new ComplianceRequest(one is null ? [] : [one], coverageMethod, statusFilter, share) { OffNetworkLimitM = limit };
        try
        {
            var key = string.Create(CultureInfo.InvariantCulture,
                $"compliance\n{one?.Id}\n{coverageMethod}\n{AnalysisJson.StatusId(statusFilter)}\n{share}\n{limit}");
            var report = await runner.RunAsync(state.Version, key, ct => ComplianceCalculator.ComputeAsync(store, request, ct),
                source => httpContext.Response.Headers[CacheHeader] = source switch
                {
                    AnalysisSource.Hit => "hit",
                    AnalysisSource.Shared => "shared",
                    _ => "miss",
                },
                cancellationToken);
            return format switch
            {
                "csv" => TypedResults.Text(ComplianceOutput.Csv(report), "text/csv; charset=utf-8"),
                "html" => TypedResults.Text(ComplianceOutput.Html(report), "text/html; charset=utf-8"),
                _ => TypedResults.Text(ComplianceOutput.Json(report).ToJsonString(AnalysisJson.Options), "application/json; charset=utf-8"),
            };
        }
        catch (AnalysisTimeoutException e)
        {
            return TooLong(httpContext, runner, "compliance", e);
        }
    }

    internal static async Task<Results<JsonHttpResult<SuggestJson>, ProblemHttpResult>> SuggestAsync(
        [FromQuery, Description(CategoryDescription)] string? category,
        [FromQuery, Description(LevelDescription)] string? level,
        [FromQuery, Description("How many new sites to choose (maximal covering), 1 to 1000; or give target_share.")] string? count,
        [FromQuery(Name = "target_share"), Description("The share of residents to reach with the fewest new sites (set covering), above 0 and at most 1.")] string? targetShare,
        [FromQuery, Description("planned (the category's planned sites, default), walkways (points along the walkways every spacing_m), layer:NAME.")] string? candidates,
        [FromQuery(Name = "spacing_m"), Description("With candidates=walkways: metres between candidates, 50 to 5000 (default 200).")] string? spacingM,
        [FromQuery, Description("network (walking, default) or buffer (straight line).")] string? method,
        [FromQuery(Name = "off_network_m"), Description(OffNetworkDescription)] string? offNetworkM,
        [FromQuery, Description("auto (default: exact with OR-Tools when small), heuristic, exact.")] string? solver,
        ISpatialStore store,
        AnalysisRunner runner,
        HttpContext httpContext,
        CancellationToken cancellationToken)
    {
        var state = await store.GetStateAsync(cancellationToken);
        if (!AnalysisParameters.TryCategory(state.LifeCircles, category, required: true, out var categoryId, out var problem)
            || !AnalysisParameters.TryLevel(state.LifeCircles, level, out var lifeCircle, out problem)
            || !AnalysisParameters.TrySuggestGoal(count, targetShare, out var countValue, out var shareValue, out problem)
            || !AnalysisParameters.TryCandidates(candidates, spacingM, out var source, out var layer, out var spacing, out problem)
            || !AnalysisParameters.TryMethod(string.IsNullOrEmpty(method) ? "network" : method, out var coverageMethod, out problem)
            || !AnalysisParameters.TryOffNetworkLimit(offNetworkM, out var limit, out problem))
        {
            return problem;
        }

        SitingStrategy strategy;
        switch (solver)
        {
            case null or "" or "auto": strategy = SitingStrategy.Auto; break;
            case "heuristic": strategy = SitingStrategy.Heuristic; break;
            case "exact": strategy = SitingStrategy.Exact; break;
            default: return ApiProblems.BadParameter("solver", solver, "auto (default), heuristic, exact");
        }

        if (source == CandidateSource.Layer && !state.Layers.Names.Contains(layer!, StringComparer.Ordinal))
        {
            return ApiProblems.BadParameter("candidates", candidates, "planned (default), walkways, layer:NAME with NAME one of " + string.Join(", ", state.Layers.Names));
        }

        var request = new SuggestRequest(
            new SitingInputRequest(categoryId!, lifeCircle, coverageMethod, source, layer, spacing) { OffNetworkLimitM = limit },
            countValue, shareValue, strategy);
        try
        {
            var key = string.Create(CultureInfo.InvariantCulture,
                $"suggest\n{categoryId}\n{lifeCircle.Id}\n{countValue}\n{shareValue}\n{source}\n{layer}\n{spacing}\n{coverageMethod}\n{limit}\n{strategy}");
            var answer = await runner.RunAsync(state.Version, key, ct => Suggestions.AnswerAsync(store, request, ct),
                source => httpContext.Response.Headers[CacheHeader] = source switch
                {
                    AnalysisSource.Hit => "hit",
                    AnalysisSource.Shared => "shared",
                    _ => "miss",
                },
                cancellationToken);
            return TypedResults.Json(Suggestions.Json(answer), AnalysisJson.Options);
        }
        catch (ArgumentException e)
        {
            return ApiProblems.BadParameter("candidates", candidates, "fewer candidates (a larger spacing_m) or a layer with points", e.Message);
        }
        catch (AnalysisTimeoutException e)
        {
            return TooLong(httpContext, runner, "suggestion", e);
        }
    }

    internal static async Task<Results<ContentHttpResult, ProblemHttpResult>> ServiceAreaAsync(
        [FromQuery, Description("Site ids, comma-separated (at most 100); else every site of the category and status.")] string? site,
        [FromQuery, Description(CategoryDescription + " All categories when absent and no site is named.")] string? category,
        [FromQuery, Description(StatusDescription)] string? status,
        [FromQuery, Description("A life-circle level: one ring at its distance. Default: a ring per level (5, 10 and 15 minutes).")] string? level,
        [FromQuery(Name = "distance_m"), Description("Ring distances in metres, comma-separated (1 to 5, each up to 5000); instead of level.")] string? distanceM,
        [FromQuery(Name = "off_network_m"), Description(OffNetworkDescription)] string? offNetworkM,
        [FromQuery, Description("true to add the reached nodes with their walking cost (default false).")] string? nodes,
        ISpatialStore store,
        AnalysisRunner runner,
        HttpContext httpContext,
        CancellationToken cancellationToken)
    {
        var state = await store.GetStateAsync(cancellationToken);
        if (!AnalysisParameters.TrySiteIds(site, out var siteIds, out var problem)
            || !AnalysisParameters.TryCategory(state.LifeCircles, category, required: false, out var categoryId, out problem)
            || !AnalysisParameters.TryStatus(status, out var statusFilter, out problem)
            || !AnalysisParameters.TryDistances(state.LifeCircles, distanceM, level, out var distances, out problem)
            || !AnalysisParameters.TryOffNetworkLimit(offNetworkM, out var limit, out problem)
            || !AnalysisParameters.TryBoolean("nodes", nodes, out var withNodes, out problem))
        {
            return problem;
        }

        if (siteIds is not null && (categoryId is not null || status is { Length: > 0 }))
        {
            return ApiProblems.BadParameter("site", site, "site ids, or a category and status, not both",
                "Name sites with 'site', or choose them with 'category' and 'status'.");
        }

        if (siteIds is null && categoryId is null)
        {
            return ApiProblems.BadParameter("category", null, string.Join(", ", state.LifeCircles.Categories.Select(c => c.Id)),
                "Name sites with 'site', or give a 'category': a service area of every site of every category is the whole street.");
        }

        var request = new ServiceAreaRequest(siteIds, categoryId, statusFilter, distances) { OffNetworkLimitM = limit };
        try
        {
            var key = string.Create(CultureInfo.InvariantCulture,
                $"service-area\n{string.Join(",", siteIds ?? [])}\n{categoryId}\n{AnalysisJson.StatusId(statusFilter)}\n{string.Join(",", distances)}\n{limit}");
            var report = await runner.RunAsync(state.Version, key, ct => store.ServiceAreaAsync(request, ct),
                source => httpContext.Response.Headers[CacheHeader] = source switch
                {
                    AnalysisSource.Hit => "hit",
                    AnalysisSource.Shared => "shared",
                    _ => "miss",
                },
                cancellationToken);
            if (siteIds is not null && siteIds.Except(report.Sites.Select(s => s.Site.Id), StringComparer.Ordinal).ToList() is [_, ..] unknown)
            {
                return ApiProblems.BadParameter("site", string.Join(",", unknown), "ids of sites in the dataset",
                    $"No site has the id {string.Join(", ", unknown.Select(u => $"'{u}'"))}.");
            }

            var json = JsonSerializer.Serialize(AnalysisJson.ServiceAreaFeatures(report, withNodes), AnalysisJson.GeoJsonOptions);
            return TypedResults.Text(json, GeoJsonContentType, Encoding.UTF8);
        }
        catch (AnalysisTimeoutException e)
        {
            return TooLong(httpContext, runner, "service area", e);
        }
    }
}
