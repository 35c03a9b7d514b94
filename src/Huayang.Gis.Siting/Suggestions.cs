using System.Text.Json.Serialization;
using Huayang.Gis.Core.Analysis;
using Huayang.Gis.Core.Store;

namespace Huayang.Gis.Siting;

/// <summary>
/// Where to build next: choose new sites of a category among candidates so that more residents live within the level's
/// distance of one (walking or straight line), keeping the existing sites. Either <paramref name="Count"/> sites
/// (maximal covering) or the fewest for <paramref name="TargetShare"/> of the residents (set covering).
/// </summary>
public sealed record SuggestRequest(
    SitingInputRequest Input, int? Count, double? TargetShare, SitingStrategy Strategy = SitingStrategy.Auto);

/// <summary>A suggested site: its rank (the order chosen), the candidate and the residents it adds to those already covered.</summary>
public sealed record SuggestedSite(int Rank, SitingCandidate Candidate, long AddedResidents);

/// <summary>The answer to a <see cref="SuggestRequest"/>.</summary>
public sealed record SuggestAnswer(
    SuggestRequest Request, SitingAnswer Solution, IReadOnlyList<SuggestedSite> Chosen, int CandidateCount,
    int ExistingSiteCount, long OffNetworkResidents);

/// <summary>Answers <see cref="SuggestRequest"/>s from any store.</summary>
public static class Suggestions
{
    /// <exception cref="ArgumentException">Neither or both of a count and a target share, too many candidates, or an unknown candidate layer.</exception>
    public static async Task<SuggestAnswer> AnswerAsync(ISpatialStore store, SuggestRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(request);
        if ((request.Count is null) == (request.TargetShare is null))
        {
            throw new ArgumentException("give either a number of sites or a target share");
        }

        var input = await store.SitingInputAsync(request.Input, cancellationToken);
        var problem = new CoverageProblem(input.Residents, input.AlreadyCovered, input.Covers);
        var options = SitingOptions.Default with { Strategy = request.Strategy };
        var solution = request.Count is { } count
            ? MaximalCovering.Solve(problem, count, options, cancellationToken)
            : SetCovering.Solve(problem, request.TargetShare!.Value, options, cancellationToken);
        var chosen = solution.Chosen
            .Select((c, i) => new SuggestedSite(i + 1, input.Candidates[c.Candidate], c.AddedWeight))
            .ToList();
        return new SuggestAnswer(request, solution, chosen, input.Candidates.Count, input.ExistingSiteCount, input.OffNetworkResidents);
    }

    /// <summary>The answer in the shape the CLI and the HTTP API print.</summary>
    public static SuggestJson Json(SuggestAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var input = answer.Request.Input;
        var solution = answer.Solution;
        return new SuggestJson(
            input.Category, input.Level.Id, input.Level.RadiusM, input.Method == CoverageMethod.Network ? "network" : "buffer",
            solution.Question == SitingQuestion.MaximalCovering ? "maximal_covering" : "set_covering",
            solution.Method == SitingMethod.ExactMip ? "exact (OR-Tools SCIP)" : "greedy + swap",
            input.Candidates switch { CandidateSource.Planned => "planned", CandidateSource.Layer => "layer:" + input.CandidateLayer, _ => "walkways" },
            answer.CandidateCount, answer.ExistingSiteCount, answer.Request.Count, answer.Request.TargetShare, solution.TargetReached,
            solution.Objective, solution.Bound, solution.Gap, Math.Round(solution.RelativeGap, 6), solution.IsOptimal,
            solution.TotalWeight, solution.CoveredWeightBefore, solution.CoveredWeightAfter,
            Math.Round(solution.ShareBefore, 6), Math.Round(solution.ShareAfter, 6), answer.OffNetworkResidents,
            answer.Chosen.Select(c => new SuggestedSiteJson(
                c.Rank, c.Candidate.Id, c.Candidate.NameZh, c.Candidate.NameEn,
                Math.Round(c.Candidate.Position.X, 7), Math.Round(c.Candidate.Position.Y, 7), c.AddedResidents)).ToList());
    }
}

/// <summary>
/// A suggestion: the question (category, level, distance, method, model), how it was solved (solver, objective, bound,
/// gap — the most the answer can be from optimal: residents for maximal covering, sites for set covering), coverage
/// before and after, and the chosen sites in order with the residents each adds.
/// </summary>
public sealed record SuggestJson(
    [property: JsonPropertyName("category")] string Category,
    [property: JsonPropertyName("level")] string Level,
    [property: JsonPropertyName("radius_m")] double RadiusM,
    [property: JsonPropertyName("method")] string Method,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("solver")] string Solver,
    [property: JsonPropertyName("candidates")] string Candidates,
    [property: JsonPropertyName("candidate_count")] int CandidateCount,
    [property: JsonPropertyName("existing_site_count")] int ExistingSiteCount,
    [property: JsonPropertyName("count"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Count,
    [property: JsonPropertyName("target_share"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? TargetShare,
    [property: JsonPropertyName("target_reached")] bool TargetReached,
    [property: JsonPropertyName("objective")] long Objective,
    [property: JsonPropertyName("bound")] long Bound,
    [property: JsonPropertyName("gap")] long Gap,
    [property: JsonPropertyName("relative_gap")] double RelativeGap,
    [property: JsonPropertyName("optimal")] bool Optimal,
    [property: JsonPropertyName("population")] long Population,
    [property: JsonPropertyName("covered_before")] long CoveredBefore,
    [property: JsonPropertyName("covered_after")] long CoveredAfter,
    [property: JsonPropertyName("share_before")] double ShareBefore,
    [property: JsonPropertyName("share_after")] double ShareAfter,
    [property: JsonPropertyName("off_network_population")] long OffNetworkPopulation,
    [property: JsonPropertyName("chosen")] IReadOnlyList<SuggestedSiteJson> Chosen);

/// <summary>One suggested site.</summary>
public sealed record SuggestedSiteJson(
    [property: JsonPropertyName("rank")] int Rank,
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name_zh")] string? NameZh,
    [property: JsonPropertyName("name_en")] string? NameEn,
    [property: JsonPropertyName("lon")] double Lon,
    [property: JsonPropertyName("lat")] double Lat,
    [property: JsonPropertyName("added_residents")] long AddedResidents);
