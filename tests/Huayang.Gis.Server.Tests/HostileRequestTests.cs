using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using Huayang.Gis.Server.Tests.Support;
using Huayang.Gis.Tests;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Huayang.Gis.Server.Tests;

/// <summary>
/// The real server process under at least 1,000 generated malformed and hostile requests across every
/// route: no 5xx, no hang, every 4xx it writes is problem+json, and it still answers correctly afterwards.
/// </summary>
public sealed class HostileRequestTests(ServerApp app, ITestOutputHelper output) : IClassFixture<ServerApp>
{
    private const int Seed = 20261130;
    private const int GeneratedCount = 1500;

    /// <summary>
    /// Routes other features own, listed so that they are attacked whether or not they are mapped on this
    /// branch yet (unmapped ones must answer a 404 problem).
    /// </summary>
    private static readonly string[] KnownRoutes =
    [
        "/", "/conformance", "/collections", "/collections/{id}", "/collections/{id}/items", "/collections/{id}/items/{fid}",
        "/tiles/{layers}/{z}/{x}/{y}.mvt", "/tiles/{layers}.json", "/api", "/viewer/",
        "/analysis/nearest", "/analysis/within", "/analysis/community", "/analysis/coverage", "/analysis/coverage/gaps",
        "/analysis/service-area", "/analysis/suggest", "/analysis/compliance", "/analysis/compliance/map.jpg", "/analysis/life-circles",
    ];

    /// <summary>
    /// Kestrel refuses some requests before the application sees them (request line over 8 KB: 414, headers
    /// over 32 KB: 431, a malformed request target: 400) with an empty body; those are allowed to be plain.
    /// </summary>
    private static readonly HashSet<int> KestrelStatuses = [400, 414, 431];

