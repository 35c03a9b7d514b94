namespace Huayang.Gis.Siting;

internal static class SitingAnswers
{
    public static SitingAnswer Build(
        CoverageProblem problem, CoverModel model, IEnumerable<int> chosen, SitingQuestion question,
        SitingMethod method, long objective, long bound)
    {
        // SCIP may set a candidate that adds nobody (Σ x ≤ p leaves room); such a candidate is not an answer.
        var ordered = GreedySwap.OrderByMarginal(model, chosen).Where(o => o.Added > 0).ToList();
        var after = problem.CoveredWeightBefore;
        foreach (var (_, added) in ordered)
        {
            after += added;
        }

        return new SitingAnswer
        {
            Question = question,
            Method = method,
            Chosen = [.. ordered.Select(o => new ChosenSite(o.Candidate, o.Added))],
            Objective = objective,
            Bound = bound,
            TotalWeight = problem.TotalWeight,
            CoveredWeightBefore = problem.CoveredWeightBefore,
            CoveredWeightAfter = after,
            ShareBefore = problem.ShareOf(problem.CoveredWeightBefore),
            ShareAfter = problem.ShareOf(after),
        };
    }
}
