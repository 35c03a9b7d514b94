using Google.OrTools.LinearSolver;

namespace Huayang.Gis.Siting;

/// <summary>
/// Bounds from the LP relaxations, solved by GLOP: one variable per candidate (<c>x</c>) and one per demand class
/// (<c>y</c>, the covered fraction) in [0, 1], with <c>y_k ≤ Σ x_c</c> over the candidates covering class <c>k</c>.
/// Any 0-1 answer is a point of the relaxation, so its optimum bounds the 0-1 optimum.
/// </summary>
internal static class LpBounds
{
    // LP values carry solver tolerances; an integral bound is rounded towards the safe side past this slack.
    private const double LpSlack = 1e-6;

    /// <summary>
    /// The LP relaxation of MCLP (max Σ w_k y_k, Σ x_c ≤ p), rounded down: no <paramref name="p"/> candidates add
    /// more. <c>null</c> when GLOP did not reach its optimum in time.
    /// </summary>
    public static long? MaximalCovering(CoverModel model, int p, TimeSpan limit, CancellationToken cancellationToken)
    {
        using var solver = Solver.CreateSolver("GLOP");
        var x = AddCandidateVariables(solver, model);
        var y = new Variable[model.ClassCount];
        using var objective = solver.Objective();
        for (var k = 0; k < model.ClassCount; k++)
        {
            y[k] = solver.MakeNumVar(0, 1, "");
            objective.SetCoefficient(y[k], model.ClassWeight[k]);
            LinkClass(solver, model, x, y[k], k);
        }

        var sites = solver.MakeConstraint(double.NegativeInfinity, p, "");
        foreach (var v in x)
        {
            sites.SetCoefficient(v, 1);
        }

        objective.SetMaximization();
        var value = SolveLp(solver, objective, limit, cancellationToken);
        return value is { } v2 ? (long)Math.Floor(v2 + (LpSlack * (1 + Math.Abs(v2)))) : null;
    }

    /// <summary>
    /// The LP relaxation of LSCP (min Σ x_c, Σ w_k y_k ≥ required), rounded up: fewer candidates cannot add
    /// <paramref name="required"/>. <c>null</c> when GLOP did not reach its optimum in time.
    /// </summary>
    public static long? SetCovering(CoverModel model, long required, TimeSpan limit, CancellationToken cancellationToken)
    {
        using var solver = Solver.CreateSolver("GLOP");
        var x = AddCandidateVariables(solver, model);
        using var objective = solver.Objective();
        foreach (var v in x)
        {
            objective.SetCoefficient(v, 1);
        }

        var demand = solver.MakeConstraint(required, double.PositiveInfinity, "");
        for (var k = 0; k < model.ClassCount; k++)
        {
            var y = solver.MakeNumVar(0, 1, "");
            demand.SetCoefficient(y, model.ClassWeight[k]);
            LinkClass(solver, model, x, y, k);
        }

        objective.SetMinimization();
        var value = SolveLp(solver, objective, limit, cancellationToken);
        return value is { } v2 ? (long)Math.Ceiling(v2 - (LpSlack * (1 + Math.Abs(v2)))) : null;
    }

    private static Variable[] AddCandidateVariables(Solver solver, CoverModel model)
    {
        var x = new Variable[model.CandidateCount];
        for (var c = 0; c < model.CandidateCount; c++)
        {
            x[c] = solver.MakeNumVar(0, 1, "");
        }

        return x;
    }

    private static void LinkClass(Solver solver, CoverModel model, Variable[] x, Variable y, int k)
    {
        // y_k - Σ x_c ≤ 0
        var link = solver.MakeConstraint(double.NegativeInfinity, 0, "");
        link.SetCoefficient(y, 1);
        foreach (var c in model.CandidatesOf(k))
        {
            link.SetCoefficient(x[c], -1);
        }
    }

    private static double? SolveLp(Solver solver, Objective objective, TimeSpan limit, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        solver.SetTimeLimit((long)Math.Max(1, limit.TotalMilliseconds));
        Solver.ResultStatus status;
        using (cancellationToken.Register(() => solver.InterruptSolve()))
        {
            status = solver.Solve();
        }

        cancellationToken.ThrowIfCancellationRequested();
        return status == Solver.ResultStatus.OPTIMAL ? objective.Value() : null;
    }
}
