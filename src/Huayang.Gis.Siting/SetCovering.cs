using System.Globalization;

namespace Huayang.Gis.Siting;

/// <summary>
/// LSCP (location set covering problem): the fewest candidates so that covered weight / total weight reaches a target
/// share, the existing sites' coverage included.
/// </summary>
public static class SetCovering
{
    /// <summary>
    /// Chooses the fewest candidates reaching <paramref name="targetShare"/> (0..1; 1 = everybody). When even every
    /// candidate cannot reach it, the answer says so (<see cref="SitingAnswer.TargetReached"/> false) and holds the
    /// fewest candidates reaching the best share there is — never an exception. The bound is a lower bound on the
    /// number of sites.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="targetShare"/> is not in 0..1.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static SitingAnswer Solve(
        CoverageProblem problem, double targetShare = 1.0, SitingOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(problem);
        if (!(targetShare is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(targetShare), targetShare, string.Create(
                CultureInfo.InvariantCulture, $"targetShare is {targetShare}; a share must be in 0..1."));
        }

        cancellationToken.ThrowIfCancellationRequested();
        options ??= SitingOptions.Default;
        var model = CoverModel.Build(problem);
        // decimal, so that a share such as 0.3 of 10 asks for 3 and not for 3.0000000000000004 → 4.
        var requiredTotal = (long)Math.Ceiling((decimal)targetShare * problem.TotalWeight);
        var required = requiredTotal - problem.CoveredWeightBefore;
        var reached = required <= model.CoverableWeight;
        required = Math.Min(required, model.CoverableWeight);

        var chosen = Heuristic(model, required, options, cancellationToken);
        var count = (long)chosen.Count;
        var bound = count == 0 ? 0 : CountBound(model, required);
        if (bound < count)
        {
            var lp = LpBounds.SetCovering(model, required, options.BoundTimeLimit, cancellationToken);
            bound = Math.Max(bound, lp ?? 0);
        }

        var method = SitingMethod.GreedySwap;
        // Auto runs SCIP only while the bound leaves a gap (none left: the heuristic's answer is proven optimal).
        var runExact = count > 0 && (options.Strategy == SitingStrategy.Exact
            || (options.Strategy == SitingStrategy.Auto && bound < count
                && model.CandidateCount <= options.AutoExactCandidateLimit));
        if (runExact)
        {
            var exact = MipCovering.SetCovering(model, required, chosen, options.ExactTimeLimit, cancellationToken);
            if (!double.IsNaN(exact.Bound))
            {
                method = SitingMethod.ExactMip;
                var feasible = model.WeightOf(exact.Chosen) >= required;
                if (feasible && exact.Chosen.Count <= count)
                {
                    (chosen, count) = ([.. exact.Chosen], exact.Chosen.Count);
                }

                bound = exact.Proven && feasible && count == exact.Chosen.Count
                    ? count
                    : Math.Max(bound, (long)Math.Ceiling(exact.Bound - (1e-6 * (1 + Math.Abs(exact.Bound)))));
            }
        }

        return SitingAnswers.Build(
            problem, model, chosen, SitingQuestion.SetCovering, method, count, Math.Min(bound, count)) with
        {
            TargetShare = targetShare,
            TargetReached = reached,
        };
    }

    /// <summary>
    /// Greedy until <paramref name="required"/> is added; then, while the MCLP heuristic with one site fewer (started
    /// from the current sites less the one adding least) still adds it, one site fewer.
    /// </summary>
    private static List<int> Heuristic(CoverModel model, long required, SitingOptions options, CancellationToken cancellationToken)
    {
        var chosen = GreedySwap.Greedy(model, model.CandidateCount, required, cancellationToken);
        while (chosen.Count > 0 && !options.SkipSwap)
        {
            var ordered = GreedySwap.OrderByMarginal(model, chosen);
            var fewer = ordered.Take(ordered.Count - 1).Select(o => o.Candidate).ToList();
            GreedySwap.Swap(model, fewer, options.MaxSwaps, cancellationToken);
            if (model.WeightOf(fewer) < required)
            {
                break;
            }

            chosen = fewer;
        }

        return chosen;
    }

    /// <summary>
    /// A lower bound on the number of sites: the fewest whose single weights together reach
    /// <paramref name="required"/>.
    /// </summary>
    private static long CountBound(CoverModel model, long required)
    {
        var singles = new long[model.CandidateCount];
        for (var c = 0; c < singles.Length; c++)
        {
            singles[c] = model.SingleWeight(c);
        }

        Array.Sort(singles);
        long sum = 0;
        var k = 0;
        while (sum < required && k < singles.Length)
        {
            sum += singles[^(k + 1)];
            k++;
        }

        return k;
    }
}
