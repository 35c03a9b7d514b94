using System.Net;
using System.Text.Json;
using Huayang.Gis.Server.Tests.Features;
using Huayang.Gis.Tests;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Huayang.Gis.Server.Tests.Conventions;

/// <summary>HEAD for every GET route, validators and 304s on the OGC API resources, Vary, and the request log.</summary>
public sealed class WebConventionTests(FeaturesApp app) : IClassFixture<FeaturesApp>
{
    /// <summary>A value for each route parameter of the server's GET routes; a new parameter must be added here.</summary>
    private static readonly Dictionary<string, string> Samples = new(StringComparer.Ordinal)
    {
        ["collectionId"] = "sites",
        ["featureId"] = "__first_site__",
        ["layers"] = "communities,sites",
        ["z"] = "14",
        ["x"] = "13005",
        ["y"] = "6780",
        ["sprite"] = "sprite",
        ["fontstack"] = "Noto Sans CJK SC Regular",
        ["range"] = "0-255",
        ["tileMatrixSetId"] = "__tms__",
        ["tileMatrix"] = "14",
        ["tileRow"] = "6733",
        ["tileCol"] = "12927",
    };

    /// <summary>Queries for routes that answer only with them (the change feed would otherwise stream).</summary>
    private static readonly Dictionary<string, string> Queries = new(StringComparer.Ordinal)
    {
        ["/changes"] = "?f=json",
        ["/map.png"] = "?bbox=103.98,30.45,104.1,30.53&width=256&height=256",
        ["/analysis/nearest"] = "?lon=104.05&lat=30.5&category=kindergarten",
        ["/wms"] = "?SERVICE=WMS&REQUEST=GetCapabilities",
    };

