namespace Huayang.Gis.Siting;

/// <summary>Which method answers a siting question.</summary>
public enum SitingStrategy
{
    /// <summary>
    /// The heuristic with its LP bound; then, when the bound leaves a gap and the instance has at most
    /// <see cref="SitingOptions.AutoExactCandidateLimit"/> candidates, the MIP solver (SCIP) within the time limit.
    /// </summary>
    Auto,

    /// <summary>Greedy + swap with the LP bound only (large instances).</summary>
    Heuristic,

    /// <summary>
    /// The MIP solver (SCIP) within <see cref="SitingOptions.ExactTimeLimit"/>, hinted with the heuristic's answer,
    /// whatever the bound (unless nothing can be chosen). If SCIP finds no answer in time, the heuristic's answer and
    /// bound stand (<see cref="SitingMethod.GreedySwap"/>).
    /// </summary>
    Exact,
}

/// <summary>How a siting question is solved. The defaults suit one request of a planning service.</summary>
public sealed record SitingOptions
{
    /// <summary>The defaults.</summary>
    public static SitingOptions Default { get; } = new();

    public SitingStrategy Strategy { get; init; } = SitingStrategy.Auto;

    /// <summary>SCIP stops after this long with the best answer found and its bound (the gap says how good).</summary>
    public TimeSpan ExactTimeLimit { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>GLOP stops after this long; the bound then falls back to a cheaper, weaker one.</summary>
    public TimeSpan BoundTimeLimit { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The largest number of candidates <see cref="SitingStrategy.Auto"/> hands to SCIP.</summary>
    public int AutoExactCandidateLimit { get; init; } = 200;

    /// <summary>The most swaps the improvement step makes (each adds weight, so it ends anyway).</summary>
    public int MaxSwaps { get; init; } = 10_000;

    /// <summary>Tests only: leave out the swap step (to show that a test catches a weaker heuristic).</summary>
    internal bool SkipSwap { get; init; }
}
