using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Huayang.Gis.Core.Tiles;
using Xunit.Abstractions;

namespace Huayang.Gis.Server.Tests.Features;

/// <summary>
/// Optimistic locking under load on a real PostGIS: of 50 writers holding the same version exactly one wins; with
/// readers and writers running together for a while, no answer is 5xx, no successful edit is lost (each is in the
/// history, in order, each based on the one before), and every feature ends as its last successful edit left it.
/// </summary>
public sealed class ConcurrentEditTests(EditApp app, ITestOutputHelper output) : IClassFixture<EditApp>
{
    private const string MergePatch = "application/merge-patch+json";

    /// <summary>How long the mixed load runs; nothing about time is asserted, only what happened in it.</summary>
    private static readonly TimeSpan LoadTime = TimeSpan.FromSeconds(10);

    private static string Site(string nameEn, double lon = 104.0701, double lat = 30.4802) => $$$"""
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [{{{lon:R}}}, {{{lat:R}}}]},
         "properties": {"name_zh": "并发测试", "name_en": "{{{nameEn}}}", "category": "talent_service", "status": "planned",
                        "capacity": 1, "plan_element": "zone-education-talent", "community_id": "hubin"}}
        """;

    [SkippableFact]
    public async Task Of_fifty_writers_from_the_same_version_exactly_one_wins_and_the_history_has_exactly_its_change()
    {
        const int writers = 50;
        using var alice = app.Client(EditApp.AliceKey);
        var (id, etag) = await CreateAsync(alice, "fifty writers");

        // Every writer has its own client and request ready; all are let go together.
        var ready = 0;
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = Enumerable.Range(0, writers).Select(i => Task.Run(async () =>
        {
            using var client = app.Client(i % 2 == 0 ? EditApp.AliceKey : EditApp.BobKey);
            using var request = Patch(id, $$$"""{"properties": {"name_en": "writer {{{i}}}", "capacity": {{{i}}}}}""", etag);
            if (Interlocked.Increment(ref ready) == writers)
            {
                go.SetResult();
            }

            await go.Task;
            using var response = await client.SendAsync(request);
            return (Writer: i, Status: (int)response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        })).ToList();
        var results = await Task.WhenAll(tasks);

        var winners = results.Where(r => r.Status == 204).ToList();
        var others = results.Where(r => r.Status != 204 && r.Status != 412).Select(r => $"writer {r.Writer}: {r.Status} {r.Body}").ToList();
        Assert.True(others.Count == 0, string.Join("\n", others));
        Assert.Single(winners);
        Assert.Equal(writers - 1, results.Count(r => r.Status == 412));

        var winner = winners[0].Writer;
        output.WriteLine($"writer {winner} won; {results.Count(r => r.Status == 412)} got 412");
        var changes = await ChangesAsync(alice, id);
        Assert.Equal(["create", "update"], changes.Select(c => (string?)c["operation"]));
        Assert.Equal("fifty writers", (string?)changes[1]["before"]!["properties"]!["name_en"]);
        Assert.Equal($"writer {winner}", (string?)changes[1]["after"]!["properties"]!["name_en"]);
        Assert.Equal(winner, (int)changes[1]["after"]!["properties"]!["capacity"]!);
        Assert.Equal(winner % 2 == 0 ? "alice" : "bob", (string?)changes[1]["key"]);
        var (feature, _) = await GetAsync(alice, id);
        Assert.Equal($"writer {winner}", (string?)feature["properties"]!["name_en"]);
        Assert.Equal(winner, (int)feature["properties"]!["capacity"]!);
    }

    [SkippableFact]
    public async Task Under_mixed_reads_and_writes_nothing_fails_no_edit_is_lost_and_each_feature_ends_as_its_last_edit()
    {
        const int writers = 4;
        using var setup = app.Client(EditApp.AliceKey);
        var features = new List<string>();
        for (var f = 0; f < 3; f++)
        {
            features.Add((await CreateAsync(setup, $"mixed {f} start", 104.0701 + (f * 0.001))).Id);
        }

        var (ux, uy) = VectorTileThinning.WorldUnits(104.0705, 30.4805, 14);
        var tile = $"tiles/sites/14/{(int)(ux / VectorTileGrid.Extent)}/{(int)(uy / VectorTileGrid.Extent)}.mvt";
        var readers = new (string Kind, Func<int, string> Path)[]
        {
            ("items", _ => "collections/sites/items?limit=50&f=json"),
            ("feature", n => $"collections/sites/items/{features[n % features.Count]}?f=json"),
            ("tile", _ => tile),
            ("analysis", _ => "analysis/coverage?category=kindergarten&level=5min"),
        };

        var statuses = new ConcurrentDictionary<string, int>();
        var unexpected = new ConcurrentQueue<string>();
        var edits = new ConcurrentBag<(string Feature, string Name, long Seq)>();
        var clock = Stopwatch.StartNew();
        bool Running() => clock.Elapsed < LoadTime;
        void Count(string kind, HttpResponseMessage response) =>
            statuses.AddOrUpdate($"{kind} {(int)response.StatusCode}", 1, (_, n) => n + 1);

        // In-flight requests are never cancelled: a write cancelled on the client might still commit unseen.
        var readerTasks = readers.Select(reader => Task.Run(async () =>
        {
            using var client = app.Client();
            for (var n = 0; Running(); n++)
            {
                using var response = await client.GetAsync(reader.Path(n));
                Count(reader.Kind, response);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    unexpected.Enqueue($"{reader.Kind} {reader.Path(n)}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }
            }
        }));
        var writerTasks = Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            using var client = app.Client(w % 2 == 0 ? EditApp.AliceKey : EditApp.BobKey);
            for (var n = 0; Running(); n++)
            {
                var id = features[(w + n) % features.Count];
                var name = $"writer {w} edit {n}";
                while (true)
                {
                    // A fresh read, then the change based on it; on 412 read again and retry.
                    using var read = await client.GetAsync($"collections/sites/items/{id}?f=json");
                    Count("read-for-edit", read);
                    using var patch = Patch(id, $$$"""{"properties": {"name_en": "{{{name}}}"}}""", read.Headers.ETag!);
                    using var response = await client.SendAsync(patch);
                    Count("patch", response);
                    if (response.StatusCode == HttpStatusCode.NoContent)
                    {
                        edits.Add((id, name, SeqOf(response.Headers.ETag!)));
                        break;
                    }

                    if (response.StatusCode != HttpStatusCode.PreconditionFailed)
                    {
                        unexpected.Enqueue($"PATCH {id} ({name}): {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                        break;
                    }
                }
            }
        }));
        await Task.WhenAll(readerTasks.Concat(writerTasks));

        var summary = string.Join(", ", statuses.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key}: {s.Value}"));
        output.WriteLine($"{edits.Count} edits succeeded; answers: {summary}");
        Assert.True(unexpected.IsEmpty, $"{summary}\n{string.Join("\n", unexpected.Take(20))}");
        Assert.DoesNotContain(statuses.Keys, k => k.Split(' ')[1].StartsWith('5'));
        Assert.All(readers, r => Assert.True(statuses.ContainsKey($"{r.Kind} 200"), $"no {r.Kind} answered: {summary}"));
        Assert.True(edits.Count >= writers, $"only {edits.Count} edits succeeded: {summary}");

        foreach (var id in features)
        {
            var mine = edits.Where(e => e.Feature == id).OrderBy(e => e.Seq).ToList();
            var changes = (await ChangesAsync(setup, id)).Skip(1).ToList(); // after the create
            Assert.True(mine.Count == changes.Count, $"{id}: {mine.Count} successful edits, {changes.Count} in the history");
            Assert.All(changes, c => Assert.Equal("update", (string?)c["operation"]));
            Assert.Equal(mine.Select(e => e.Name), changes.Select(c => (string?)c["after"]!["properties"]!["name_en"]));
            Assert.Equal(mine.Select(e => e.Seq), changes.Select(c => (long)c["seq"]!));

            // Each edit was made on the state the one before it left: none overwrote a change it had not seen.
            var previous = $"mixed {features.IndexOf(id)} start";
            foreach (var change in changes)
            {
                Assert.Equal(previous, (string?)change["before"]!["properties"]!["name_en"]);
                previous = (string?)change["after"]!["properties"]!["name_en"];
            }

            var (feature, tag) = await GetAsync(setup, id);
            var last = mine.Count > 0 ? mine[^1].Name : $"mixed {features.IndexOf(id)} start";
            Assert.Equal(last, (string?)feature["properties"]!["name_en"]);
            if (mine.Count > 0)
            {
                Assert.Equal(mine[^1].Seq, SeqOf(tag));
            }
        }
    }

