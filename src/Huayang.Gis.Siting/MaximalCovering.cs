using System.Globalization;

namespace Huayang.Gis.Siting;

/// <summary>
/// MCLP (maximal covering location problem): choose at most <c>p</c> candidates so that the weight they newly cover
/// — demand the existing sites do not cover already — is as large as possible.
/// </summary>
public static class MaximalCovering
{
    /// <summary>
    /// Chooses up to <paramref name="p"/> candidates. The answer states the method, the newly covered weight, an upper
    /// bound on the best possible and the gap. Candidates that add nobody are not chosen.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> is negative.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static SitingAnswer Solve(
        CoverageProblem problem, int p, SitingOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(problem);
        if (p < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(p), p,
                string.Create(CultureInfo.InvariantCulture, $"p is {p}; the number of new sites must be 0 or more."));
        }

        cancellationToken.ThrowIfCancellationRequested();
        options ??= SitingOptions.Default;
        var model = CoverModel.Build(problem);
        var chosen = GreedySwap.Greedy(model, p, long.MaxValue, cancellationToken);
        if (!options.SkipSwap && chosen.Count == p)
        {
            GreedySwap.Swap(model, chosen, options.MaxSwaps, cancellationToken);
        }

        var weight = model.WeightOf(chosen);
        // Fewer than p taken means no candidate adds anything more: all that can be covered is.
        var bound = chosen.Count < p ? weight : GreedySwap.SubmodularBound(model, chosen, p);
        if (bound > weight)
        {
            var lp = LpBounds.MaximalCovering(model, p, options.BoundTimeLimit, cancellationToken);
            bound = Math.Min(bound, lp ?? long.MaxValue);
        }

        var method = SitingMethod.GreedySwap;
        // Auto runs SCIP only while the bound leaves a gap (none left: the heuristic's answer is proven optimal).
        var runExact = chosen.Count > 0 && (options.Strategy == SitingStrategy.Exact
            || (options.Strategy == SitingStrategy.Auto && bound > weight
                && model.CandidateCount <= options.AutoExactCandidateLimit));
        if (runExact)
        {
            var exact = MipCovering.MaximalCovering(model, p, chosen, options.ExactTimeLimit, cancellationToken);
            if (!double.IsNaN(exact.Bound))
            {
                method = SitingMethod.ExactMip;
                var exactWeight = model.WeightOf(exact.Chosen);
                if (exactWeight >= weight && exact.Chosen.Count <= p)
                {
                    (chosen, weight) = ([.. exact.Chosen], exactWeight);
                }

                // SCIP's proof closes the gap for its own answer; otherwise its bound (past a small tolerance)
                // tightens ours.
                bound = exact.Proven && weight == exactWeight
                    ? weight
                    : Math.Min(bound, (long)Math.Floor(exact.Bound + (1e-6 * (1 + Math.Abs(exact.Bound)))));
            }
        }

        return SitingAnswers.Build(problem, model, chosen, SitingQuestion.MaximalCovering, method, weight, bound) with
        {
            RequestedSites = p,
        };
    }
}
