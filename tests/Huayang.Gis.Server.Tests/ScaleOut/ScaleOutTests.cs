using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Huayang.Gis.Server.Tests.Features;
using Huayang.Gis.Tests;
using Npgsql;

namespace Huayang.Gis.Server.Tests.ScaleOut;

/// <summary>
/// Two server processes behind nginx on a primary and its streaming standby: edits through nginx are seen through
/// both servers (items from the standby, tiles) — how soon is measured and kept in artifacts/scale-out/, not asserted —
/// and a mixed run of reads and edits through nginx has no error and loses no edit.
/// </summary>
public sealed class ScaleOutTests(ScaleOutCluster cluster) : IClassFixture<ScaleOutCluster>
{
    /// <summary>The z14 tile of the sites where the tests put their sites.</summary>
    private static readonly string Tile = EditRequests.TileOf(EditRequests.Lon, EditRequests.Lat, 14);

    [SkippableFact]
    public async Task An_edit_through_nginx_is_seen_through_both_servers_reading_the_standby()
    {
        Skip.If(cluster.SkipReason is not null, cluster.SkipReason);
        using var balancer = cluster.Client(ScaleOutCluster.AliceKey);
        using var first = cluster.Client(address: cluster.Servers[0].BaseAddress);
        using var second = cluster.Client(address: cluster.Servers[1].BaseAddress);
        var (id, tag) = await EditRequests.CreateSiteAsync(balancer, "Scale-out site");

        var report = new StringBuilder("| edit | seen through server 1 | seen through server 2 | tile ETag changed on 1 | on 2 |\n|---:|---:|---:|---:|---:|\n");
        var worst = 0.0;
        for (var round = 1; round <= 10; round++)
        {
            var tiles = (await EditRequests.TileTagAsync(first, Tile), await EditRequests.TileTagAsync(second, Tile));
            var name = $"Scale-out site, edit {round}";
            var clock = Stopwatch.StartNew();
            tag = await EditRequests.SendAsync(balancer, EditRequests.Rename(id, tag, name));
            var seen = await Task.WhenAll(
                SeenAsync(first, id, name, clock), SeenAsync(second, id, name, clock),
                TileChangedAsync(first, tiles.Item1, clock), TileChangedAsync(second, tiles.Item2, clock));
            worst = Math.Max(worst, seen.Max());
            report.Append(CultureInfo.InvariantCulture, $"| {round} | {seen[0]:F0} ms | {seen[1]:F0} ms | {seen[2]:F0} ms | {seen[3]:F0} ms |\n");
        }

        // The servers read features from the standby: while it replays nothing, an edit committed on the primary (and
        // acknowledged to the client) is not in their items; once it replays, it is.
        Assert.True(await StandbyClientsAsync() >= 2, "the servers hold no connections to the standby");
        await StandbyAsync("SELECT pg_wal_replay_pause()");
        try
        {
            tag = await EditRequests.SendAsync(balancer, EditRequests.Rename(id, tag, "Scale-out site, while the standby waits"));
            await Task.Delay(500);
            using var stale = await first.GetAsync($"collections/sites/items/{id}?f=json");
            Assert.Equal("Scale-out site, edit 10", (string?)JsonNode.Parse(await stale.Content.ReadAsStringAsync())!["properties"]!["name_en"]);
        }
        finally
        {
            await StandbyAsync("SELECT pg_wal_replay_resume()");
        }
        await SeenAsync(first, id, "Scale-out site, while the standby waits", Stopwatch.StartNew());
        var artifacts = RepositoryRoot.Artifacts("scale-out");
        Directory.CreateDirectory(artifacts);
        await File.WriteAllTextAsync(Path.Combine(artifacts, "visibility.md"),
            $"Edits through nginx, seen through each server directly (items read from the standby); worst {worst:F0} ms\n\n{report}");
    }