    private static HttpRequestMessage Patch(string id, string body, EntityTagHeaderValue ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, $"collections/sites/items/{id}") { Content = EditApp.GeoJson(body, MergePatch) };
        request.Headers.IfMatch.Add(ifMatch);
        return request;
    }

    /// <summary>The history entry an ETag <c>"{load}.{seq}"</c> names.</summary>
    private static long SeqOf(EntityTagHeaderValue tag) =>
        long.Parse(tag.Tag.Trim('"').Split('.')[1], System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<(string Id, EntityTagHeaderValue ETag)> CreateAsync(HttpClient client, string nameEn, double lon = 104.0701)
    {
        using var created = await client.PostAsync("collections/sites/items", EditApp.GeoJson(Site(nameEn, lon)));
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        return (created.Headers.Location!.AbsolutePath.Split('/')[^1], created.Headers.ETag!);
    }

    private static async Task<(JsonNode Feature, EntityTagHeaderValue ETag)> GetAsync(HttpClient client, string id)
    {
        using var response = await client.GetAsync($"collections/sites/items/{id}?f=json");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {id}: {(int)response.StatusCode} {text}");
        return (JsonNode.Parse(text)!, response.Headers.ETag!);
    }

    private static async Task<List<JsonNode>> ChangesAsync(HttpClient client, string id)
    {
        var text = await client.GetStringAsync($"collections/sites/items/{id}/history");
        return JsonNode.Parse(text)!["changes"]!.AsArray().Select(c => c!).ToList();
    }
}
