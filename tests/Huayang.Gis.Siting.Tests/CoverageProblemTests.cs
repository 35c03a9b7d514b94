namespace Huayang.Gis.Siting.Tests;

public sealed class CoverageProblemTests
{
    [Fact]
    public void Totals_and_share_before_come_from_the_weights_and_the_existing_coverage()
    {
        var problem = new CoverageProblem([3, 0, 7], [false, true, true], [[0, 0, 2], []]);

        Assert.Equal((3, 2, 10L, 7L), (problem.DemandCount, problem.CandidateCount, problem.TotalWeight, problem.CoveredWeightBefore));
        Assert.Equal(0.7, problem.ShareBefore, 12);
        Assert.Equal([0, 2], problem.Covers(0).ToArray());
    }

    [Fact]
    public void The_lists_are_copied()
    {
        int[] weights = [5];
        int[] covers = [0];
        var problem = new CoverageProblem(weights, null, [covers]);
        weights[0] = 9;
        covers[0] = 3;

        Assert.Equal(5, MaximalCovering.Solve(problem, 1).Objective);
    }

    [Fact]
    public void A_negative_weight_is_named()
    {
        var e = Assert.Throws<ArgumentException>(() => new CoverageProblem([1, -4], null, []));

        Assert.Equal("weights", e.ParamName);
        Assert.Contains("weights[1] is -4", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(-1)]
    public void A_demand_index_out_of_range_is_named(int index)
    {
        var e = Assert.Throws<ArgumentException>(() => new CoverageProblem([1, 1], null, [[0], [1, index]]));

        Assert.Equal("candidateCovers", e.ParamName);
        Assert.Contains($"candidateCovers[1][1] is {index}; a demand index must be in 0..1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_candidate_list_is_named()
    {
        var e = Assert.Throws<ArgumentException>(() => new CoverageProblem([1], null, [[0], null!]));

        Assert.Contains("candidateCovers[1] is null", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_existing_coverage_list_of_another_length_is_named()
    {
        var e = Assert.Throws<ArgumentException>(() => new CoverageProblem([1, 2, 3], [true], []));

        Assert.Equal("alreadyCovered", e.ParamName);
        Assert.Contains("alreadyCovered has 1 entries; there are 3 demand points", e.Message, StringComparison.Ordinal);
    }
}
