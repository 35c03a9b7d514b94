using System.Globalization;
using System.Text;
using System.Text.Json;
using Huayang.Gis.Core.Store;
using Huayang.Gis.Server.Hosting;

namespace Huayang.Gis.Server.Features;

/// <summary>
/// <c>GET /changes</c>: the change feed any client can follow. With <c>Accept: text/event-stream</c> it is a stream of
/// Server-Sent Events — <c>change</c> (one per edit, <c>id</c> = the history seq) and <c>reload</c> (a new load, or a
/// client too slow to keep up: read everything again) — that replays what a reconnecting client missed (its
/// <c>Last-Event-ID</c>, or <c>?since=</c>); otherwise a JSON page of the entries after <c>since</c>, for polling clients.
/// </summary>
internal static class ChangeEndpoints
{
    private static readonly string[] Allowed = ["since", "f"];

    public static IEndpointRouteBuilder MapChangeEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/changes", Changes).WithTags("Changes")
            .WithName("getChanges")
            .WithSummary("The change feed: Server-Sent Events (Accept: text/event-stream) or a JSON page after ?since=")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream", additionalContentTypes: Urls.Json)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .AddOpenApiOperationTransformer(ApiDocument.QueryParameters(
                ("f", "events (Server-Sent Events) or json (a page); without it the Accept header decides"),
                ("since", "the last sequence number seen (or the Last-Event-ID header)")));
        return endpoints;
    }

    private static async Task<IResult> Changes(
        HttpContext context, ChangeHub hub, ChangeOptions options, IHostApplicationLifetime lifetime, CancellationToken cancellationToken)
    {
        var request = context.Request;
        if ((ApiProblems.Unknown(request.Query, Allowed) ?? ApiProblems.Repeated(request.Query)) is { } refused)
        {
            return refused;
        }

        var f = request.Query["f"].ToString();
        if (f.Length > 0 && f is not ("json" or "events"))
        {
            return ApiProblems.BadParameter("f", f, "json (a page of changes) or events (Server-Sent Events)");
        }

        var sinceText = request.Query["since"].ToString() is { Length: > 0 } query ? query : request.Headers["Last-Event-ID"].ToString();
        long? since = null;
        if (sinceText.Length > 0)
        {
            if (!long.TryParse(sinceText, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                return ApiProblems.BadParameter(request.Query.ContainsKey("since") ? "since" : "Last-Event-ID", sinceText,
                    "a change's seq (a whole number, 0 or more), as sent in the events' id");
            }
            since = parsed;
        }

        var events = f == "events" || (f.Length == 0 && request.Headers.Accept.ToString().Contains("text/event-stream", StringComparison.OrdinalIgnoreCase));
        if (!events)
        {
            var page = await hub.SinceAsync(since ?? hub.Latest, cancellationToken);
            context.Response.Headers.CacheControl = "no-store";
            return TypedResults.Text(PageJson(page), "application/json", Encoding.UTF8);
        }

        if (hub.Subscribe() is not { } channel)
        {
            await ServiceUnavailable.WriteAsync(context, "Too many change streams",
                $"{options.MaxSubscribers} event streams are open ({ChangeOptions.Section}:MaxSubscribers); poll GET /changes?since=N instead, or try again later",
                5, cancellationToken);
            return TypedResults.Empty;
        }

        try
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);
            await StreamAsync(context.Response, hub, channel, since, TimeSpan.FromSeconds(options.KeepAliveSeconds), stop.Token);
        }
        catch (OperationCanceledException)
        {
            // The client left or the server stops: the stream simply ends.
        }
        finally
        {
            hub.Unsubscribe(channel);
        }

        return TypedResults.Empty;
    }

    private static async Task StreamAsync(
        HttpResponse response, ChangeHub hub, System.Threading.Channels.Channel<ChangeMessage> channel, long? since, TimeSpan keepAlive,
        CancellationToken cancellationToken)
    {
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-store";
        // nginx and other proxies pass each event on at once instead of buffering the stream.
        response.Headers["X-Accel-Buffering"] = "no";
        await response.WriteAsync($"retry: 2000\n: following the change log from seq {hub.Latest}\n\n", cancellationToken);
        var sent = hub.Latest;
        if (since is { } from && from < sent)
        {
            // Subscribed first, then replayed: whatever arrives meanwhile is in the channel and skipped if already sent.
            var page = await hub.SinceAsync(from, cancellationToken);
            if (!page.Complete)
            {
                await response.WriteAsync(ReloadEvent(-1, sent), cancellationToken);
            }
            else
            {
                foreach (var change in page.Changes)
                {
                    await response.WriteAsync(ChangeEvent(change), cancellationToken);
                }
                sent = Math.Max(page.Latest, page.Changes.Count > 0 ? page.Changes[^1].Seq : from);
            }
        }

        await response.Body.FlushAsync(cancellationToken);
        var reader = channel.Reader;
        while (true)
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            wait.CancelAfter(keepAlive);
            bool more;
            try
            {
                more = await reader.WaitToReadAsync(wait.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                await response.WriteAsync(": keep-alive\n\n", cancellationToken);
                await response.Body.FlushAsync(cancellationToken);
                continue;
            }
            catch (System.Threading.Channels.ChannelClosedException)
            {
                more = false;
            }

            if (!more)
            {
                // Overflowed: the client is told to read everything again and reconnects.
                await response.WriteAsync(ReloadEvent(-1, hub.Latest), cancellationToken);
                await response.Body.FlushAsync(cancellationToken);
                return;
            }

            while (reader.TryRead(out var message))
            {
                if (message.Change is { } change)
                {
                    if (change.Seq > sent)
                    {
                        await response.WriteAsync(ChangeEvent(change), cancellationToken);
                        sent = change.Seq;
                    }
                }
                else
                {
                    await response.WriteAsync(ReloadEvent(message.ReloadVersion, sent), cancellationToken);
                }
            }

            await response.Body.FlushAsync(cancellationToken);
        }
    }

    private static string ChangeEvent(FeatureChange change) =>
        string.Create(CultureInfo.InvariantCulture, $"id: {change.Seq}\nevent: change\ndata: {Json(w => WriteChange(w, change))}\n\n");

    private static string ReloadEvent(long datasetVersion, long seq) =>
        string.Create(CultureInfo.InvariantCulture, $"id: {seq}\nevent: reload\ndata: {Json(w =>
        {
            w.WriteStartObject();
            if (datasetVersion >= 0)
            {
                w.WriteNumber("datasetVersion", datasetVersion);
            }
            w.WriteNumber("seq", seq);
            w.WriteEndObject();
        })}\n\n");

    private static string PageJson(ChangePage page) => Json(w =>
    {
        w.WriteStartObject();
        w.WriteStartArray("changes");
        foreach (var change in page.Changes)
        {
            WriteChange(w, change);
        }
        w.WriteEndArray();
        w.WriteNumber("latest", page.Latest);
        w.WriteBoolean("complete", page.Complete);
        w.WriteEndObject();
    });

    /// <summary>JSON text written the way every answer of the API is written.</summary>
    private static string Json(Action<Utf8JsonWriter> write) => Encoding.UTF8.GetString(FeaturesJson.Write(write));

    private static void WriteChange(Utf8JsonWriter w, FeatureChange change)
    {
        w.WriteStartObject();
        w.WriteNumber("seq", change.Seq);
        w.WriteString("collection", change.Collection);
        w.WriteString("featureId", change.FeatureId);
        w.WriteString("operation", change.Operation);
        w.WriteNumber("datasetVersion", change.DatasetVersion);
        w.WriteString("keyName", change.KeyName);
        w.WriteString("at", change.At.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
        if (change.Bounds is { } b)
        {
            w.WriteStartArray("bbox");
            w.WriteNumberValue(Math.Round(b.MinX, 7));
            w.WriteNumberValue(Math.Round(b.MinY, 7));
            w.WriteNumberValue(Math.Round(b.MaxX, 7));
            w.WriteNumberValue(Math.Round(b.MaxY, 7));
            w.WriteEndArray();
        }
        else
        {
            w.WriteNull("bbox");
        }
        w.WriteEndObject();
    }
}
