using System.ComponentModel;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Huayang.Gis.Core.Analysis;
using Huayang.Gis.Core.Model;
using Huayang.Gis.Core.Store;
using Huayang.Gis.Rendering;
using Huayang.Gis.Siting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Huayang.Gis.Server.Analysis;

/// <summary>The walking analyses: life-circle compliance, where to build next (suggest) and service areas.</summary>
internal static partial class AnalysisEndpoints
{
    internal static async Task<Results<ContentHttpResult, ProblemHttpResult>> ComplianceAsync(
        [FromQuery, Description("One life-circle level (default: every level).")] string? level,
        [FromQuery, Description(ComplianceMethodDescription)] string? method,
        [FromQuery, Description(ComplianceStatusDescription)] string? status,
        [FromQuery, Description(ThresholdDescription)] string? threshold,
        [FromQuery(Name = "off_network_m"), Description(OffNetworkDescription)] string? offNetworkM,
        [FromQuery, Description("json (default), csv or html (a printable report).")] string? f,
        ISpatialStore store,
        AnalysisRunner runner,
        HttpContext httpContext,
        CancellationToken cancellationToken)
    {
        var state = await store.GetStateAsync(cancellationToken);
        if (ComplianceQuestion.Read(state.LifeCircles, level, method, status, threshold, offNetworkM, out var problem) is not { } question)
        {
            return problem!;
        }

        var format = string.IsNullOrEmpty(f) ? "json" : f;
        if (format is not ("json" or "csv" or "html"))
        {
            return ApiProblems.BadParameter("f", f, "json (default), csv, html");
        }

        try
        {
            var report = await RunCachedAsync(runner, httpContext, state.Version, question.Key,
                ct => ComplianceCalculator.ComputeAsync(store, question.Request, ct), cancellationToken);
            return format switch
            {
                "csv" => TypedResults.Text(ComplianceOutput.Csv(report), "text/csv; charset=utf-8"),
                // The pictures are fetched by the browser one by one from /analysis/compliance/map.jpg, each a small
                // question of its own, so the document costs no more than the answer.
                "html" => TypedResults.Text(
                    ComplianceOutput.Html(report, (l, c) => ComplianceMaps.HasPicture(report, l, c) ? question.PictureUrl(httpContext.Request, l, c) : null),
                    "text/html; charset=utf-8"),
                _ => TypedResults.Text(ComplianceOutput.Json(report).ToJsonString(AnalysisJson.Options), "application/json; charset=utf-8"),
            };
        }
        catch (AnalysisTimeoutException e)
        {
            return TooLong(httpContext, runner, "compliance", e);
        }
    }