    [SkippableFact]
    public async Task A_mixed_run_through_nginx_has_no_error_and_loses_no_edit()
    {
        Skip.If(cluster.SkipReason is not null, cluster.SkipReason);
        using var setup = cluster.Client(ScaleOutCluster.AliceKey);
        var features = new List<(string Id, EntityTagHeaderValue Tag)>();
        for (var i = 0; i < 2; i++)
        {
            features.Add(await EditRequests.CreateSiteAsync(setup, $"Mixed-run site {i}"));
        }

        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(8));
        var statuses = new System.Collections.Concurrent.ConcurrentBag<(string Kind, int Status)>();
        var errors = new System.Collections.Concurrent.ConcurrentBag<string>();
        string[] reads = ["collections/sites/items?limit=50", "collections/population/items?limit=100", Tile, "analysis/coverage?category=kindergarten&level=5min", "collections/communities/items/hubin"];
        var readers = Enumerable.Range(0, 3).Select(r => Task.Run(async () =>
        {
            using var client = cluster.Client();
            for (var n = r; !stop.IsCancellationRequested; n++)
            {
                try
                {
                    using var response = await client.GetAsync(reads[n % reads.Length]);
                    statuses.Add(("read", (int)response.StatusCode));
                }
                catch (HttpRequestException e)
                {
                    errors.Add($"read: {e.Message}");
                }
            }
        }));
        var writes = features.Select(feature => Task.Run(async () =>
        {
            using var client = cluster.Client(ScaleOutCluster.AliceKey);
            var done = new List<string>();
            var tag = feature.Tag;
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var name = $"{feature.Id} edit {n}";
                using var request = EditRequests.Rename(feature.Id, tag, name);
                using var response = await client.SendAsync(request);
                statuses.Add(("write", (int)response.StatusCode));
                if (response.StatusCode == HttpStatusCode.NoContent)
                {
                    done.Add(name);
                    tag = response.Headers.ETag!;
                }
                else
                {
                    errors.Add($"write {name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                    return done;
                }
            }
            return done;
        })).ToList();
        await Task.WhenAll(readers);
        var written = await Task.WhenAll(writes);

        Assert.Empty(errors);
        Assert.DoesNotContain(statuses, s => s.Status >= 500);
        Assert.True(statuses.Count(s => s.Kind == "read") > 50, $"only {statuses.Count(s => s.Kind == "read")} reads ran");
        for (var i = 0; i < features.Count; i++)
        {
            var history = (await EditRequests.JsonAsync(setup, $"collections/sites/items/{features[i].Id}/history"))["changes"]!.AsArray();
            var names = history.Skip(1).Select(c => (string)c!["after"]!["properties"]!["name_en"]!).ToList();
            Assert.Equal(written[i], names);
            Assert.NotEmpty(written[i]);
        }

        var artifacts = RepositoryRoot.Artifacts("scale-out");
        Directory.CreateDirectory(artifacts);
        await File.WriteAllTextAsync(Path.Combine(artifacts, "mixed-run.md"), string.Join('\n',
            statuses.GroupBy(s => (s.Kind, s.Status)).OrderBy(g => g.Key).Select(g => $"{g.Key.Kind} {g.Key.Status}: {g.Count()}"))
            + $"\nedits: {string.Join(", ", written.Select(w => w.Count))} per feature\n");
    }

    private async Task StandbyAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(cluster.StandbyConnection);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The servers' connections to the standby (their read pools), seen by the standby itself.</summary>
    private async Task<long> StandbyClientsAsync()
    {
        await using var connection = new NpgsqlConnection(cluster.StandbyConnection);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = 'huayang' AND backend_type = 'client backend' AND pid <> pg_backend_pid()", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<double> SeenAsync(HttpClient client, string id, string name, Stopwatch clock)
    {
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            using var response = await client.GetAsync($"collections/sites/items/{id}?f=json");
            if (response.StatusCode == HttpStatusCode.OK
                && (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["properties"]!["name_en"] == name)
            {
                return clock.Elapsed.TotalMilliseconds;
            }
            await Task.Delay(10);
        }
        throw new Xunit.Sdk.XunitException($"{client.BaseAddress} never showed {name}");
    }

    private static async Task<double> TileChangedAsync(HttpClient client, string before, Stopwatch clock)
    {
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (await EditRequests.TileTagAsync(client, Tile) != before)
            {
                return clock.Elapsed.TotalMilliseconds;
            }
            await Task.Delay(10);
        }
        throw new Xunit.Sdk.XunitException($"{client.BaseAddress}'s tile kept its ETag {before}");
    }

}
