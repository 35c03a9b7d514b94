using System.Globalization;
using Xunit.Abstractions;

namespace Huayang.Gis.Siting.Tests;

public sealed class SetCoveringTests(ITestOutputHelper output)
{
    private static readonly SitingOptions Heuristic = new() { Strategy = SitingStrategy.Heuristic };
    private static readonly SitingOptions Exact = new() { Strategy = SitingStrategy.Exact };
    private static readonly double[] Targets = [0, 0.3, 0.5, 0.8, 0.95, 1.0];

    [Fact]
    public void Exact_equals_the_exhaustive_fewest_sites_and_the_heuristic_is_never_fewer()
    {
        var solved = 0;
        var heuristicAbove = 0;
        var worstExtra = 0L;
        var worstAt = "";
        foreach (var instance in Instance.Random(300, seed: 1949))
        {
            foreach (var target in Targets)
            {
                var required = (long)Math.Ceiling((decimal)target * instance.TotalWeight);
                var (fewest, reached) = instance.FewestSites(required);
                var at = string.Create(CultureInfo.InvariantCulture, $"{instance.Name}, target {target}");

                var exact = SetCovering.Solve(instance.Problem, target, Exact);
                AnswerChecks.Consistent(instance, exact);
                if (fewest > 0)
                {
                    Assert.Equal(SitingMethod.ExactMip, exact.Method);
                    // SCIP on its own, without the heuristic's answer as a hint.
                    var model = CoverModel.Build(instance.Problem);
                    var goalOpen = (reached ? required : instance.CoveredWith((1 << instance.Covers.Length) - 1)) - instance.Before;
                    var alone = MipCovering.SetCovering(model, goalOpen, [], TimeSpan.FromSeconds(10), default);
                    Assert.True(alone.Proven, at);
                    Assert.True(fewest == alone.Chosen.Count, $"{at}: SCIP alone {alone.Chosen.Count}");
                    Assert.True(model.WeightOf(alone.Chosen) >= goalOpen, at);
                }

                Assert.True(fewest == exact.Objective, $"{at}: exact {exact.Objective}, fewest {fewest}");
                Assert.True(exact.IsOptimal, $"{at}: gap {exact.Gap}");
                Assert.Equal(reached, exact.TargetReached);

                var heuristic = SetCovering.Solve(instance.Problem, target, Heuristic);
                AnswerChecks.Consistent(instance, heuristic);
                Assert.True(heuristic.Objective >= fewest, $"{at}: heuristic {heuristic.Objective} < fewest {fewest}");
                Assert.True(heuristic.Bound <= fewest, $"{at}: lower bound {heuristic.Bound} > fewest {fewest}");
                Assert.Equal(reached, heuristic.TargetReached);
                foreach (var answer in new[] { exact, heuristic })
                {
                    // The requirement, or when unreachable the most there is, is met.
                    var goal = reached ? required : instance.CoveredWith((1 << instance.Covers.Length) - 1);
                    Assert.True(answer.CoveredWeightAfter >= goal, $"{at}: {answer.CoveredWeightAfter} < {goal}");
                    Assert.Equal(target, answer.TargetShare);
                }

                solved++;
                if (heuristic.Objective > fewest)
                {
                    heuristicAbove++;
                    if (heuristic.Objective - fewest > worstExtra)
                    {
                        (worstExtra, worstAt) = (heuristic.Objective - fewest, at);
                    }
                }
            }
        }

        output.WriteLine(
            $"{solved} LSCP instances (300 random × {Targets.Length} targets): exact = exhaustive on all; heuristic " +
            $"above the fewest in {heuristicAbove}, worst by {worstExtra} site(s) ({(worstAt == "" ? "none" : worstAt)}).");
    }

    [Fact]
    public void An_unreachable_target_gives_the_best_share_and_the_sites_for_it()
    {
        var instance = new Instance([10, 10, 5, 1], new bool[4], [[0], [1], [0, 1], [0]], "unreachable");

        var answer = SetCovering.Solve(instance.Problem);

        Assert.False(answer.TargetReached);
        Assert.Equal(1.0, answer.TargetShare);
        Assert.Equal([new ChosenSite(2, 20)], answer.Chosen);
        Assert.Equal(20.0 / 26, answer.ShareAfter, 12);
        Assert.Equal((1L, 1L), (answer.Objective, answer.Bound));
    }

    [Fact]
    public void A_target_met_by_existing_sites_needs_none()
    {
        var instance = new Instance([8, 2], [true, false], [[1]], "met already");

        var answer = SetCovering.Solve(instance.Problem, 0.8);

        Assert.True(answer.TargetReached);
        Assert.Empty(answer.Chosen);
        Assert.Equal((0L, 0L, 0.8, 0.8), (answer.Objective, answer.Bound, answer.ShareBefore, answer.ShareAfter));
    }

    [Fact]
    public void A_share_of_point_three_of_ten_asks_for_three()
    {
        var instance = new Instance(
            [1, 1, 1, 1, 1, 1, 1, 1, 1, 1], new bool[10], [[0, 1, 2], [3], [4, 5, 6, 7]], "0.3 of 10");

        var answer = SetCovering.Solve(instance.Problem, 0.3);

        Assert.Equal([new ChosenSite(2, 4)], answer.Chosen);
        Assert.True(answer.TargetReached);
    }

    [Fact]
    public void Everything_covered_needs_the_fewest_not_the_greedy_count()
    {
        // Greedy takes A (four) and then needs both B and C; B and C alone cover all six.
        var answer = SetCovering.Solve(MaximalCoveringTests.SwapMatters.Problem, 1.0, Heuristic);

        Assert.Equal(2, answer.Objective);
        Assert.Equal([1, 2], answer.Chosen.Select(s => s.Candidate).Order());
        Assert.Equal(1.0, answer.ShareAfter);
    }

    [Fact]
    public void Greedy_alone_takes_one_site_too_many_there()
    {
        var broken = SetCovering.Solve(MaximalCoveringTests.SwapMatters.Problem, 1.0, Heuristic with { SkipSwap = true });

        Assert.Equal(3, broken.Objective);
        Assert.Equal(2, broken.Bound);
    }

    [Fact]
    public void No_candidates_and_no_demand_are_answers_not_errors()
    {
        var none = SetCovering.Solve(new Instance([3], new bool[1], [], "no candidates").Problem);
        var empty = SetCovering.Solve(new CoverageProblem([], null, []));

        Assert.False(none.TargetReached);
        Assert.Empty(none.Chosen);
        Assert.Equal(0.0, none.ShareAfter);
        Assert.True(empty.TargetReached);
        Assert.Equal(1.0, empty.ShareAfter);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void A_target_share_outside_zero_to_one_is_refused_by_name(double share)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(
            () => SetCovering.Solve(MaximalCoveringTests.SwapMatters.Problem, share));

        Assert.Equal("targetShare", e.ParamName);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"targetShare is {share}"), e.Message, StringComparison.Ordinal);
    }
}
