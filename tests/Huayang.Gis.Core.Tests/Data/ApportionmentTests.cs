using Huayang.Gis.Synthetic;

namespace Huayang.Gis.Core.Tests.Data;

public sealed class ApportionmentTests
{
    [Theory]
    [InlineData(10, new[] { 1.0, 1.0, 1.0 }, new[] { 4, 3, 3 })]
    [InlineData(7, new[] { 0.5, 0.25, 0.25 }, new[] { 3, 2, 2 })]
    [InlineData(0, new[] { 2.0, 3.0 }, new[] { 0, 0 })]
    [InlineData(100, new[] { 0.0, 1.0 }, new[] { 0, 100 })]
    [InlineData(444_000, new[] { 3.3, 1.7, 2.9, 0.1 }, new[] { 183_150, 94_350, 160_950, 5_550 })]
    public void Largest_remainder_sums_exactly(int total, double[] weights, int[] expected)
    {
        var parts = Apportionment.LargestRemainder(total, weights);
        Assert.Equal(expected, parts);
        Assert.Equal(total, parts.Sum());
    }

    [Fact]
    public void Weighted_sample_draws_distinct_sorted_indices_favouring_heavy_weights()
    {
        var weights = Enumerable.Range(0, 1000).Select(i => i < 500 ? 1.0 : 9.0).Append(0.0).ToArray();
        var sample = Apportionment.WeightedSample(300, weights, new Random(7));

        Assert.Equal(300, sample.Length);
        Assert.Equal(sample.Order(), sample);
        Assert.Equal(300, sample.Distinct().Count());
        Assert.DoesNotContain(1000, sample);
        Assert.True(sample.Count(i => i >= 500) > 2 * sample.Count(i => i < 500));
        Assert.Equal(sample, Apportionment.WeightedSample(300, weights, new Random(7)));
        Assert.Equal(Enumerable.Range(0, 1001), Apportionment.WeightedSample(1001, weights, new Random(7)));
    }
}