    [Fact]
    public async Task Every_GET_route_answers_HEAD_with_the_same_status_and_headers_and_no_body()
    {
        var firstSite = (await app.GetJsonAsync("/collections/sites/items?limit=1")).GetProperty("features")[0].GetProperty("id").GetString()!;
        var routes = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods.Contains("GET") == true)
            .Select(e => e.RoutePattern)
            .ToList();
        Assert.True(routes.Count >= 25, $"only {routes.Count} GET routes found");
        using var client = app.CreateClient();
        var checkedPaths = new List<string>();
        foreach (var pattern in routes)
        {
            var path = "/" + string.Join('/', pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
            {
                Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart literal => literal.Content,
                Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart parameter => Samples.TryGetValue(parameter.Name, out var value)
                    ? value.Replace("__first_site__", firstSite, StringComparison.Ordinal)
                    : throw new InvalidOperationException($"route {pattern.RawText}: no sample for {{{parameter.Name}}}; add one to Samples"),
                Microsoft.AspNetCore.Routing.Patterns.RoutePatternSeparatorPart separator => separator.Content,
                _ => throw new InvalidOperationException($"route {pattern.RawText}: unexpected part {part}"),
            }))));
            path = path.Replace("//", "/", StringComparison.Ordinal)
                .Replace("__tms__", path.Contains("/map/tiles", StringComparison.Ordinal) ? "WorldCRS84Quad" : "WebMercatorQuad", StringComparison.Ordinal);
            path += Queries.GetValueOrDefault(path, "");
            using var get = await client.GetAsync(path);
            using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));
            var headBody = await head.Content.ReadAsByteArrayAsync();
            Assert.True(head.StatusCode != HttpStatusCode.MethodNotAllowed, $"HEAD {path}: 405");
            Assert.True(get.StatusCode == head.StatusCode, $"{path}: GET {(int)get.StatusCode}, HEAD {(int)head.StatusCode}");
            Assert.True(headBody.Length == 0, $"HEAD {path}: a body of {headBody.Length} bytes");
            Assert.Equal(get.Content.Headers.ContentType?.MediaType, head.Content.Headers.ContentType?.MediaType);
            Assert.Equal(get.Headers.ETag, head.Headers.ETag);
            checkedPaths.Add(path);
        }
        Assert.Contains("/collections/sites/items", checkedPaths);
        Assert.Contains($"/collections/sites/items/{firstSite}", checkedPaths);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/conformance")]
    [InlineData("/collections")]
    [InlineData("/collections/communities")]
    [InlineData("/collections/communities/items?limit=3")]
    [InlineData("/collections/communities/items?limit=3&f=html")]
    [InlineData("/collections/sites/items/__first_site__")]
    public async Task OGC_API_resources_have_a_validator_cache_control_and_vary_and_answer_304(string template)
    {
        var firstSite = (await app.GetJsonAsync("/collections/sites/items?limit=1")).GetProperty("features")[0].GetProperty("id").GetString()!;
        var path = template.Replace("__first_site__", firstSite, StringComparison.Ordinal);
        using var client = app.CreateClient();
        using var first = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);
        Assert.Contains("no-cache", first.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        Assert.Contains("Accept", first.Headers.Vary);
        Assert.Contains("Host", first.Headers.Vary);

        using var conditional = new HttpRequestMessage(HttpMethod.Get, path);
        conditional.Headers.IfNoneMatch.Add(etag);
        using var notModified = await client.SendAsync(conditional);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
        Assert.Equal(etag, notModified.Headers.ETag);

        // Another representation (another Accept, another host in the links) is another validator.
        using var other = new HttpRequestMessage(HttpMethod.Get, path);
        other.Headers.IfNoneMatch.Add(etag);
        other.Headers.Host = "maps.example.org";
        using var otherAnswer = await client.SendAsync(other);
        Assert.Equal(HttpStatusCode.OK, otherAnswer.StatusCode);
        Assert.NotEqual(etag, otherAnswer.Headers.ETag);
    }

    [Fact]
    public async Task A_refused_request_has_no_validator()
    {
        using var client = app.CreateClient();
        using var response = await client.GetAsync("/collections/sites/items?limit=zero");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.ETag);
    }

    [Fact]
    public async Task TileJson_varies_on_Host_because_its_tile_url_names_it()
    {
        using var client = app.CreateClient();
        using var response = await client.GetAsync("/tiles/sites.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Host", response.Headers.Vary);
    }

    [Fact]
    public async Task The_request_log_names_method_path_status_and_time_as_text_and_as_json()
    {
        await using (var server = await ServerProcess.StartAsync())
        {
            using var client = new HttpClient { BaseAddress = server.BaseAddress };
            using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "collections/sites/items?limit=2"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            await WaitForAsync(() => server.Log.Contains("HEAD /collections/sites/items?limit=2 → 200 in ", StringComparison.Ordinal), server);
            Assert.Matches(@"HEAD /collections/sites/items\?limit=2 → 200 in \d+\.\d ms, [\d,]+ B", server.Log);
        }
        await using (var server = await ServerProcess.StartAsync(new Dictionary<string, string> { ["Logging__Format"] = "json" }))
        {
            using var client = new HttpClient { BaseAddress = server.BaseAddress };
            using var response = await client.GetAsync("collections/nowhere");
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            JsonElement? entry = null;
            await WaitForAsync(() => (entry = FindEntry(server.Log, "/collections/nowhere")) is not null, server);
            var state = entry!.Value.GetProperty("State");
            Assert.Equal("GET", state.GetProperty("Method").GetString());
            Assert.Equal("404", state.GetProperty("Status").ToString());
            Assert.True(double.Parse(state.GetProperty("Milliseconds").ToString(), System.Globalization.CultureInfo.InvariantCulture) >= 0);
            Assert.Equal("Huayang.Gis.Server.Requests", entry.Value.GetProperty("Category").GetString());
        }
    }

    [Theory]
    [InlineData("Logging__Format", "yaml", "Logging:Format: \"yaml\" is not a log format; allowed: text, json")]
    [InlineData("Cors__AllowedOrigins__0", "https://app.example.org/path", "Cors:AllowedOrigins: \"https://app.example.org/path\" is not an origin")]
    public async Task A_wrong_setting_stops_the_start_with_one_line_naming_it(string key, string value, string expected)
    {
        var (exitCode, output) = await ServerProcess.RunToExitAsync(new Dictionary<string, string> { [key] = value });
        Assert.Equal(1, exitCode);
        Assert.Contains(expected, output, StringComparison.Ordinal);
    }

    private static JsonElement? FindEntry(string log, string path)
    {
        foreach (var line in log.Split('\n'))
        {
            if (!line.TrimStart().StartsWith('{') || !line.Contains(path, StringComparison.Ordinal))
            {
                continue;
            }
            using var document = JsonDocument.Parse(line);
            if (document.RootElement.TryGetProperty("State", out var state) && state.TryGetProperty("Path", out var p) && p.GetString() == path)
            {
                return document.RootElement.Clone();
            }
        }
        return null;
    }

    private static async Task WaitForAsync(Func<bool> condition, ServerProcess server)
    {
        for (var i = 0; i < 100 && !condition(); i++)
        {
            await Task.Delay(100);
        }
        Assert.True(condition(), $"not in the server's log:\n{server.Log}");
    }
}
