using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Huayang.Gis.PostGis.Store;
using Npgsql;

namespace Huayang.Gis.Server.Tests.Features;

/// <summary>
/// The change feed between two servers on one PostGIS database: an edit through one reaches the other's event stream
/// (NOTIFY, LISTEN), the other's tiles change their ETag as soon as it hears (not after its version-check interval),
/// a reconnecting client gets what it missed (Last-Event-ID), and a server whose listening connection is killed reads
/// everything after its watermark when it is back.
/// </summary>
public sealed class ChangeFeedTests(EditApp app) : IClassFixture<EditApp>
{
    /// <summary>The z14 tile of the sites where the tests put their sites.</summary>
    private static readonly string Tile = EditRequests.TileOf(EditRequests.Lon, EditRequests.Lat, 14);

    [SkippableFact]
    public async Task An_edit_through_one_server_reaches_the_other_servers_stream_items_and_tiles()
    {
        using var a = app.Client(EditApp.AliceKey);
        using var b = app.SecondServer();
        var (id, tag) = await EditRequests.CreateSiteAsync(a, "Feed test A");
        await using var stream = await ChangeStream.OpenAsync(b);
        var tileTag = await EditRequests.TileTagAsync(b, Tile);

        var moved = await EditRequests.SendAsync(a, EditRequests.Patch(id, tag, """{"properties": {"name_en": "Feed test A, renamed"}}"""));
        // B may hear of the site's creation only after the stream opened: the create then comes first, and is not the
        // event waited for.
        var change = await stream.NextAsync(e => e.Kind == "change" && (string?)e.Data!["featureId"] == id && (string?)e.Data["operation"] != "create");
        Assert.Equal("sites", (string?)change.Data!["collection"]);
        Assert.Equal("update", (string?)change.Data["operation"]);
        Assert.Equal("alice", (string?)change.Data["keyName"]);
        Assert.Equal(4, change.Data["bbox"]!.AsArray().Count);
        Assert.Equal(change.Id, (long)change.Data["seq"]!);

        // As soon as server B has heard: its tiles have a new version, its item is the new one.
        Assert.NotEqual(tileTag, await EditRequests.TileTagAsync(b, Tile));
        using var item = await b.GetAsync($"collections/sites/items/{id}?f=json");
        Assert.Equal(moved, item.Headers.ETag);
        Assert.Equal("Feed test A, renamed", (string?)JsonNode.Parse(await item.Content.ReadAsStringAsync())!["properties"]!["name_en"]);
    }

    [SkippableFact]
    public async Task A_site_added_through_one_server_counts_in_the_other_servers_walking_coverage_once_it_has_heard()
    {
        using var a = app.Client(EditApp.AliceKey);
        using var b = app.SecondServer();
        const string question = "analysis/coverage?category=talent_service&level=15min&method=network&status=all";
        var before = (int)(await EditRequests.JsonAsync(b, question))["site_count"]!;
        await using var stream = await ChangeStream.OpenAsync(b);
        var (id, _) = await EditRequests.CreateSiteAsync(a, "Feed test coverage");
        await stream.NextAsync(e => e.Kind == "change" && (string?)e.Data!["featureId"] == id);

        var after = await EditRequests.JsonAsync(b, question);
        Assert.Equal(before + 1, (int)after["site_count"]!);
        Assert.Equal("network", (string?)after["method"]);
    }

    [SkippableFact]
    public async Task A_client_that_reconnects_gets_what_it_missed_and_polling_clients_get_pages()
    {
        using var a = app.Client(EditApp.AliceKey);
        using var b = app.SecondServer();
        var before = (long)(await EditRequests.JsonAsync(b, "changes?f=json"))["latest"]!;
        var (id, tag) = await EditRequests.CreateSiteAsync(a, "Feed test B");
        await EditRequests.SendAsync(a, EditRequests.Patch(id, tag, """{"properties": {"capacity": 77}}"""));

        await using var stream = await ChangeStream.OpenAsync(b, lastEventId: before);
        var created = await stream.NextAsync(e => e.Kind == "change" && (string?)e.Data!["featureId"] == id);
        Assert.Equal("create", (string?)created.Data!["operation"]);
        var updated = await stream.NextAsync(e => e.Kind == "change" && (string?)e.Data!["featureId"] == id);
        Assert.Equal("update", (string?)updated.Data!["operation"]);
        Assert.True(updated.Id > created.Id);

        var page = await EditRequests.JsonAsync(b, $"changes?since={before}");
        var mine = page["changes"]!.AsArray().Where(c => (string?)c!["featureId"] == id).Select(c => (string?)c!["operation"]).ToList();
        Assert.Equal(["create", "update"], mine);
        Assert.True((long)page["latest"]! >= updated.Id);

        foreach (var bad in new[] { "changes?since=abc", "changes?since=-1", "changes?f=xml", "changes?since=1&since=2", "changes?from=3" })
        {
            using var refused = await b.GetAsync(bad);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        }
    }

