using Google.OrTools.LinearSolver;

namespace Huayang.Gis.Siting;

/// <summary>
/// The covering models as OR-Tools linear programs, shared by the LP bounds (GLOP, x continuous) and the exact method
/// (SCIP, x 0-1): a variable per candidate (<c>x</c>, chosen) and a continuous one per demand class (<c>y</c> in [0, 1],
/// covered) with <c>y_k ≤ Σ x_c</c> over the candidates covering class <c>k</c>.
/// </summary>
internal static class CoverFormulation
{
    /// <summary>MCLP: max Σ w_k y_k with Σ x_c ≤ p. Returns the candidate variables; the objective is set to maximise.</summary>
    public static Variable[] MaximalCovering(Solver solver, Objective objective, CoverModel model, int p, bool integral)
    {
        var x = Candidates(solver, model, integral);
        for (var k = 0; k < model.ClassCount; k++)
        {
            var y = solver.MakeNumVar(0, 1, "");
            objective.SetCoefficient(y, model.ClassWeight[k]);
            Link(solver, model, x, y, k);
        }

        var sites = solver.MakeConstraint(double.NegativeInfinity, p, "");
        foreach (var v in x)
        {
            sites.SetCoefficient(v, 1);
        }

        objective.SetMaximization();
        return x;
    }

    /// <summary>LSCP: min Σ x_c with Σ w_k y_k ≥ required. Returns the candidate variables; the objective is set to minimise.</summary>
    public static Variable[] SetCovering(Solver solver, Objective objective, CoverModel model, long required, bool integral)
    {
        var x = Candidates(solver, model, integral);
        foreach (var v in x)
        {
            objective.SetCoefficient(v, 1);
        }

        var demand = solver.MakeConstraint(required, double.PositiveInfinity, "");
        for (var k = 0; k < model.ClassCount; k++)
        {
            var y = solver.MakeNumVar(0, 1, "");
            demand.SetCoefficient(y, model.ClassWeight[k]);
            Link(solver, model, x, y, k);
        }

        objective.SetMinimization();
        return x;
    }

    private static Variable[] Candidates(Solver solver, CoverModel model, bool integral)
    {
        var x = new Variable[model.CandidateCount];
        for (var c = 0; c < model.CandidateCount; c++)
        {
            x[c] = integral ? solver.MakeBoolVar("") : solver.MakeNumVar(0, 1, "");
        }

        return x;
    }

    private static void Link(Solver solver, CoverModel model, Variable[] x, Variable y, int k)
    {
        // y_k - Σ x_c ≤ 0
        var link = solver.MakeConstraint(double.NegativeInfinity, 0, "");
        link.SetCoefficient(y, 1);
        foreach (var c in model.CandidatesOf(k))
        {
            link.SetCoefficient(x[c], -1);
        }
    }
}