    /// <summary>One picture of the compliance report: a level's street, or a community that misses a category there.</summary>
    internal static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ComplianceMapAsync(
        [FromQuery, Description("The life-circle level.")] string? level,
        [FromQuery, Description("A community id (default: the street picture of the level).")] string? community,
        [FromQuery, Description(ComplianceMethodDescription)] string? method,
        [FromQuery, Description(ComplianceStatusDescription)] string? status,
        [FromQuery, Description(ThresholdDescription)] string? threshold,
        [FromQuery(Name = "off_network_m"), Description(OffNetworkDescription)] string? offNetworkM,
        ISpatialStore store,
        AnalysisRunner runner,
        HttpContext httpContext,
        CancellationToken cancellationToken)
    {
        var state = await store.GetStateAsync(cancellationToken);
        if (string.IsNullOrEmpty(level))
        {
            return ApiProblems.BadParameter("level", level, string.Join(", ", state.LifeCircles.AllLevels.Select(l => l.Id)));
        }
        if (ComplianceQuestion.Read(state.LifeCircles, level, method, status, threshold, offNetworkM, out var problem) is not { } question)
        {
            return problem!;
        }

        if (Maps.MapEndpoints.Renderer(out var unavailable) is not { } renderer)
        {
            return unavailable!;
        }

        try
        {
            var report = await RunCachedAsync(runner, httpContext, state.Version, question.Key,
                ct => ComplianceCalculator.ComputeAsync(store, question.Request, ct), cancellationToken);
            var id = string.IsNullOrEmpty(community) ? null : community;
            var levelId = report.Levels[0].Level.Id;
            if (!ComplianceMaps.HasPicture(report, levelId, id))
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such picture",
                    detail: report.Levels[0].Communities.Any(c => c.CommunityId == id)
                        ? $"community \"{id}\" misses no required category at {levelId}: the report has no picture of it"
                        : $"no community has the id \"{id}\"",
                    extensions: new Dictionary<string, object?> { ["parameter"] = "community" });
            }
            var picture = await RunCachedAsync(runner, httpContext, state.Version, $"{question.Key}\nmap\n{id}",
                async ct => (await ComplianceMaps.DrawOneAsync(store, report, renderer, levelId, id, ct))!.Jpeg, cancellationToken);
            return TypedResults.File(picture, "image/jpeg");
        }
        catch (AnalysisTimeoutException e)
        {
            return TooLong(httpContext, runner, "compliance picture", e);
        }
    }

    /// <summary>A compliance question as its query parameters give it, the key its answer is kept under, and the
    /// address of its pictures.</summary>
    private sealed record ComplianceQuestion(ComplianceRequest Request, string Key, IReadOnlyDictionary<string, string> Query)
    {
        public static ComplianceQuestion? Read(
            LifeCircleStandard standard, string? level, string? method, string? status, string? threshold, string? offNetworkM,
            out ProblemHttpResult? problem)
        {
            LifeCircleLevel? one = null;
            if ((level is { Length: > 0 } && !AnalysisParameters.TryLevel(standard, level, out one, out problem))
                || !AnalysisParameters.TryMethod(string.IsNullOrEmpty(method) ? "network" : method, out var coverageMethod, out problem)
                || !AnalysisParameters.TryStatus(string.IsNullOrEmpty(status) ? "existing" : status, out var statusFilter, out problem)
                || !AnalysisParameters.TryThreshold(threshold, out var share, out problem)
                || !AnalysisParameters.TryOffNetworkLimit(offNetworkM, out var limit, out problem))
            {
                return null;
            }
            problem = null;
            var request = new ComplianceRequest(one is null ? [] : [one], coverageMethod, statusFilter, share) { OffNetworkLimitM = limit };
            var key = string.Create(CultureInfo.InvariantCulture,
                $"compliance\n{one?.Id}\n{coverageMethod}\n{AnalysisJson.StatusId(statusFilter)}\n{share}\n{limit}");
            var query = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["method"] = coverageMethod == CoverageMethod.Network ? "network" : "buffer",
                ["status"] = AnalysisJson.StatusId(statusFilter),
                ["threshold"] = share.ToString(CultureInfo.InvariantCulture),
                ["off_network_m"] = limit.ToString(CultureInfo.InvariantCulture),
            };
            return new ComplianceQuestion(request, key, query);
        }

        /// <summary>/analysis/compliance/map.jpg for a level's street or a community, asking the same question.</summary>
        public string PictureUrl(HttpRequest http, string level, string? community)
        {
            var query = new Dictionary<string, string?>(Query.ToDictionary(p => p.Key, p => (string?)p.Value), StringComparer.Ordinal) { ["level"] = level };
            if (community is not null)
            {
                query["community"] = community;
            }
            return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString($"{http.PathBase}/analysis/compliance/map.jpg", query);
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
            var answer = await RunCachedAsync(runner, httpContext, state.Version, key, ct => Suggestions.AnswerAsync(store, request, ct), cancellationToken);
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
            var report = await RunCachedAsync(runner, httpContext, state.Version, key, ct => store.ServiceAreaAsync(request, ct), cancellationToken);
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
