using Huayang.Gis.Tests;
using Huayang.Gis.Viewer.Tests.Support;
using Microsoft.Playwright;
using SkiaSharp;
using Xunit.Abstractions;

namespace Huayang.Gis.Viewer.Tests.MapLibre;

/// <summary>
/// A web developer's page on another origin (<c>http://localhost:5179</c>, a small HTTP server of the test's own)
/// points MapLibre GL JS (npm <c>maplibre-gl</c>) at the server's <c>/styles/default.json</c> in headless Chromium:
/// the style, TileJSON, tiles, sprite and glyphs load across origins (the server allows that origin in
/// <c>Cors:AllowedOrigins</c>) and the map shows the zones, the axis, the points and the sites; another origin
/// is refused by the browser.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class MapLibreStyleTests(BrowserFixture fixture, ITestOutputHelper output)
{
    /// <summary>The web app's origin: another origin than the server's (http://127.0.0.1:port).</summary>
    private const string AppOrigin = "http://localhost:5179";

    /// <summary>An origin the server does not allow.</summary>
    private const string OtherOrigin = "http://localhost:5178";

    /// <summary>WebGL in a headless browser without a GPU: SwiftShader, which Chromium allows only when asked.</summary>
    private static readonly string[] WebGlArgs =
        ["--headless", "--no-sandbox", "--use-angle=swiftshader", "--enable-unsafe-swiftshader", "--ignore-gpu-blocklist", "--no-first-run", "--disable-quic"];

    [SkippableFact]
    public async Task MapLibre_on_another_origin_draws_the_plan_from_the_default_style()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string> { ["Cors__AllowedOrigins__0"] = AppOrigin });
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = BrowserFixture.ChromiumPath,
            Headless = true,
            Args = WebGlArgs,
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1000, Height = 760 } });
        using var app = new AppServer(AppOrigin);
        var serverUrl = server.BaseAddress.ToString().TrimEnd('/');
        await page.GotoAsync($"{AppOrigin}/#{serverUrl}");
        await page.WaitForFunctionAsync("() => window.result.idle || window.result.errors.length > 0",
            null, new PageWaitForFunctionOptions { Timeout = 90_000, PollingInterval = 250 });
        var errors = await page.EvaluateAsync<string[]>("() => window.result.errors");
        Assert.True(errors.Length == 0, $"MapLibre reported: {string.Join(" | ", errors)}\n{server.Log}");

        var rendered = await page.EvaluateAsync<Dictionary<string, int>>("""
            () => Object.fromEntries(['communities-fill', 'water-fill', 'plan-zone-zone-education-talent', 'plan-zone-zone-culture-arts', 'plan-zone-zone-health-sports', 'plan-belt', 'plan-axis', 'plan-points', 'sites-existing',
                'communities-label', 'plan-label'].map(id => [id, window.map.queryRenderedFeatures({ layers: [id] }).length]))
            """);
        output.WriteLine(string.Join(", ", rendered.Select(r => $"{r.Key}: {r.Value}")));
        Assert.All(rendered, r => Assert.True(r.Value > 0, $"nothing of the style's layer {r.Key} is drawn"));
        var zones = await page.EvaluateAsync<string[]>("() => [...new Set(window.map.queryRenderedFeatures({ layers: window.map.getStyle().layers.map(l => l.id).filter(id => id.startsWith('plan-zone-') && !id.endsWith('-outline')) }).map(f => f.properties.id))].sort()");
        Assert.Equal(["zone-culture-arts", "zone-education-talent", "zone-health-sports"], zones);
        var labels = await page.EvaluateAsync<string[]>("() => window.map.queryRenderedFeatures({ layers: ['communities-label'] }).map(f => f.properties.name_zh)");
        Assert.Contains(labels, name => name.EndsWith("社区", StringComparison.Ordinal));

        var path = Path.Combine(fixture.Artifacts, "maplibre-default-style.png");
        var shot = await page.ScreenshotAsync(new PageScreenshotOptions { Path = path });
        output.WriteLine($"screenshot: {path}");
        using var picture = SKBitmap.Decode(shot);
        // The axis (#B22222) and the zones' colours are on the screen, not only in the features' list.
        Assert.True(Count(picture, c => c.Red > 150 && c.Green < 90 && c.Blue < 90) > 200, "no axis red on the screen");
        Assert.True(Count(picture, c => c.Blue > c.Red + 25 && c.Blue > c.Green) > 2000, "no blue (water, the education zone) on the screen");

        // Plain requests from the page: the exposed headers can be read, and a conditional request (a preflight first) works.
        var crossOrigin = await page.EvaluateAsync<CrossOriginAnswer>("() => window.crossOrigin()");
        Assert.Equal(200, crossOrigin.Status);
        Assert.False(string.IsNullOrEmpty(crossOrigin.Etag), "ETag is not exposed to the page");
        Assert.Equal("<http://www.opengis.net/def/crs/OGC/1.3/CRS84>", crossOrigin.Crs);
        Assert.Equal(304, crossOrigin.Conditional);
        Assert.Contains("OPTIONS /collections/sites/items?limit=1 → 204", server.Log, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_page_on_an_origin_not_allowed_cannot_read_the_answers()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string> { ["Cors__AllowedOrigins__0"] = AppOrigin });
        var context = await fixture.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        using var app = new AppServer(OtherOrigin, script: "window.maplibregl = { Map: class { on() {} } };");
        var serverUrl = server.BaseAddress.ToString().TrimEnd('/');
        await page.GotoAsync($"{OtherOrigin}/#{serverUrl}");
        var refused = await page.EvaluateAsync<string>("() => window.crossOrigin().then(() => 'read', e => e.name)");
        Assert.Equal("TypeError", refused);
        await context.CloseAsync();
    }

    /// <summary>
    /// The web app: a real HTTP server of its own on the loopback (HttpListener) serving the page and MapLibre's files
    /// from the viewer's node_modules.
    /// </summary>
    private sealed class AppServer : IDisposable
    {
        private readonly System.Net.HttpListener _listener = new();
        private readonly CancellationTokenSource _stop = new();

        public AppServer(string origin, string? script = null)
        {
            var dist = Path.Combine(RepositoryRoot.Path, "src", "Huayang.Gis.Viewer", "node_modules", "maplibre-gl", "dist");
            Assert.True(Directory.Exists(dist), $"{dist} is missing: the viewer's npm ci installs maplibre-gl (a devDependency)");
            var html = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "MapLibre", "maplibre-page.html"));
            _listener.Prefixes.Add(origin + "/");
            _listener.Start();
            _ = Task.Run(async () =>
            {
                while (!_stop.IsCancellationRequested)
                {
                    System.Net.HttpListenerContext context;
                    try
                    {
                        context = await _listener.GetContextAsync();
                    }
                    catch (Exception) when (_stop.IsCancellationRequested)
                    {
                        return;
                    }
                    var (body, type) = context.Request.Url!.AbsolutePath switch
                    {
                        "/maplibre-gl.js" => (script is null ? File.ReadAllBytes(Path.Combine(dist, "maplibre-gl.js")) : System.Text.Encoding.UTF8.GetBytes(script), "text/javascript"),
                        "/maplibre-gl.css" => (File.ReadAllBytes(Path.Combine(dist, "maplibre-gl.css")), "text/css"),
                        _ => (html, "text/html; charset=utf-8"),
                    };
                    context.Response.ContentType = type;
                    context.Response.ContentLength64 = body.Length;
                    await context.Response.OutputStream.WriteAsync(body);
                    context.Response.Close();
                }
            });
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            _listener.Close();
        }
    }

    private static int Count(SKBitmap picture, Func<SKColor, bool> match)
    {
        var n = 0;
        for (var y = 0; y < picture.Height; y += 2)
        {
            for (var x = 0; x < picture.Width; x += 2)
            {
                n += match(picture.GetPixel(x, y)) ? 1 : 0;
            }
        }
        return n;
    }

    private sealed class CrossOriginAnswer
    {
        public int Status { get; set; }

        public string? Etag { get; set; }

        public string? Crs { get; set; }

        public int Conditional { get; set; }
    }
}
