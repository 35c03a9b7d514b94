using System.ComponentModel;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Huayang.Gis.Core.Analysis;
using Huayang.Gis.Core.Model;
using Huayang.Gis.Core.Store;
using Huayang.Gis.Rendering;
using Huayang.Gis.Rendering.Text;
using Huayang.Gis.Siting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Huayang.Gis.Server.Analysis;

/// <summary>The walking analyses: life-circle compliance, where to build next (suggest) and service areas.</summary>
internal static partial class AnalysisEndpoints
{
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
            var report = await RunCachedAsync(runner, httpContext, state.Version, key, ct => ComplianceCalculator.ComputeAsync(store, request, ct), cancellationToken);
            if (format == "html")
            {
                // The document with its map pictures, drawn once per question and data version like the answer itself.
                var document = await RunCachedAsync(runner, httpContext, state.Version, key + "\nhtml",
                    async ct => ComplianceOutput.Html(report, await CompliancePicturesAsync(store, report, ct)), cancellationToken);
                return TypedResults.Text(document, "text/html; charset=utf-8");
            }
            return format switch
            {
                "csv" => TypedResults.Text(ComplianceOutput.Csv(report), "text/csv; charset=utf-8"),
                _ => TypedResults.Text(ComplianceOutput.Json(report).ToJsonString(AnalysisJson.Options), "application/json; charset=utf-8"),
            };
        }
        catch (AnalysisTimeoutException e)
        {
            return TooLong(httpContext, runner, "compliance", e);
        }
    }

    /// <summary>The compliance report's map pictures; none where the CJK fonts they need are missing.</summary>
    private static async Task<IReadOnlyDictionary<(string Level, string? Community), byte[]>?> CompliancePicturesAsync(
        ISpatialStore store, ComplianceReport report, CancellationToken cancellationToken)
    {
        try
        {
            return await ComplianceMaps.RenderAsync(store, report, MapRenderer.CreateDefault(), cancellationToken);
        }
        catch (MissingFontException)
        {
            return null;
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
