using System.Globalization;
using Xunit.Abstractions;

namespace Huayang.Gis.Siting.Tests;

public sealed class MaximalCoveringTests(ITestOutputHelper output)
{
    private static readonly SitingOptions Heuristic = new() { Strategy = SitingStrategy.Heuristic };
    private static readonly SitingOptions Exact = new() { Strategy = SitingStrategy.Exact };

    [Fact]
    public void Heuristic_is_never_above_the_optimum_and_its_bound_never_below_on_random_instances()
    {
        var solved = 0;
        var notOptimal = 0;
        var worstGap = 0.0;
        var worstGapAt = "";
        var worstBoundSlack = 0.0;
        foreach (var instance in Instance.Random(300, seed: 2026))
        {
            for (var p = 0; p <= instance.Covers.Length + 1; p++)
            {
                var optimum = instance.BestNewWeight(p);
                var answer = MaximalCovering.Solve(instance.Problem, p, Heuristic);
                AnswerChecks.Consistent(instance, answer);
                var at = $"{instance.Name}, p = {p}";
                Assert.True(answer.Objective <= optimum, $"{at}: heuristic {answer.Objective} > optimum {optimum}");
                Assert.True(answer.Bound >= optimum, $"{at}: bound {answer.Bound} < optimum {optimum}");
                // Greedy alone guarantees (1 - 1/e) of the optimum; the swaps only add.
                Assert.True(answer.Objective >= (1 - (1 / Math.E)) * optimum, $"{at}: {answer.Objective} of {optimum}");
                Assert.Equal(SitingMethod.GreedySwap, answer.Method);
                solved++;
                if (answer.Objective < optimum)
                {
                    notOptimal++;
                    var gap = (double)(optimum - answer.Objective) / optimum;
                    if (gap > worstGap)
                    {
                        (worstGap, worstGapAt) = (gap, at);
                    }
                }

                if (optimum > 0)
                {
                    worstBoundSlack = Math.Max(worstBoundSlack, (double)(answer.Bound - optimum) / optimum);
                }
            }
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{solved} MCLP solves on 300 random instances: heuristic below the optimum in {notOptimal}; " +
            $"worst gap {worstGap:P2} ({(worstGapAt == "" ? "none" : worstGapAt)}); " +
            $"worst bound above the optimum {worstBoundSlack:P2}."));
    }

    [Fact]
    public void Exact_equals_exhaustive_search_on_random_instances()
    {
        var solved = 0;
        var byMip = 0;
        foreach (var instance in Instance.Random(300, seed: 2026))
        {
            for (var p = 0; p <= instance.Covers.Length + 1; p++)
            {
                var at = $"{instance.Name}, p = {p}";
                var optimum = instance.BestNewWeight(p);
                var answer = MaximalCovering.Solve(instance.Problem, p, Exact);
                AnswerChecks.Consistent(instance, answer);
                Assert.True(optimum == answer.Objective, $"{at}: {answer.Objective}, optimum {optimum}");
                Assert.True(answer.IsOptimal, $"{at}: gap {answer.Gap}");
                byMip += answer.Method == SitingMethod.ExactMip ? 1 : 0;

                // SCIP on its own, without the heuristic's answer as a hint.
                var model = CoverModel.Build(instance.Problem);
                var alone = MipCovering.MaximalCovering(model, p, [], TimeSpan.FromSeconds(10), default);
                Assert.True(alone.Proven, at);
                Assert.True(alone.Chosen.Count <= p, at);
                Assert.True(optimum == model.WeightOf(alone.Chosen), $"{at}: SCIP alone {model.WeightOf(alone.Chosen)}");
                Assert.Equal(optimum, alone.Bound, 6);
                solved++;
            }
        }

        output.WriteLine($"{solved} exact MCLP solves equal to exhaustive search, {byMip} of them by SCIP (the others" +
            " had nothing to choose); SCIP without a hint equal on all.");
    }

    [Fact]
    public void Auto_answers_small_instances_optimally_with_the_method_named()
    {
        var byMip = 0;
        foreach (var instance in Instance.Random(100, seed: 7))
        {
            var p = Math.Max(1, instance.Covers.Length / 3);
            var answer = MaximalCovering.Solve(instance.Problem, p);
            Assert.Equal(instance.BestNewWeight(p), answer.Objective);
            Assert.Equal(0, answer.Gap);
            byMip += answer.Method == SitingMethod.ExactMip ? 1 : 0;
        }

        output.WriteLine($"{byMip} of 100 closed by SCIP, the others proven by their bound.");
    }

    /// <summary>
    /// Greedy takes the big candidate A first and then adds 1; B and C together cover all six. Only the swap of A for
    /// C finds that.
    /// </summary>
    internal static readonly Instance SwapMatters = new(
        [1, 1, 1, 1, 1, 1], new bool[6], [[0, 1, 2, 3], [0, 1, 4], [2, 3, 5]], "swap matters");

    [Fact]
    public void Swap_finds_the_optimum_where_greedy_falls_short()
    {
        var answer = MaximalCovering.Solve(SwapMatters.Problem, 2, Heuristic);

        Assert.Equal(6, answer.Objective);
        Assert.Equal([1, 2], answer.Chosen.Select(s => s.Candidate).Order());
        Assert.Equal(0, answer.Gap);
    }

    [Fact]
    public void A_heuristic_without_the_swap_step_fails_the_swap_test()
    {
        var broken = MaximalCovering.Solve(SwapMatters.Problem, 2, Heuristic with { SkipSwap = true });

        Assert.Equal(5, broken.Objective);
        Assert.Equal([new ChosenSite(0, 4), new ChosenSite(1, 1)], broken.Chosen);
        Assert.Equal(6, broken.Bound);
        Assert.Equal(1, broken.Gap);
    }

    [Fact]
    public void Two_candidates_covering_the_same_demand_count_it_once()
    {
        var instance = new Instance([10, 5], new bool[2], [[0], [0], [1]], "same demand");

        var one = MaximalCovering.Solve(instance.Problem, 1);
        var two = MaximalCovering.Solve(instance.Problem, 2);

        Assert.Equal([new ChosenSite(0, 10)], one.Chosen);
        Assert.Equal([new ChosenSite(0, 10), new ChosenSite(2, 5)], two.Chosen);
        Assert.Equal(15, two.CoveredWeightAfter);
        Assert.Equal(1.0, two.ShareAfter);
        Assert.Equal(0, two.Gap);
    }

    [Fact]
    public void More_sites_asked_than_useful_candidates_gives_only_the_useful_ones()
    {
        var instance = new Instance([10, 20, 0], new bool[3], [[0], [], [0], [2], [1, 0]], "few useful");

        var answer = MaximalCovering.Solve(instance.Problem, 4);

        Assert.Equal([new ChosenSite(4, 30)], answer.Chosen);
        Assert.Equal(30, answer.Objective);
        Assert.Equal(30, answer.Bound);
        Assert.Equal(4, answer.RequestedSites);
        Assert.True(answer.IsOptimal);
    }

    [Fact]
    public void Existing_coverage_is_kept_and_not_counted_again()
    {
        var instance = new Instance([100, 7, 3], [true, false, false], [[0, 2], [0, 1]], "existing");

        var answer = MaximalCovering.Solve(instance.Problem, 1);

        Assert.Equal([new ChosenSite(1, 7)], answer.Chosen);
        Assert.Equal(100, answer.CoveredWeightBefore);
        Assert.Equal(107, answer.CoveredWeightAfter);
        Assert.Equal(100.0 / 110, answer.ShareBefore, 12);
        Assert.Equal(107.0 / 110, answer.ShareAfter, 12);
    }

    [Fact]
    public void Everything_already_covered_chooses_nothing()
    {
        var instance = new Instance([4, 5], [true, true], [[0], [1]], "all covered");

        var answer = MaximalCovering.Solve(instance.Problem, 2);

        Assert.Empty(answer.Chosen);
        Assert.Equal((0L, 0L, 1.0, 1.0), (answer.Objective, answer.Bound, answer.ShareBefore, answer.ShareAfter));
    }

    [Fact]
    public void Zero_sites_asked_chooses_nothing()
    {
        var answer = MaximalCovering.Solve(SwapMatters.Problem, 0);

        Assert.Empty(answer.Chosen);
        Assert.Equal((0L, 0L, 0.0, 0.0), (answer.Objective, answer.Bound, answer.ShareBefore, answer.ShareAfter));
    }

    [Fact]
    public void No_candidates_chooses_nothing()
    {
        var instance = new Instance([4, 5], [true, false], [], "no candidates");

        var answer = MaximalCovering.Solve(instance.Problem, 3);

        Assert.Empty(answer.Chosen);
        Assert.Equal((0L, 0L), (answer.Objective, answer.Bound));
        Assert.Equal(4.0 / 9, answer.ShareAfter, 12);
    }

    [Fact]
    public void No_demand_at_all_has_share_one()
    {
        var answer = MaximalCovering.Solve(new CoverageProblem([], null, [[], []]), 1);

        Assert.Empty(answer.Chosen);
        Assert.Equal((0L, 1.0, 1.0), (answer.TotalWeight, answer.ShareBefore, answer.ShareAfter));
    }

    [Fact]
    public void A_negative_number_of_sites_is_refused_by_name()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => MaximalCovering.Solve(SwapMatters.Problem, -1));

        Assert.Equal("p", e.ParamName);
        Assert.Contains("p is -1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cancelled_token_stops_the_solve()
    {
        var instance = Instance.Random(1, seed: 3).Single();

        Assert.ThrowsAny<OperationCanceledException>(
            () => MaximalCovering.Solve(instance.Problem, 2, cancellationToken: new CancellationToken(true)));
    }
}
