using Google.OrTools.LinearSolver;

namespace Huayang.Gis.Siting;

/// <summary>
/// Bounds from the LP relaxations of <see cref="CoverFormulation"/>'s models (x in [0, 1]), solved by GLOP. Any 0-1 answer is a point of the relaxation, so its optimum bounds the 0-1 optimum.
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
        using var objective = solver.Objective();
        CoverFormulation.MaximalCovering(solver, objective, model, p, integral: false);
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
        using var objective = solver.Objective();
        CoverFormulation.SetCovering(solver, objective, model, required, integral: false);
        var value = SolveLp(solver, objective, limit, cancellationToken);
        return value is { } v2 ? (long)Math.Ceiling(v2 - (LpSlack * (1 + Math.Abs(v2)))) : null;
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
