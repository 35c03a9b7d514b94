using System.Globalization;
using Xunit.Abstractions;

namespace Huayang.Gis.Siting.Tests;

/// <summary>Instances too large for exhaustive search: a seeded district (<see cref="RandomDistrict"/>).</summary>
public sealed class DistrictTests(ITestOutputHelper output)
{
    [Fact]
    public void Heuristic_at_city_scale_gives_a_consistent_answer_within_its_bound()
    {
        var problem = RandomDistrict.Create(10_000, 1_000, 20, 10_000, 500, seed: 2026);

        var answer = MaximalCovering.Solve(problem, 100, new SitingOptions { Strategy = SitingStrategy.Heuristic });

        Assert.Equal(SitingMethod.GreedySwap, answer.Method);
        Assert.Equal(100, answer.Chosen.Count);
        Assert.Equal(answer.Objective, answer.Chosen.Sum(s => s.AddedWeight));
        Assert.Equal(answer.CoveredWeightBefore + answer.Objective, answer.CoveredWeightAfter);
        Assert.Equal(
            answer.Chosen.Select(s => s.AddedWeight).OrderByDescending(w => w), answer.Chosen.Select(s => s.AddedWeight));
        Assert.InRange(answer.Bound, answer.Objective, problem.TotalWeight - problem.CoveredWeightBefore);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"10,000 points, 1,000 candidates, p = 100: adds {answer.Objective}, bound {answer.Bound}, gap " +
            $"{answer.Gap} ({answer.RelativeGap:P2}); share {answer.ShareBefore:P1} → {answer.ShareAfter:P1}."));
    }

    [Fact]
    public void Heuristic_against_SCIP_on_medium_districts()
    {
        var worst = 0.0;
        var autoByMip = 0;
        for (var seed = 1; seed <= 10; seed++)
        {
            var problem = RandomDistrict.Create(400, 40, 3, 3_000, 500, seed);
            foreach (var p in new[] { 3, 8 })
            {
                var heuristic = MaximalCovering.Solve(problem, p, new SitingOptions { Strategy = SitingStrategy.Heuristic });
                var exact = MaximalCovering.Solve(problem, p, new SitingOptions { Strategy = SitingStrategy.Exact });

                Assert.True(exact.IsOptimal, $"seed {seed}, p = {p}: SCIP gap {exact.Gap}");
                Assert.True(heuristic.Objective <= exact.Objective, $"seed {seed}, p = {p}");
                Assert.True(heuristic.Bound >= exact.Objective, $"seed {seed}, p = {p}");

                // Auto (40 candidates, under its limit) hands SCIP every instance whose bound leaves a gap.
                var auto = MaximalCovering.Solve(problem, p);
                Assert.Equal(exact.Objective, auto.Objective);
                Assert.Equal(0, auto.Gap);
                Assert.Equal(heuristic.Gap > 0 ? SitingMethod.ExactMip : SitingMethod.GreedySwap, auto.Method);
                autoByMip += auto.Method == SitingMethod.ExactMip ? 1 : 0;
                worst = Math.Max(worst, (double)(exact.Objective - heuristic.Objective) / exact.Objective);
            }
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"20 districts of 400 points and 40 candidates: worst heuristic gap to the SCIP optimum {worst:P2}; " +
            $"Auto handed {autoByMip} of them to SCIP."));
    }

    [Fact]
    public void Exact_stopped_by_its_time_limit_still_answers_with_a_bound()
    {
        var problem = RandomDistrict.Create(3_000, 300, 5, 6_000, 500, seed: 11);
        var heuristic = MaximalCovering.Solve(problem, 30, new SitingOptions { Strategy = SitingStrategy.Heuristic });

        var stopped = MaximalCovering.Solve(problem, 30, new SitingOptions
        {
            Strategy = SitingStrategy.Exact,
            ExactTimeLimit = TimeSpan.FromMilliseconds(1),
        });

        Assert.True(stopped.Objective >= heuristic.Objective);
        Assert.InRange(stopped.Bound, stopped.Objective, heuristic.Bound);
        Assert.Equal(stopped.Objective, stopped.Chosen.Sum(s => s.AddedWeight));
        Assert.True(stopped.Chosen.Count <= 30);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"1 ms limit: {stopped.Method}, {stopped.Objective} of bound {stopped.Bound} (heuristic {heuristic.Objective}" +
            $" of {heuristic.Bound})."));
    }
}