    [SkippableFact]
    public async Task A_server_whose_listening_connection_is_killed_catches_up_from_its_watermark()
    {
        using var a = app.Client(EditApp.AliceKey);
        using var b = app.SecondServer();
        await using var stream = await ChangeStream.OpenAsync(b);
        var (id, tag) = await EditRequests.CreateSiteAsync(a, "Feed test C");
        await stream.NextAsync(e => e.Kind == "change" && (string?)e.Data!["featureId"] == id);

        // Kill every listening connection (both servers'), then edit while they reconnect: no NOTIFY reaches a
        // listener that is not connected, so only the watermark brings the edit.
        await using (var connection = new NpgsqlConnection(app.ConnectionString))
        {
            await connection.OpenAsync();
            await using var kill = new NpgsqlCommand(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()", connection);
            kill.Parameters.Add(new NpgsqlParameter<string> { TypedValue = PostGisChangeFeed.ApplicationName });
            Assert.True((long)(await kill.ExecuteScalarAsync())! >= 1, "no change feed connection was listening");
        }

        await EditRequests.SendAsync(a, EditRequests.Patch(id, tag, """{"properties": {"capacity": 5}}"""));
        var change = await stream.NextAsync(e => e.Kind == "change" && (string?)e.Data!["featureId"] == id);
        Assert.Equal("update", (string?)change.Data!["operation"]);
    }

    [SkippableFact]
    public async Task An_edit_gives_new_etags_to_the_tiles_it_touched_and_to_no_other()
    {
        using var a = app.Client(EditApp.AliceKey);
        using var b = app.SecondServer();
        var (id, tag) = await EditRequests.CreateSiteAsync(a, "Tile test");
        var from = EditRequests.TileOf(EditRequests.Lon, EditRequests.Lat, 16, "sites,communities");
        var to = EditRequests.TileOf(EditRequests.Lon + 0.02, EditRequests.Lat, 16, "sites,communities");
        var elsewhere = EditRequests.TileOf(EditRequests.Lon, EditRequests.Lat, 16, "sites,communities", dy: -4);
        var before = new Dictionary<string, string>();
        foreach (var tile in new[] { from, to, elsewhere })
        {
            before[tile] = await EditRequests.TileTagAsync(b, tile);
        }

        using (var request = new HttpRequestMessage(HttpMethod.Patch, $"collections/sites/items/{id}")
        {
            Content = EditApp.GeoJson("""{"geometry": {"type": "Point", "coordinates": [104.0888, 30.4857]}}""", "application/merge-patch+json"),
        })
        {
            request.Headers.IfMatch.Add(tag);
            using var moved = await a.SendAsync(request);
            Assert.Equal(HttpStatusCode.NoContent, moved.StatusCode);
        }

        await using (var stream = await ChangeStream.OpenAsync(b, lastEventId: 0))
        {
            await stream.NextAsync(e => e.Kind == "change" && (string?)e.Data!["featureId"] == id && (string?)e.Data["operation"] == "update");
        }

        foreach (var client in new[] { a, b })
        {
            Assert.NotEqual(before[from], await EditRequests.TileTagAsync(client, from));
            Assert.NotEqual(before[to], await EditRequests.TileTagAsync(client, to));
            using var unchanged = new HttpRequestMessage(HttpMethod.Get, elsewhere);
            unchanged.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Parse(before[elsewhere]));
            using var response = await client.SendAsync(unchanged);
            Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
        }
    }

}

/// <summary>A Server-Sent Events stream read as a client reads it: events of id, event and data lines, ended by a blank line.</summary>
internal sealed class ChangeStream : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(60));

    private ChangeStream(HttpResponseMessage response, StreamReader reader)
    {
        _response = response;
        _reader = reader;
    }

    public sealed record Event(long Id, string Kind, JsonNode? Data);

    public static async Task<ChangeStream> OpenAsync(HttpClient client, long? lastEventId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "changes");
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (lastEventId is { } id)
        {
            request.Headers.Add("Last-Event-ID", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var stream = new ChangeStream(response, reader);
        // The stream's first lines (retry, a comment) are sent at once: the subscription is in place from here.
        Assert.StartsWith("retry:", await reader.ReadLineAsync());
        return stream;
    }

    /// <summary>The next event that matches; fails (never hangs) if none comes within a minute.</summary>
    public async Task<Event> NextAsync(Func<Event, bool> match)
    {
        while (true)
        {
            long id = 0;
            string kind = "message";
            string? data = null;
            string? line;
            while ((line = await _reader.ReadLineAsync(_timeout.Token)) is { Length: > 0 })
            {
                if (line.StartsWith("id: ", StringComparison.Ordinal))
                {
                    id = long.Parse(line[4..], System.Globalization.CultureInfo.InvariantCulture);
                }
                else if (line.StartsWith("event: ", StringComparison.Ordinal))
                {
                    kind = line[7..];
                }
                else if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    data = line[6..];
                }
            }

            Assert.True(line is not null, "the change stream ended");
            if (data is null)
            {
                continue;
            }

            var e = new Event(id, kind, JsonNode.Parse(data));
            if (match(e))
            {
                return e;
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        _timeout.Dispose();
        _reader.Dispose();
        _response.Dispose();
        return ValueTask.CompletedTask;
    }
}
