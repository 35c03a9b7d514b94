using System.Net;
using Huayang.Gis.PostGis.Tests.Support;
using Huayang.Gis.Server.Tests.Support;
using Huayang.Gis.Tests;
using Npgsql;

namespace Huayang.Gis.Server.Tests.Hardening;

/// <summary>
/// The real server over a real PostgreSQL that stops, freezes, or has a table locked: data requests get 503 with
/// <c>Retry-After</c> (WMS: a ServiceExceptionReport) within a bounded time, never 500, and the server serves again on
/// its own when the database is back.
/// </summary>
public sealed class DatabaseFailureTests
{
    private static readonly string[] DataPaths =
    [
        "collections/sites/items?limit=5",
        "collections/communities/items/jinjiang",
        "analysis/nearest?lon=104.05&lat=30.5&k=2",
        "analysis/coverage?category=kindergarten&level=5min",
        "tiles/communities,sites/14/12927/6733.mvt",
        "map.png?width=256&height=256",
        "collections",
    ];

    private const string WmsGetMap =
        "wms?SERVICE=WMS&VERSION=1.3.0&REQUEST=GetMap&LAYERS=communities&STYLES=&CRS=EPSG:4326&BBOX=30.45,104.00,30.55,104.10&WIDTH=256&HEIGHT=256&FORMAT=image/png";

    [SkippableFact]
    public async Task A_stopped_database_gets_503_quickly_and_the_server_recovers_when_it_starts_again()
    {
        await using var cluster = await PrivateCluster.StartAsync();
        await LoadedDatabase.LoadAsync(cluster.ConnectionString, RepositoryData.DataDirectory);
        await using var server = await ServerProcess.StartAsync(PostGisServer(cluster.ConnectionString));
        // A hang fails the test: no answer may take longer than this.
        using var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(20) };
        foreach (var path in DataPaths)
        {
            using var before = await http.GetAsync(path);
            Assert.True(before.IsSuccessStatusCode, $"{path} before the stop: {(int)before.StatusCode}");
        }

