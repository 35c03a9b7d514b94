using System.Globalization;

namespace Huayang.Gis.Siting;

/// <summary>
/// A covering problem without geography: <c>n</c> demand points with integer weights (residents), which of them
/// existing sites already cover, and <c>m</c> candidates, each with the indices of the demand points it would cover
/// (from walking or straight-line distances — the caller decides). Indices are 0-based positions in the lists given.
/// </summary>
/// <remarks>
/// Validated when built: a negative weight, a demand index outside <c>0..n-1</c>, a missing list, or an
/// <c>alreadyCovered</c> list of another length is an <see cref="ArgumentException"/> naming the bad value. A demand
/// index repeated in one candidate's list counts once. Weights are summed as <see cref="long"/>. The lists are copied,
/// so changing them afterwards does not change the problem. Shares are covered weight / total weight, and 1 when the
/// total weight is 0 (nobody to cover).
/// </remarks>
public sealed class CoverageProblem
{
    private readonly int[] _weights;
    private readonly bool[] _alreadyCovered;
    private readonly int[][] _covers;

    /// <param name="weights">The weight of each demand point, 0 or more.</param>
    /// <param name="alreadyCovered">Whether each demand point is covered by an existing site; <c>null</c> for none.</param>
    /// <param name="candidateCovers">For each candidate, the demand indices it covers.</param>
    public CoverageProblem(
        IReadOnlyList<int> weights,
        IReadOnlyList<bool>? alreadyCovered,
        IReadOnlyList<IReadOnlyList<int>> candidateCovers)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(candidateCovers);
        var n = weights.Count;
        _weights = new int[n];
        for (var i = 0; i < n; i++)
        {
            if (weights[i] < 0)
            {
                throw new ArgumentException(
                    Format($"weights[{i}] is {weights[i]}; a demand weight must be 0 or more."), nameof(weights));
            }

            _weights[i] = weights[i];
            TotalWeight += weights[i];
        }

        _alreadyCovered = new bool[n];
        if (alreadyCovered is not null)
        {
            if (alreadyCovered.Count != n)
            {
                throw new ArgumentException(
                    Format($"alreadyCovered has {alreadyCovered.Count} entries; there are {n} demand points."),
                    nameof(alreadyCovered));
            }

            for (var i = 0; i < n; i++)
            {
                _alreadyCovered[i] = alreadyCovered[i];
                if (alreadyCovered[i])
                {
                    CoveredWeightBefore += _weights[i];
                }
            }
        }

        _covers = new int[candidateCovers.Count][];
        for (var c = 0; c < candidateCovers.Count; c++)
        {
            var list = candidateCovers[c] ?? throw new ArgumentException(
                Format($"candidateCovers[{c}] is null; give an empty list for a candidate that covers nobody."),
                nameof(candidateCovers));
            var seen = new HashSet<int>();
            var covers = new List<int>(list.Count);
            for (var j = 0; j < list.Count; j++)
            {
                var d = list[j];
                if (d < 0 || d >= n)
                {
                    throw new ArgumentException(
                        Format($"candidateCovers[{c}][{j}] is {d}; a demand index must be in 0..{n - 1}."),
                        nameof(candidateCovers));
                }

                if (seen.Add(d))
                {
                    covers.Add(d);
                }
            }

            covers.Sort();
            _covers[c] = [.. covers];
        }
    }

    /// <summary>The number of demand points, <c>n</c>.</summary>
    public int DemandCount => _weights.Length;

    /// <summary>The number of candidates, <c>m</c>.</summary>
    public int CandidateCount => _covers.Length;

    /// <summary>The sum of all weights.</summary>
    public long TotalWeight { get; }

    /// <summary>The sum of the weights the existing sites cover.</summary>
    public long CoveredWeightBefore { get; }

    /// <summary>The covered share before any new site: <see cref="CoveredWeightBefore"/> / <see cref="TotalWeight"/>.</summary>
    public double ShareBefore => ShareOf(CoveredWeightBefore);

    internal int Weight(int demand) => _weights[demand];

    internal bool IsAlreadyCovered(int demand) => _alreadyCovered[demand];

    internal ReadOnlySpan<int> Covers(int candidate) => _covers[candidate];

    internal double ShareOf(long coveredWeight) => TotalWeight == 0 ? 1.0 : (double)coveredWeight / TotalWeight;

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
