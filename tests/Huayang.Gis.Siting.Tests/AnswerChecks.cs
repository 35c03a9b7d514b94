namespace Huayang.Gis.Siting.Tests;

internal static class AnswerChecks
{
    /// <summary>What every answer must hold whatever the method: its sums, its order and its shares.</summary>
    public static void Consistent(Instance instance, SitingAnswer answer)
    {
        var total = instance.TotalWeight;
        Assert.Equal(total, answer.TotalWeight);
        Assert.Equal(instance.Before, answer.CoveredWeightBefore);
        var candidates = answer.Chosen.Select(s => s.Candidate).ToArray();
        Assert.Equal(candidates.Length, candidates.Distinct().Count());
        Assert.All(candidates, c => Assert.InRange(c, 0, instance.Covers.Length - 1));
        Assert.Equal(instance.CoveredWith(candidates), answer.CoveredWeightAfter);
        Assert.Equal(answer.CoveredWeightAfter - answer.CoveredWeightBefore, answer.Chosen.Sum(s => s.AddedWeight));
        Assert.All(answer.Chosen, s => Assert.True(s.AddedWeight > 0, $"candidate {s.Candidate} adds nobody"));
        var running = new List<int>();
        foreach (var site in answer.Chosen)
        {
            var before = instance.CoveredWith(running);
            running.Add(site.Candidate);
            Assert.Equal(instance.CoveredWith(running) - before, site.AddedWeight);
        }

        Assert.Equal(
            answer.Chosen.Select(s => s.AddedWeight).OrderByDescending(w => w),
            answer.Chosen.Select(s => s.AddedWeight));
        Assert.Equal(total == 0 ? 1.0 : (double)answer.CoveredWeightBefore / total, answer.ShareBefore, 12);
        Assert.Equal(total == 0 ? 1.0 : (double)answer.CoveredWeightAfter / total, answer.ShareAfter, 12);
        Assert.True(answer.Gap >= 0, $"gap {answer.Gap}");
        if (answer.Question == SitingQuestion.MaximalCovering)
        {
            Assert.Equal(answer.CoveredWeightAfter - answer.CoveredWeightBefore, answer.Objective);
            Assert.True(answer.Chosen.Count <= answer.RequestedSites);
        }
        else
        {
            Assert.Equal(answer.Chosen.Count, answer.Objective);
        }
    }
}
