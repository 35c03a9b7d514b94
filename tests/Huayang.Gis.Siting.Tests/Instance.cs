using System.Numerics;

namespace Huayang.Gis.Siting.Tests;

/// <summary>A small covering instance as plain lists, and the answers found by trying every subset of candidates.</summary>
internal sealed record Instance(int[] Weights, bool[] Covered, int[][] Covers, string Name)
{
    public CoverageProblem Problem => new(Weights, Covered, Covers);

    public long TotalWeight => Weights.Sum(w => (long)w);

    public long Before => Enumerable.Range(0, Weights.Length).Where(d => Covered[d]).Sum(d => (long)Weights[d]);

    /// <summary>The covered weight (existing sites included) with the candidates of a bit mask.</summary>
    public long CoveredWith(int mask)
    {
        var covered = (bool[])Covered.Clone();
        for (var c = 0; c < Covers.Length; c++)
        {
            if ((mask & (1 << c)) != 0)
            {
                foreach (var d in Covers[c])
                {
                    covered[d] = true;
                }
            }
        }

        return Enumerable.Range(0, Weights.Length).Where(d => covered[d]).Sum(d => (long)Weights[d]);
    }

    public long CoveredWith(IEnumerable<int> candidates) => CoveredWith(candidates.Aggregate(0, (m, c) => m | (1 << c)));

    /// <summary>MCLP by exhaustive search: the most weight at most <paramref name="p"/> candidates newly cover.</summary>
    public long BestNewWeight(int p)
    {
        long best = 0;
        for (var mask = 0; mask < 1 << Covers.Length; mask++)
        {
            if (BitOperations.PopCount((uint)mask) <= p)
            {
                best = Math.Max(best, CoveredWith(mask) - Before);
            }
        }

        return best;
    }

    /// <summary>
    /// LSCP by exhaustive search: the fewest candidates reaching <paramref name="required"/> covered weight, or, when
    /// none do, the fewest reaching the most there is; and whether the requirement was reachable.
    /// </summary>
    public (int Count, bool Reached) FewestSites(long required)
    {
        var all = CoveredWith((1 << Covers.Length) - 1);
        var reached = all >= required;
        var goal = reached ? required : all;
        var fewest = int.MaxValue;
        for (var mask = 0; mask < 1 << Covers.Length; mask++)
        {
            if (CoveredWith(mask) >= goal)
            {
                fewest = Math.Min(fewest, BitOperations.PopCount((uint)mask));
            }
        }

        return (fewest, reached);
    }

    /// <summary>Seeded random instances: up to 12 demand points, up to 10 candidates, some weights 0, some covered.</summary>
    public static IEnumerable<Instance> Random(int count, int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            var n = random.Next(1, 13);
            var m = random.Next(0, 11);
            var density = 0.1 + (random.NextDouble() * 0.4);
            var weights = Enumerable.Range(0, n).Select(_ => random.Next(4) == 0 ? 0 : random.Next(1, 30)).ToArray();
            var covered = Enumerable.Range(0, n).Select(_ => random.NextDouble() < 0.15).ToArray();
            var covers = Enumerable.Range(0, m)
                .Select(_ => Enumerable.Range(0, n).Where(_ => random.NextDouble() < density).ToArray())
                .ToArray();
            yield return new Instance(weights, covered, covers, $"seed {seed} #{i}");
        }
    }
}
