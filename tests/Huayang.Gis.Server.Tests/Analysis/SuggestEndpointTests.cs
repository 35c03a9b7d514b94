using System.Text.Json.Nodes;
using Huayang.Gis.Core.Analysis;
using Huayang.Gis.Server.Tests.Support;

namespace Huayang.Gis.Server.Tests.Analysis;

/// <summary>
/// <c>/analysis/suggest</c> over the repository's data: the chosen sites equal exhaustive search over every combination
/// of candidates, the figures add up, and the answer is the <c>huayang suggest</c> command's.
/// </summary>
public sealed class SuggestEndpointTests(ServerApp app) : IClassFixture<ServerApp>
{
    private readonly HttpClient _http = app.CreateClient();

    private Task<JsonNode> GetJsonAsync(string url) => _http.GetJsonAsync(url);

    [Theory]
    [InlineData("kindergarten", "5min", 3, "network")]
    [InlineData("kindergarten", "10min", 2, "buffer")]
    [InlineData("primary_school", "10min", 2, "network")]
    public async Task Planned_candidates_chosen_by_count_equal_exhaustive_search(string category, string level, int count, string method)
    {
        var json = await GetJsonAsync($"/analysis/suggest?category={category}&level={level}&count={count}&method={method}");

        var store = RepositoryData.Store;
        var input = await store.SitingInputAsync(new SitingInputRequest(
            category, store.Dataset.LifeCircles.Level(level)!, method == "network" ? CoverageMethod.Network : CoverageMethod.Buffer,
            CandidateSource.Planned));
        Assert.True(input.Candidates.Count >= count, $"only {input.Candidates.Count} planned {category} sites");
        long best = -1;
        foreach (var combination in Combinations(input.Candidates.Count, Math.Min(count, input.Candidates.Count)))
        {
            var covered = new HashSet<int>(combination.SelectMany(c => input.Covers[c]).Where(i => !input.AlreadyCovered[i]));
            best = Math.Max(best, covered.Sum(i => (long)input.Residents[i]));
        }

        Assert.Equal(best, (long)json["objective"]!);
        Assert.True((bool)json["optimal"]!, json.ToJsonString());
        Assert.Equal(method, (string?)json["method"]);
        Assert.Equal("maximal_covering", (string?)json["model"]);
        var chosen = json["chosen"]!.AsArray();
        Assert.Equal(best, chosen.Sum(c => (long)c!["added_residents"]!));
        Assert.Equal((long)json["covered_before"]! + best, (long)json["covered_after"]!);
        var coverage = await GetJsonAsync($"/analysis/coverage?category={category}&level={level}&status=existing&method={method}");
        Assert.Equal((long)coverage["total"]!["covered_population"]!, (long)json["covered_before"]!);

        var cli = await HuayangCommand.JsonAsync(
            ["suggest", "--category", category, "--level", level, "--count", count.ToString(System.Globalization.CultureInfo.InvariantCulture), "--method", method, "--format", "json"]);
        Assert.Equal(cli.ToJsonString(), json.ToJsonString());
    }

    [Fact]
    public async Task Walkway_candidates_for_a_target_share_state_their_bound_and_reach_the_target()
    {
        var json = await GetJsonAsync("/analysis/suggest?category=kindergarten&level=10min&target_share=0.6&candidates=walkways&spacing_m=400");

        Assert.Equal("set_covering", (string?)json["model"]);
        Assert.True((bool)json["target_reached"]!);
        Assert.True((double)json["share_after"]! >= 0.6, json.ToJsonString());
        var sites = json["chosen"]!.AsArray().Count;
        Assert.Equal(sites, (long)json["objective"]!);
        Assert.True((long)json["bound"]! <= sites && (long)json["gap"]! == sites - (long)json["bound"]!, json.ToJsonString());
        Assert.All(json["chosen"]!.AsArray(), c => Assert.StartsWith("walk-", (string)c!["id"]!, StringComparison.Ordinal));
    }

    private static IEnumerable<int[]> Combinations(int n, int k)
    {
        var current = new int[k];
        IEnumerable<int[]> From(int start, int depth)
        {
            if (depth == k)
            {
                yield return (int[])current.Clone();
                yield break;
            }

            for (var i = start; i < n; i++)
            {
                current[depth] = i;
                foreach (var c in From(i + 1, depth + 1))
                {
                    yield return c;
                }
            }
        }

        return From(0, 0);
    }
}
