using Microsoft.Playwright;

namespace Huayang.Gis.Viewer.Tests.Support;

/// <summary>
/// One open viewer page: records console errors, page errors and failed requests, and drives the map
/// through <c>window.huayangViewerTestHooks</c>, the viewer's one test handle (src/Huayang.Gis.Viewer/src/testHooks.js: the map, its layers, helpers).
/// </summary>
public sealed class ViewerPage : IAsyncDisposable
{
    /// <summary>Counts the pixels that differ by more than a small tolerance between two PNG screenshots, decoded by the browser.</summary>
    private const string PixelDifferenceScript = """
        async ([a, b]) => {
          const decode = async (base64) => {
            const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
            const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
            const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
            const context = canvas.getContext('2d');
            context.drawImage(bitmap, 0, 0);
            return context.getImageData(0, 0, bitmap.width, bitmap.height).data;
          };
          const [first, second] = await Promise.all([decode(a), decode(b)]);
          if (first.length !== second.length) {
            return -1;
          }
          let differing = 0;
          for (let i = 0; i < first.length; i += 4) {
            const delta = Math.abs(first[i] - second[i]) + Math.abs(first[i + 1] - second[i + 1]) + Math.abs(first[i + 2] - second[i + 2]);
            if (delta > 24) {
              differing++;
            }
          }
          return differing;
        }
        """;

    private readonly IBrowserContext _context;

