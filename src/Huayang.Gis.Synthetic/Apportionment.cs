namespace Huayang.Gis.Synthetic;

/// <summary>Splitting a whole number into parts by weight so that the parts sum exactly.</summary>
internal static class Apportionment
{
    /// <summary>
    /// Largest-remainder (Hamilton) apportionment of <paramref name="total"/> over
    /// <paramref name="weights"/>: each part is the floor of its quota, and the units left over go
    /// to the largest fractional remainders (ties to the lower index).
    /// </summary>
    public static int[] LargestRemainder(int total, IReadOnlyList<double> weights)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(total);
        double sum = weights.Sum();
        if (weights.Count == 0 || sum <= 0 || weights.Any(w => w < 0 || double.IsNaN(w)))
        {
            throw new ArgumentException("Weights must be non-negative with a positive sum.", nameof(weights));
        }

        var parts = new int[weights.Count];
        var remainders = new double[weights.Count];
        int given = 0;
        for (int i = 0; i < weights.Count; i++)
        {
            double quota = total * weights[i] / sum;
            parts[i] = (int)Math.Floor(quota);
            remainders[i] = quota - parts[i];
            given += parts[i];
        }

        foreach (int i in Enumerable.Range(0, weights.Count).OrderByDescending(i => remainders[i]).ThenBy(i => i)
                     .Take(total - given))
        {
            parts[i]++;
        }

        return parts;
    }

    /// <summary>
    /// <paramref name="count"/> distinct indices into <paramref name="weights"/>, in ascending order,
    /// drawn without replacement with probability proportional to weight (Efraimidis–Spirakis: each
    /// index gets the key ln(u)/w for a uniform u in (0, 1], and the largest keys are kept; ties to
    /// the lower index). Zero weights are drawn only after every positive weight.
    /// </summary>
    public static int[] WeightedSample(int count, IReadOnlyList<double> weights, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, weights.Count);
        if (weights.Any(w => w < 0 || double.IsNaN(w) || double.IsInfinity(w)))
        {
            throw new ArgumentException("Weights must be finite and non-negative.", nameof(weights));
        }

        var keys = new double[weights.Count];
        for (int i = 0; i < weights.Count; i++)
        {
            double u = 1.0 - random.NextDouble();
            keys[i] = weights[i] > 0 ? Math.Log(u) / weights[i] : double.NegativeInfinity;
        }

        return Enumerable.Range(0, weights.Count).OrderByDescending(i => keys[i]).ThenBy(i => i)
            .Take(count).Order().ToArray();
    }
}
