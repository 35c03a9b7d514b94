namespace Huayang.Gis.Siting;

/// <summary>
/// The part of a <see cref="CoverageProblem"/> the algorithms work on: only demand that is not yet covered, has weight
/// and some candidate covers, merged into classes of demand points covered by the same candidates (their weights
/// summed). Candidate → classes and class → candidates are both kept as compressed rows.
/// </summary>
internal sealed class CoverModel
{
    private readonly int[] _candidateStart;
    private readonly int[] _candidateClasses;
    private readonly int[] _classStart;
    private readonly int[] _classCandidates;

    private CoverModel(long[] classWeight, int[] classStart, int[] classCandidates, int candidateCount)
    {
        ClassWeight = classWeight;
        _classStart = classStart;
        _classCandidates = classCandidates;
        CandidateCount = candidateCount;
        var counts = new int[candidateCount + 1];
        foreach (var c in classCandidates)
        {
            counts[c + 1]++;
        }

        for (var c = 0; c < candidateCount; c++)
        {
            counts[c + 1] += counts[c];
        }

        _candidateStart = counts;
        _candidateClasses = new int[classCandidates.Length];
        var next = (int[])counts.Clone();
        for (var k = 0; k < ClassCount; k++)
        {
            for (var i = classStart[k]; i < classStart[k + 1]; i++)
            {
                _candidateClasses[next[classCandidates[i]]++] = k;
            }
        }

        foreach (var w in classWeight)
        {
            CoverableWeight += w;
        }
    }

    public int CandidateCount { get; }

    public int ClassCount => ClassWeight.Length;

    public long[] ClassWeight { get; }

    /// <summary>The weight all candidates together could add.</summary>
    public long CoverableWeight { get; }

    public ReadOnlySpan<int> ClassesOf(int candidate) =>
        _candidateClasses.AsSpan(_candidateStart[candidate], _candidateStart[candidate + 1] - _candidateStart[candidate]);

    public ReadOnlySpan<int> CandidatesOf(int demandClass) =>
        _classCandidates.AsSpan(_classStart[demandClass], _classStart[demandClass + 1] - _classStart[demandClass]);

    /// <summary>The weight a candidate would add on its own.</summary>
    public long SingleWeight(int candidate)
    {
        long sum = 0;
        foreach (var k in ClassesOf(candidate))
        {
            sum += ClassWeight[k];
        }

        return sum;
    }

    /// <summary>The weight a set of candidates adds together.</summary>
    public long WeightOf(IEnumerable<int> candidates)
    {
        var covered = new bool[ClassCount];
        long sum = 0;
        foreach (var c in candidates)
        {
            foreach (var k in ClassesOf(c))
            {
                if (!covered[k])
                {
                    covered[k] = true;
                    sum += ClassWeight[k];
                }
            }
        }

        return sum;
    }

    public static CoverModel Build(CoverageProblem problem)
    {
        var n = problem.DemandCount;
        var m = problem.CandidateCount;
        var open = new bool[n];
        for (var d = 0; d < n; d++)
        {
            open[d] = problem.Weight(d) > 0 && !problem.IsAlreadyCovered(d);
        }

        // Demand → covering candidates, ascending (candidates are visited in order).
        var degree = new int[n + 1];
        for (var c = 0; c < m; c++)
        {
            foreach (var d in problem.Covers(c))
            {
                if (open[d])
                {
                    degree[d + 1]++;
                }
            }
        }

        for (var d = 0; d < n; d++)
        {
            degree[d + 1] += degree[d];
        }

        var byDemand = new int[degree[n]];
        var fill = (int[])degree.Clone();
        for (var c = 0; c < m; c++)
        {
            foreach (var d in problem.Covers(c))
            {
                if (open[d])
                {
                    byDemand[fill[d]++] = c;
                }
            }
        }

        var classOf = new Dictionary<int[], int>(new SequenceComparer());
        var weights = new List<long>();
        var classStart = new List<int> { 0 };
        var classCandidates = new List<int>();
        for (var d = 0; d < n; d++)
        {
            if (degree[d + 1] == degree[d])
            {
                continue;
            }

            var key = byDemand[degree[d]..degree[d + 1]];
            if (classOf.TryGetValue(key, out var k))
            {
                weights[k] += problem.Weight(d);
                continue;
            }

            classOf.Add(key, weights.Count);
            weights.Add(problem.Weight(d));
            classCandidates.AddRange(key);
            classStart.Add(classCandidates.Count);
        }

        return new CoverModel([.. weights], [.. classStart], [.. classCandidates], m);
    }

    private sealed class SequenceComparer : IEqualityComparer<int[]>
    {
        public bool Equals(int[]? x, int[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(int[] obj)
        {
            var hash = new HashCode();
            foreach (var v in obj)
            {
                hash.Add(v);
            }

            return hash.ToHashCode();
        }
    }
}