        await cluster.StopServerAsync();
        foreach (var path in DataPaths)
        {
            using var response = await http.GetAsync(path);
            await AssertUnavailableAsync(response, path, server);
        }
        using (var wms = await http.GetAsync(WmsGetMap))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, wms.StatusCode);
            Assert.StartsWith("text/xml", wms.Content.Headers.ContentType?.ToString());
            Assert.Contains("ServiceExceptionReport", await wms.Content.ReadAsStringAsync());
        }
        await EventuallyAsync(http, "ready", HttpStatusCode.ServiceUnavailable, server);
        using (var health = await http.GetAsync("health"))
        {
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }
        // Once the probe has seen the database down, data requests are refused without touching it.
        using (var gated = await http.GetAsync("collections/sites/items?limit=5"))
        {
            await AssertUnavailableAsync(gated, "gated items", server);
        }

        await cluster.StartServerAsync();
        await AssertRecoveredAsync(http, server);
    }

    [SkippableFact]
    public async Task A_frozen_database_gets_503_within_seconds_not_a_timeout_and_recovers_when_thawed()
    {
        await using var cluster = await PrivateCluster.StartAsync();
        await LoadedDatabase.LoadAsync(cluster.ConnectionString, RepositoryData.DataDirectory);
        await using var server = await ServerProcess.StartAsync(PostGisServer(cluster.ConnectionString));
        using var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(40) };
        await EventuallyAsync(http, "collections/sites/items?limit=5", HttpStatusCode.OK, server);

        await cluster.SignalAllAsync("STOP");
        try
        {
            // The probe notices within a few seconds; from then on every data request is refused at once.
            await EventuallyAsync(http, "ready", HttpStatusCode.ServiceUnavailable, server);
            using var quick = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
            foreach (var path in DataPaths)
            {
                using var response = await quick.GetAsync(path);
                await AssertUnavailableAsync(response, path, server);
            }
        }
        finally
        {
            await cluster.SignalAllAsync("CONT");
        }
        await AssertRecoveredAsync(http, server);
    }

    [SkippableFact]
    public async Task A_locked_table_and_110_requests_on_it_do_not_starve_the_other_tables()
    {
        await using var db = await TestDatabase.CreateAsync();
        await LoadedDatabase.LoadAsync(db.ConnectionString, RepositoryData.DataDirectory);
        await using var server = await ServerProcess.StartAsync(PostGisServer(db.ConnectionString));
        using var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };

        await using var locker = new NpgsqlConnection(db.ConnectionString);
        await locker.OpenAsync();
        await using var transaction = await locker.BeginTransactionAsync();
        await new NpgsqlCommand("LOCK TABLE huayang.sites IN ACCESS EXCLUSIVE MODE", locker, transaction).ExecuteNonQueryAsync();

        var onLocked = Enumerable.Range(0, 110).Select(i => http.GetAsync($"collections/sites/items?limit=10&offset={i}")).ToList();
        await Task.Delay(200);
        var others = Enumerable.Range(0, 20).Select(i => http.GetAsync($"collections/communities/items?limit=5&offset={i % 20}")).ToList();
        var otherResponses = await Task.WhenAll(others);
        // The other table answered while the lock is still held.
        Assert.All(otherResponses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(System.Data.ConnectionState.Open, locker.State);

        var lockedResponses = await Task.WhenAll(onLocked);
        foreach (var response in lockedResponses)
        {
            await AssertUnavailableAsync(response, "items of the locked table", server);
        }
        await transaction.RollbackAsync();
        using var after = await http.GetAsync("collections/sites/items?limit=10");
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        foreach (var response in lockedResponses.Concat(otherResponses))
        {
            response.Dispose();
        }
    }

    [SkippableFact]
    public async Task A_new_life_circle_table_is_seen_by_the_running_server()
    {
        await using var db = await TestDatabase.CreateAsync();
        await LoadedDatabase.LoadAsync(db.ConnectionString, RepositoryData.DataDirectory);
        await using var server = await ServerProcess.StartAsync(PostGisServer(db.ConnectionString));
        using var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        var before = System.Text.Json.Nodes.JsonNode.Parse(await http.GetStringAsync("analysis/coverage?category=kindergarten&level=5min"))!;
        Assert.Equal(300, before["radius_m"]!.GetValue<double>());
        using (var unknown = await http.GetAsync("analysis/coverage?category=bus_stop&level=5min"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        }

        var changed = Directory.CreateTempSubdirectory("huayang-rules.");
        try
        {
            foreach (var file in Directory.GetFiles(RepositoryData.DataDirectory))
            {
                File.Copy(file, Path.Combine(changed.FullName, Path.GetFileName(file)));
            }
            var rulesPath = Path.Combine(changed.FullName, "life-circles.json");
            var rules = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(rulesPath))!;
            rules["levels"]![0]!["radius_m"] = 400;
            rules["categories"]!.AsArray().Add(new System.Text.Json.Nodes.JsonObject
            {
                ["id"] = "bus_stop", ["name_zh"] = "公交站", ["name_en"] = "Bus stop",
            });
            await File.WriteAllTextAsync(rulesPath, rules.ToJsonString());
            await LoadedDatabase.LoadAsync(db.ConnectionString, changed.FullName);
        }
        finally
        {
            changed.Delete(recursive: true);
        }

        // The server reads the dataset version at most once a second: the new rules within a few seconds.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        double radius;
        do
        {
            await Task.Delay(250);
            var after = System.Text.Json.Nodes.JsonNode.Parse(await http.GetStringAsync("analysis/coverage?category=kindergarten&level=5min"))!;
            radius = after["radius_m"]!.GetValue<double>();
        }
        while (radius != 400 && DateTime.UtcNow < deadline);
        Assert.Equal(400, radius);
        using var accepted = await http.GetAsync("analysis/coverage?category=bus_stop&level=5min");
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    /// <summary>The server serves again on its own: ready, and every data path answers 200; no request was a bug.</summary>
    private static async Task AssertRecoveredAsync(HttpClient http, ServerProcess server)
    {
        await EventuallyAsync(http, "ready", HttpStatusCode.OK, server);
        foreach (var path in DataPaths)
        {
            await EventuallyAsync(http, path, HttpStatusCode.OK, server);
        }
        Assert.DoesNotContain("Unhandled error", server.Log);
    }

    private static Dictionary<string, string> PostGisServer(string connectionString) => new()
    {
        ["ConnectionStrings__PostGis"] = connectionString,
        ["Database__ProbeIntervalSeconds"] = "1",
    };

    private static async Task AssertUnavailableAsync(HttpResponseMessage response, string what, ServerProcess server)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable,
            $"{what}: {(int)response.StatusCode} {body}\n{server.Log[^Math.Min(server.Log.Length, 3000)..]}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Contains("\"status\":503", body);
    }

    /// <summary>Asks until the status comes (at most a minute: a recovery that takes longer is a failure).</summary>
    private static async Task EventuallyAsync(HttpClient http, string path, HttpStatusCode expected, ServerProcess server)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        var last = "";
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await http.GetAsync(path);
                if (response.StatusCode == expected)
                {
                    return;
                }
                Assert.True((int)response.StatusCode < 500 || response.StatusCode == HttpStatusCode.ServiceUnavailable,
                    $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                last = $"{(int)response.StatusCode}";
            }
            catch (TaskCanceledException)
            {
                last = "no answer within the client's timeout";
            }
            await Task.Delay(250);
        }
        Assert.Fail($"{path} did not answer {(int)expected} within a minute (last: {last})\n{server.Log[^Math.Min(server.Log.Length, 3000)..]}");
    }
}