    [Fact]
    public async Task A_thousand_hostile_requests_get_no_5xx_and_the_server_still_answers()
    {
        var routes = Routes();
        var requests = new HostileRequests(Seed).Generate(routes, GeneratedCount)
            .Concat(HostileRequests.Oversized(routes))
            .ToList();
        Assert.True(requests.Count >= 1000);

        // Waits for an analysis answer rather than /conformance, which the OGC API branch adds.
        await using var server = await ServerProcess.StartAsync();
        // Decoding what the server compressed, as any client that sends Accept-Encoding does.
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, AutomaticDecompression = System.Net.DecompressionMethods.All })
        {
            BaseAddress = server.BaseAddress,
            Timeout = TimeSpan.FromSeconds(20),
        };

        var outcomes = new ConcurrentBag<(HostileRequest Request, int Status, string Kind, string? Failure)>();
        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = 6 }, async (request, ct) =>
            outcomes.Add(await SendAsync(http, server.BaseAddress, request, ct)));

        var byStatus = outcomes.GroupBy(o => o.Status).OrderBy(g => g.Key).ToList();
        var summary = new StringBuilder($"{outcomes.Count} hostile requests over {routes.Count} routes (seed {Seed}):\n");
        foreach (var group in byStatus)
        {
            summary.Append($"  {(group.Key == 0 ? "no answer" : group.Key.ToString())}: {group.Count()}");
            summary.Append($" ({string.Join(", ", group.GroupBy(o => o.Kind).OrderBy(k => k.Key).Select(k => $"{k.Key} {k.Count()}"))})\n");
        }
        output.WriteLine(summary.ToString());

        var failures = outcomes.Where(o => o.Failure is not null).Take(20).Select(o => $"{o.Failure}: {o.Request}").ToList();
        Assert.True(failures.Count == 0, $"{summary}\nfailures (first 20):\n{string.Join("\n", failures)}\n\nserver log:\n{server.Log}");
        Assert.DoesNotContain(outcomes, o => o.Status >= 500);
        Assert.False(server.HasExited, server.Log);

        using var nearest = await http.GetAsync("analysis/nearest?lon=104.05&lat=30.5&k=5");
        Assert.Equal(HttpStatusCode.OK, nearest.StatusCode);
        using var json = JsonDocument.Parse(await nearest.Content.ReadAsStringAsync());
        var expected = await RepositoryData.Store.NearestSitesAsync(104.05, 30.5, 5, null);
        Assert.Equal(expected.Select(e => e.Site.Id), json.RootElement.EnumerateArray().Select(e => e.GetProperty("id").GetString()));
    }

    /// <summary>Every route the application maps (from its endpoint data source) plus <see cref="KnownRoutes"/>.</summary>
    private List<string> Routes()
    {
        var mapped = app.Services.GetServices<EndpointDataSource>()
            .SelectMany(s => s.Endpoints)
            .OfType<RouteEndpoint>()
            .Select(e => "/" + (e.RoutePattern.RawText ?? "").TrimStart('/'));
        return mapped.Concat(KnownRoutes).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>Sends one request and judges the answer: the failure, or null when the answer is acceptable.</summary>
    /// <param name="allowBusy">A 503 with <c>Retry-After</c> (admission control refusing a burst) is acceptable.</param>
    internal static async Task<(HostileRequest Request, int Status, string Kind, string? Failure)> SendAsync(
        HttpClient http, Uri baseAddress, HostileRequest request, CancellationToken cancellationToken, bool allowBusy = false)
    {
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), Target(baseAddress, request.PathAndQuery));
        foreach (var (name, value) in request.Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }
        if (request.Body is not null)
        {
            message.Content = new StringContent(request.Body, Encoding.UTF8, "application/json");
        }
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(message, cancellationToken);
        }
        catch (TaskCanceledException)
        {
            return (request, 0, "timeout", "no answer within 20 s (a hang)");
        }
        catch (HttpRequestException e)
        {
            return (request, 0, "transport", $"no HTTP answer: {e.Message}");
        }
        using (response)
        {
            var status = (int)response.StatusCode;
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            var mediaType = response.Content.Headers.ContentType?.MediaType;
            if (allowBusy && status == 503 && response.Headers.RetryAfter is not null
                && (mediaType == "application/problem+json" || mediaType == "text/xml"))
            {
                return (request, status, "busy", null);
            }
            if (status >= 500)
            {
                return (request, status, "server error", $"{status} {body}");
            }
            if (status < 400)
            {
                return (request, status, mediaType ?? "no body", null);
            }
            if (request.Method == "HEAD")
            {
                return (request, status, "HEAD", null);
            }
            if (mediaType == "application/problem+json")
            {
                return (request, status, "problem+json", IsProblem(body, status) ? null : $"{status} problem+json that is not a problem: {body}");
            }
            if (mediaType == "text/xml" && request.PathAndQuery.StartsWith("/wms", StringComparison.OrdinalIgnoreCase))
            {
                // WMS clients expect their standard's error shape, not problem+json.
                return (request, status, "text/xml", body.Contains("<ServiceExceptionReport", StringComparison.Ordinal) && status == 400
                    ? null : $"{status} WMS answer that is not a ServiceExceptionReport: {body}");
            }
            if (KestrelStatuses.Contains(status) && body.Length == 0)
            {
                return (request, status, "Kestrel, empty", null);
            }
            return (request, status, mediaType ?? "no content type", $"{status} {mediaType ?? "(no content type)"} is not problem+json: {body}");
        }
    }

    /// <summary>The request target exactly as generated, without .NET's canonicalisation of dot segments and escapes.</summary>
    private static Uri Target(Uri baseAddress, string pathAndQuery)
    {
        var text = baseAddress.GetLeftPart(UriPartial.Authority) + pathAndQuery;
        return Uri.TryCreate(text, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true }, out var uri)
            ? uri
            : new Uri(baseAddress.GetLeftPart(UriPartial.Authority) + "/" + Uri.EscapeDataString(pathAndQuery.TrimStart('/')));
    }

    private static bool IsProblem(string body, int status)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.TryGetProperty("status", out var value) && value.GetInt32() == status
                && json.RootElement.TryGetProperty("title", out _);
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