    private ViewerPage(IBrowserContext context, IPage page)
    {
        _context = context;
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (Errors)
                {
                    Errors.Add($"console: {message.Text}");
                }
            }
        };
        page.PageError += (_, error) =>
        {
            lock (Errors)
            {
                Errors.Add($"page error: {error}");
            }
        };
        page.RequestFailed += (_, request) =>
        {
            // An event stream (the viewer's change feed) ends only by being cut: when the page reloads or closes.
            if (request.ResourceType == "eventsource" && request.Failure == "net::ERR_ABORTED")
            {
                return;
            }

            lock (Errors)
            {
                Errors.Add($"request failed: {request.Method} {request.Url} ({request.ResourceType}) {request.Failure}");
            }
        };
    }

    public IPage Page { get; }

    /// <summary>Console errors, uncaught exceptions and failed requests seen so far.</summary>
    public List<string> Errors { get; } = [];

    public ILocator Map => Page.Locator("#map");

    public static Task<ViewerPage> OpenAsync(BrowserFixture fixture, string query = "") =>
        OpenAsync(fixture, fixture.Server.BaseAddress, query);

    /// <summary>The viewer at a window size, loaded (and fitted to the data) at that size.</summary>
    public static async Task<ViewerPage> OpenAtAsync(BrowserFixture fixture, int width, int height)
    {
        var viewer = await OpenAsync(fixture);
        await viewer.Page.SetViewportSizeAsync(width, height);
        await viewer.Page.ReloadAsync();
        await viewer.WaitUntilDrawnAsync();
        return viewer;
    }

    /// <summary>Opens the viewer of the server at <paramref name="server"/> (another than the fixture's) and waits until it has drawn.</summary>
    public static async Task<ViewerPage> OpenAsync(BrowserFixture fixture, Uri server, string query = "")
    {
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1280, Height = 860 },
            Locale = "zh-CN",
        });
        var page = await context.NewPageAsync();
        var viewer = new ViewerPage(context, page);
        await page.GotoAsync(new Uri(server, "viewer/" + query).ToString());
        await viewer.WaitUntilDrawnAsync();
        return viewer;
    }

    public Task WaitUntilDrawnAsync() =>
        Page.WaitForFunctionAsync("() => window.huayangViewerTestHooks && window.huayangViewerTestHooks.drawn === true", null,
            new PageWaitForFunctionOptions { Timeout = 60_000 });

    /// <summary>
    /// Resolves once every visible layer has loaded and drawn (the map's rendercomplete); throws when that has not
    /// happened within a minute (a style that throws stops OpenLayers' rendering, and the test would wait for ever).
    /// </summary>
    public Task RenderedAsync() => Page.EvaluateAsync("() => " + WithinAMinute("window.huayangViewerTestHooks.whenRendered()"));

    public Task SetViewAsync(double lon, double lat, double zoom) =>
        Page.EvaluateAsync("([lon, lat, zoom]) => " + WithinAMinute("window.huayangViewerTestHooks.setView(lon, lat, zoom)"), new[] { lon, lat, zoom });

    /// <summary>A script expression that is <paramref name="promise"/>, or fails after 60 s saying the map did not finish drawing.</summary>
    private static string WithinAMinute(string promise) =>
        $"Promise.race([{promise}, new Promise((_, reject) => setTimeout(() => reject(new Error('the map did not finish drawing within 60 s (rendercomplete)')), 60000))])";

    /// <summary>The page position (for mouse clicks) of a WGS84 position on the map.</summary>
    public async Task<(float X, float Y)> PagePointAsync(double lon, double lat)
    {
        var pixel = await Page.EvaluateAsync<double[]>("([lon, lat]) => window.huayangViewerTestHooks.pixelOf(lon, lat)", new[] { lon, lat });
        var box = await Map.BoundingBoxAsync() ?? throw new InvalidOperationException("the map element has no box");
        return ((float)(box.X + pixel[0]), (float)(box.Y + pixel[1]));
    }

    public async Task ClickMapAsync(double lon, double lat)
    {
        var (x, y) = await PagePointAsync(lon, lat);
        await Page.Mouse.ClickAsync(x, y);
    }

    /// <summary>A screenshot of the map element, also saved as <paramref name="name"/>.png in the artifacts.</summary>
    /// <summary>Clicks Export PNG and returns the file the browser downloads, after checking it is a PNG of the map's size.</summary>
    public async Task<byte[]> DownloadExportAsync(BrowserFixture fixture, string name, int width, int height)
    {
        var download = await Page.RunAndWaitForDownloadAsync(() => Page.Locator("#export-png").ClickAsync());
        var path = Path.Combine(fixture.Artifacts, name + ".png");
        await download.SaveAsAsync(path);
        Assert.Null(await download.FailureAsync());
        Assert.Equal("huayang-map.png", download.SuggestedFilename);
        var bytes = await File.ReadAllBytesAsync(path);
        Assert.True(bytes.Length > 24 && bytes.AsSpan(0, 8).SequenceEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }), $"{name}: the download is not a PNG");
        var (pngWidth, pngHeight) = (System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16, 4)), System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20, 4)));
        Assert.True(pngWidth == width && pngHeight == height, $"{name}: {pngWidth}×{pngHeight}, the map is {width}×{height}");
        return bytes;
    }

    public Task<byte[]> MapScreenshotAsync(BrowserFixture fixture, string name) =>
        Map.ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(fixture.Artifacts, name + ".png") });

    public async Task<int> DifferingPixelsAsync(byte[] first, byte[] second)
    {
        var differing = await Page.EvaluateAsync<int>(PixelDifferenceScript, new[] { Convert.ToBase64String(first), Convert.ToBase64String(second) });
        return differing >= 0 ? differing : throw new InvalidOperationException("the two screenshots differ in size: the map was resized between them");
    }

    /// <summary>The red, green and blue of one pixel of a PNG screenshot, decoded by the browser.</summary>
    public async Task<(int R, int G, int B)> PixelAsync(byte[] png, int x, int y)
    {
        var rgb = await Page.EvaluateAsync<int[]>(PixelScript, new object[] { Convert.ToBase64String(png), x, y });
        return (rgb[0], rgb[1], rgb[2]);
    }

    private const string PixelScript = """
        async ([png, x, y]) => {
          const bytes = Uint8Array.from(atob(png), (c) => c.charCodeAt(0));
          const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
          const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
          const context = canvas.getContext('2d');
          context.drawImage(bitmap, 0, 0);
          return Array.from(context.getImageData(x, y, 1, 1).data.slice(0, 3));
        }
        """;

    public async ValueTask DisposeAsync()
    {
        await _context.CloseAsync();
    }
}
