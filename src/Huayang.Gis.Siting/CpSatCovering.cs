using System.Globalization;
using Google.OrTools.Sat;

namespace Huayang.Gis.Siting;

/// <summary>What CP-SAT found: the candidates, whether it proved them optimal, and its bound on the objective.</summary>
internal sealed record ExactResult(IReadOnlyList<int> Chosen, bool Proven, double Bound);

/// <summary>
/// The exact method: the 0-1 models solved by CP-SAT, one Boolean per candidate (<c>x</c>, chosen) and one per
/// demand class (<c>y</c>, covered) with <c>y_k → OR x_c</c> over the candidates covering class <c>k</c>, the
/// heuristic's answer as the hint, and a time limit (then the best found and CP-SAT's bound).
/// </summary>
internal static class CpSatCovering
{
    /// <summary>CP-SAT for MCLP: at most <paramref name="p"/> candidates adding the most weight.</summary>
    public static ExactResult MaximalCovering(
        CoverModel model, int p, IReadOnlyList<int> hint, TimeSpan limit, int workers, CancellationToken cancellationToken)
    {
        var cp = new CpModel();
        var (x, y) = AddCoverVariables(cp, model, hint);
        cp.AddLinearConstraint(LinearExpr.Sum(x), 0, p);
        cp.Maximize(LinearExpr.WeightedSum(y, model.ClassWeight));
        return SolveCp(cp, x, limit, workers, cancellationToken);
    }

    /// <summary>CP-SAT for LSCP: the fewest candidates adding at least <paramref name="required"/> weight.</summary>
    public static ExactResult SetCovering(
        CoverModel model, long required, IReadOnlyList<int> hint, TimeSpan limit, int workers, CancellationToken cancellationToken)
    {
        var cp = new CpModel();
        var (x, y) = AddCoverVariables(cp, model, hint);
        cp.AddLinearConstraint(LinearExpr.WeightedSum(y, model.ClassWeight), required, model.CoverableWeight);
        cp.Minimize(LinearExpr.Sum(x));
        return SolveCp(cp, x, limit, workers, cancellationToken);
    }

    private static (BoolVar[] X, BoolVar[] Y) AddCoverVariables(CpModel cp, CoverModel model, IReadOnlyList<int> hint)
    {
        var x = new BoolVar[model.CandidateCount];
        for (var c = 0; c < model.CandidateCount; c++)
        {
            x[c] = cp.NewBoolVar("");
        }

        var y = new BoolVar[model.ClassCount];
        var literals = new List<ILiteral>();
        for (var k = 0; k < model.ClassCount; k++)
        {
            y[k] = cp.NewBoolVar("");
            literals.Clear();
            literals.Add(y[k].Not());
            foreach (var c in model.CandidatesOf(k))
            {
                literals.Add(x[c]);
            }

            // y_k → some chosen candidate covers class k.
            cp.AddBoolOr(literals);
        }

        var hinted = new HashSet<int>(hint);
        for (var c = 0; c < model.CandidateCount; c++)
        {
            cp.AddHint(x[c], hinted.Contains(c) ? 1 : 0);
        }

        return (x, y);
    }

    private static ExactResult SolveCp(CpModel cp, BoolVar[] x, TimeSpan limit, int workers, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var solver = new CpSolver
        {
            StringParameters = string.Create(CultureInfo.InvariantCulture,
                $"max_time_in_seconds:{Math.Max(0.001, limit.TotalSeconds)} num_workers:{Math.Max(1, workers)}"),
        };
        CpSolverStatus status;
        using (cancellationToken.Register(solver.StopSearch))
        {
            status = solver.Solve(cp);
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (status is not (CpSolverStatus.Optimal or CpSolverStatus.Feasible))
        {
            return new ExactResult([], false, double.NaN);
        }

        var chosen = new List<int>();
        for (var c = 0; c < x.Length; c++)
        {
            if (solver.BooleanValue(x[c]))
            {
                chosen.Add(c);
            }
        }

        return new ExactResult(chosen, status == CpSolverStatus.Optimal, solver.BestObjectiveBound);
    }
}
