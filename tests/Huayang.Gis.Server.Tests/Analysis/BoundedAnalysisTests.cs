using System.Net;
using System.Text.Json.Nodes;
using Huayang.Gis.Cli;
using Huayang.Gis.Server.Tests.Support;
using Huayang.Gis.Tests;
using Npgsql;

namespace Huayang.Gis.Server.Tests.Analysis;

/// <summary>
/// Coverage against the real server process over a dataset where one answer takes seconds: the time limit,
/// one computation per question and data version, and no work for a client that left.
/// </summary>
/// <remarks>The server reports where each answer came from in <c>X-Analysis-Cache</c> (hit, miss, shared);
/// work is measured as the server's CPU time from /proc, never as elapsed time (except "answers within 30 s").</remarks>
public sealed class BoundedAnalysisTests(SlowCoverageData data) : IClassFixture<SlowCoverageData>
{
    /// <summary>The slowest coverage question of the generated data: every kindergarten, 1,000 m.</summary>
    private const string Slow = "analysis/coverage?category=kindergarten&level=15min";

    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(0.15);

    private Task<ServerProcess> StartAsync(params (string Key, string Value)[] settings)
    {
        var environment = new Dictionary<string, string> { ["Data__Directory"] = data.InMemory };
        foreach (var (key, value) in settings)
        {
            environment[key] = value;
        }
        return ServerProcess.StartAsync(environment);
    }

    private static HttpClient Client(ServerProcess server) =>
        new() { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(120) };

    private static string? Source(HttpResponseMessage response) =>
        response.Headers.TryGetValues("X-Analysis-Cache", out var values) ? values.Single() : null;

    [Fact]
    public async Task A_computation_past_the_time_limit_is_a_503_problem_with_retry_after_and_its_work_stops()
    {
        await using var server = await StartAsync(("Analysis__TimeoutSeconds", "0.2"), ("Analysis__RetryAfterSeconds", "7"));
        using var http = Client(server);
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        foreach (var url in new[] { Slow, "analysis/coverage/gaps?category=kindergarten&level=15min&communities=true" })
        {
            using var response = await http.GetAsync(url, limit.Token);

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(TimeSpan.FromSeconds(7), response.Headers.RetryAfter?.Delta);
            var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync(limit.Token))!;
            Assert.Equal(503, (int?)problem["status"]);
            Assert.Contains("exceeded the analysis time limit of 0.2 s (Analysis:TimeoutSeconds)", (string?)problem["detail"]);
            Assert.Equal(0.2, (double?)problem["limit_seconds"]);
        }

