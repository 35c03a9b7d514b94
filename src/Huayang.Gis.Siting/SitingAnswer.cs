namespace Huayang.Gis.Siting;

/// <summary>The method that produced an answer.</summary>
public enum SitingMethod
{
    /// <summary>Greedy (lazy evaluation) then swap improvement; the bound is from the LP relaxation.</summary>
    GreedySwap,

    /// <summary>
    /// The MIP solver SCIP (OR-Tools), branch and bound on the LP relaxation; <see cref="SitingAnswer.IsOptimal"/> says
    /// whether it proved optimality within the time limit.
    /// </summary>
    ExactMip,
}

/// <summary>The question an answer answers.</summary>
public enum SitingQuestion
{
    /// <summary>MCLP: the objective is the newly covered weight, the bound an upper bound on it.</summary>
    MaximalCovering,

    /// <summary>LSCP: the objective is the number of new sites, the bound a lower bound on it.</summary>
    SetCovering,
}

/// <summary>One chosen candidate and the weight it adds after the ones listed before it.</summary>
/// <param name="Candidate">The candidate's index in <see cref="CoverageProblem"/>.</param>
/// <param name="AddedWeight">The weight (residents) newly covered by it, given the existing sites and the earlier choices.</param>
public sealed record ChosenSite(int Candidate, long AddedWeight);

/// <summary>
/// A siting answer: the candidates chosen, in order (each adding the most of those left, ties to the lower index) with
/// the weight each adds, coverage before and after, and how far from optimal the answer can be at most.
/// </summary>
/// <remarks>
/// For <see cref="SitingQuestion.MaximalCovering"/> the <see cref="Objective"/> is the newly covered weight,
/// <see cref="Bound"/> ≥ the optimum and <see cref="Gap"/> = bound − objective (residents). For
/// <see cref="SitingQuestion.SetCovering"/> the objective is the number of sites, the bound ≤ the fewest possible
/// and the gap = objective − bound (sites). A gap of 0 means the answer is proven optimal. A candidate that adds
/// nobody is never chosen, so an MCLP answer can have fewer than the sites asked for.
/// </remarks>
public sealed record SitingAnswer
{
    public required SitingQuestion Question { get; init; }

    public required SitingMethod Method { get; init; }

    /// <summary>
    /// In the order they add weight; the added weights sum to <see cref="CoveredWeightAfter"/> −
    /// <see cref="CoveredWeightBefore"/>.
    /// </summary>
    public required IReadOnlyList<ChosenSite> Chosen { get; init; }

    /// <summary>MCLP: the newly covered weight. LSCP: the number of chosen sites.</summary>
    public required long Objective { get; init; }

    /// <summary>MCLP: an upper bound on the newly covered weight. LSCP: a lower bound on the number of sites.</summary>
    public required long Bound { get; init; }

    /// <summary>How far the objective can at most be from the optimum, in its own unit (never negative).</summary>
    public long Gap => Question == SitingQuestion.MaximalCovering ? Bound - Objective : Objective - Bound;

    /// <summary>The gap as a share of the bound (MCLP) or of the objective (LSCP); 0 when that is 0.</summary>
    public double RelativeGap
    {
        get
        {
            var basis = Question == SitingQuestion.MaximalCovering ? Bound : Objective;
            return basis == 0 ? 0 : (double)Gap / basis;
        }
    }

    /// <summary>Whether the objective is proven optimal (the gap is 0).</summary>
    public bool IsOptimal => Gap == 0;

    /// <summary>MCLP: the number of sites asked for (p). LSCP: <c>null</c>.</summary>
    public int? RequestedSites { get; init; }

    /// <summary>LSCP: the share asked for. MCLP: <c>null</c>.</summary>
    public double? TargetShare { get; init; }

    /// <summary>
    /// LSCP: whether the answer reaches <see cref="TargetShare"/>; when not, even every candidate cannot, and the
    /// answer is the fewest candidates reaching the best share there is (<see cref="ShareAfter"/>). MCLP: <c>true</c>.
    /// </summary>
    public bool TargetReached { get; init; } = true;

    public required long TotalWeight { get; init; }

    public required long CoveredWeightBefore { get; init; }

    public required long CoveredWeightAfter { get; init; }

    /// <summary>Covered weight / total weight before the new sites (1 when the total is 0).</summary>
    public required double ShareBefore { get; init; }

    /// <summary>Covered weight / total weight with the new sites (1 when the total is 0).</summary>
    public required double ShareAfter { get; init; }
}