        // The stopped computation does not go on in the background: the server's CPU settles, well below the
        // seconds of CPU a whole answer costs (see the test on abandoned requests).
        var after = await ProcessCpu.WaitUntilIdleAsync(server, Idle, TimeSpan.FromSeconds(20));
        Assert.True(after < TimeSpan.FromSeconds(1.5), $"{after.TotalSeconds:0.00} s of CPU after the 503s");
        Assert.False(server.HasExited, server.Log);
    }

    [Fact]
    public async Task Concurrent_identical_requests_compute_once_and_later_ones_are_answered_from_the_cache()
    {
        // Admission control lets all six in at once (its default on two cores runs one analysis at a time, and the others
        // would wait their turn and find the answer kept): the single flight itself is what is tested here.
        await using var server = await StartAsync(("Analysis__TimeoutSeconds", "300"), ("Limits__Analysis__Concurrency", "8"));
        using var http = Client(server);

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => http.GetAsync(Slow)));
        try
        {
            Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
            var sources = responses.Select(Source).ToList();
            Assert.Equal(1, sources.Count(s => s == "miss"));
            Assert.Contains("shared", sources);
            Assert.All(sources, s => Assert.Contains(s, new[] { "miss", "shared", "hit" }));
            var bodies = await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()));
            Assert.Single(bodies.Distinct());
            Assert.True((int)JsonNode.Parse(bodies[0])!["site_count"]! > 5000);

            // The same question spelled differently (status given, parameters reordered), and the gaps of the
            // same coverage, are answered from the kept report; another question is computed.
            using var spelled = await http.GetAsync("analysis/coverage?status=all&level=15min&category=kindergarten&method=buffer");
            Assert.Equal("hit", Source(spelled));
            Assert.Equal(bodies[0], await spelled.Content.ReadAsStringAsync());
            using var gaps = await http.GetAsync("analysis/coverage/gaps?category=kindergarten&level=15min");
            Assert.Equal(HttpStatusCode.OK, gaps.StatusCode);
            Assert.Equal("hit", Source(gaps));
            using var other = await http.GetAsync("analysis/coverage?category=kindergarten&level=15min&status=existing");
            Assert.Equal("miss", Source(other));
        }
        finally
        {
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }
    }

    [Fact]
    public async Task An_abandoned_request_stops_using_cpu_and_its_answer_is_not_kept()
    {
        await using var server = await StartAsync(("Analysis__TimeoutSeconds", "300"));
        using var http = Client(server);
        // A different question first, so that start-up work (JIT, first-use indexes) is not counted below.
        using (var warm = await http.GetAsync("analysis/coverage?category=park&level=5min"))
        {
            Assert.Equal(HttpStatusCode.OK, warm.StatusCode);
        }
        await ProcessCpu.WaitUntilIdleAsync(server, Idle, TimeSpan.FromSeconds(20));

        using (var leave = new CancellationTokenSource(TimeSpan.FromMilliseconds(400)))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => http.GetAsync(Slow, leave.Token));
        }
        var afterLeaving = await ProcessCpu.WaitUntilIdleAsync(server, Idle, TimeSpan.FromSeconds(20));

        // Not finished in the background: the same question is computed again (a finished answer would have
        // been kept), and that whole computation costs more CPU than what ran after the client left (which
        // ends at the next check of the token, after at most one uninterruptible overlay).
        var before = ProcessCpu.Of(server);
        using var again = await http.GetAsync(Slow);
        var whole = ProcessCpu.Of(server) - before;
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("miss", Source(again));
        Assert.True(afterLeaving < whole,
            $"after the client left the server used {afterLeaving.TotalSeconds:0.00} s of CPU; a whole answer costs {whole.TotalSeconds:0.00} s");
    }

    [SkippableFact]
    public async Task On_postgis_a_new_load_makes_the_kept_answer_miss_and_the_answer_change()
    {
        await using var db = await AnalysisDatabase.CreateAsync();
        await LoadAsync(db, RepositoryData.DataDirectory);
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string>
        {
            ["ConnectionStrings__PostGis"] = db.ConnectionString,
            ["Analysis__TimeoutSeconds"] = "120",
        });
        using var http = Client(server);
        const string url = "analysis/coverage?category=kindergarten&level=5min";

        using var first = await http.GetAsync(url);
        using var second = await http.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(("miss", "hit"), (Source(first), Source(second)));
        var before = JsonNode.Parse(await first.Content.ReadAsStringAsync())!;

        // The bundled data without half of its kindergartens, replacing the tables.
        var changed = Path.Combine(Path.GetTempPath(), "huayang-fewer-kindergartens-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(changed);
        try
        {
            foreach (var file in Directory.EnumerateFiles(RepositoryData.DataDirectory))
            {
                File.Copy(file, Path.Combine(changed, Path.GetFileName(file)));
            }
            var sites = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(changed, "sites.geojson")))!;
            var features = sites["features"]!.AsArray();
            var kindergartens = features.Where(f => (string?)f!["properties"]!["category"] == "kindergarten").ToList();
            foreach (var feature in kindergartens.Take(kindergartens.Count / 2))
            {
                features.Remove(feature);
            }
            await File.WriteAllTextAsync(Path.Combine(changed, "sites.geojson"), sites.ToJsonString());
            await LoadAsync(db, changed, "--replace");
        }
        finally
        {
            Directory.Delete(changed, recursive: true);
        }

        // The server reads the data version at most once a second.
        HttpResponseMessage? after = null;
        for (var attempt = 0; attempt < 60 && (after is null || Source(after) == "hit"); attempt++)
        {
            after?.Dispose();
            after = await http.GetAsync(url);
            if (Source(after) == "hit")
            {
                await Task.Delay(500);
            }
        }
        using (after)
        {
            Assert.Equal(HttpStatusCode.OK, after!.StatusCode);
            Assert.Equal("miss", Source(after));
            var answer = JsonNode.Parse(await after.Content.ReadAsStringAsync())!;
            Assert.Equal((int)before["site_count"]! - (int)before["site_count"]! / 2, (int)answer["site_count"]!);
            Assert.NotEqual(before.ToJsonString(), answer.ToJsonString());
        }
        using var repeat = await http.GetAsync(url);
        Assert.Equal("hit", Source(repeat));
    }

    [SkippableFact]
    public async Task On_postgis_the_time_limit_is_a_503_and_the_query_is_cancelled_in_the_database()
    {
        await using var db = await AnalysisDatabase.CreateAsync();
        await LoadAsync(db, data.PostGis);
        var application = "huayang-bounded-" + Guid.NewGuid().ToString("N")[..8];
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string>
        {
            ["ConnectionStrings__PostGis"] = new NpgsqlConnectionStringBuilder(db.ConnectionString) { ApplicationName = application }.ConnectionString,
            ["Analysis__TimeoutSeconds"] = "0.5",
        });
        using var http = Client(server);
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        using var response = await http.GetAsync(Slow, limit.Token);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        // The database stopped too: within a second of the answer no statement of the server is active,
        // although the whole query takes seconds at this scale (5.6 s measured on the shared machine).
        await using var admin = new NpgsqlConnection(db.ConnectionString);
        await admin.OpenAsync();
        long active = -1;
        for (var attempt = 0; attempt < 5 && active != 0; attempt++)
        {
            await using var command = new NpgsqlCommand(
                "SELECT count(*) FROM pg_stat_activity WHERE application_name = $1 AND state = 'active'", admin);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = application });
            active = (long)(await command.ExecuteScalarAsync())!;
            if (active != 0)
            {
                await Task.Delay(200);
            }
        }
        Assert.Equal(0, active);
    }

    private static async Task LoadAsync(AnalysisDatabase db, string directory, params string[] options)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await HuayangCli.RunAsync(["load", directory, "--pg", db.ConnectionString, .. options], output, error);
        Assert.True(code == HuayangCli.Success, $"huayang load exited {code}: {error}");
    }
}
