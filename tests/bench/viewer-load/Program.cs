using System.Diagnostics;
using System.Globalization;
using Microsoft.Playwright;

namespace Huayang.Gis.Bench.ViewerLoad;

/// <summary>
/// Opens the viewer of a running server in headless Chromium, once per run, each in a fresh browser context (empty
/// cache), and prints per run: the time from navigation until every layer has drawn (the viewer's own
/// <c>performance.now()</c> when its first render completed), the wall time the driver saw, the requests and the bytes
/// transferred (headers and bodies); then the medians.
/// </summary>
/// <remarks>
/// <c>ViewerLoad &lt;server address&gt; [--runs N] [--chromium PATH] [--out FILE]</c>; the browser is
/// <c>/usr/bin/chromium</c> unless <c>--chromium</c> or <c>HUAYANG_CHROMIUM</c> says otherwise. Exit code 2 for bad
/// arguments, 1 when the viewer does not draw within a minute or a run loads less than 100 KB (it did not load).
/// </remarks>
internal static class Program
{
    private static readonly string[] ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private static async Task<int> Main(string[] args)
    {
        if (!TryParse(args, out var server, out var runs, out var chromium, out var outFile, out var problem))
        {
            await Console.Error.WriteLineAsync($"viewer-load: {problem}\nusage: ViewerLoad <server address, e.g. http://127.0.0.1:5000/> [--runs N] [--chromium PATH] [--out FILE]");
            return 2;
        }
        if (!File.Exists(chromium))
        {
            await Console.Error.WriteLineAsync($"viewer-load: no Chromium at {chromium} (apt-get install chromium, or --chromium PATH)");
            return 2;
        }

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = chromium, Headless = true, Args = ChromiumArgs });
        var results = new List<Run>();
        for (var i = 0; i < runs; i++)
        {
            try
            {
                var run = await MeasureAsync(browser, new Uri(server, "viewer/"));
                results.Add(run);
                Console.WriteLine(run.ToJson());
                // The checks the measurement made when it was a test: a run that did not load is no measurement.
                if (run.DrawnMs <= 0 || run.Bytes <= 100_000)
                {
                    await Console.Error.WriteLineAsync($"viewer-load: drawn at {run.DrawnMs} ms with only {run.Bytes} bytes: the bundle and tiles did not load");
                    return 1;
                }
            }
            catch (TimeoutException e)
            {
                await Console.Error.WriteLineAsync($"viewer-load: the viewer at {server}viewer/ did not draw within a minute: {e.Message}");
                return 1;
            }
        }

        var summary = string.Create(CultureInfo.InvariantCulture,
            $"{{\"runs\": {runs}, \"median_drawn_ms_after_navigation\": {Median(results.Select(r => r.DrawnMs)):0}, \"median_wall_ms\": {Median(results.Select(r => r.WallMs)):0}, \"requests\": {results[^1].Requests}, \"bytes\": {results[^1].Bytes}}}");
        Console.WriteLine(summary);
        if (outFile is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outFile))!);
            await File.WriteAllLinesAsync(outFile, [.. results.Select(r => r.ToJson()), summary]);
        }
        return 0;
    }

    /// <summary>One load of the viewer in a fresh context (nothing cached).</summary>
    private static async Task<Run> MeasureAsync(IBrowser browser, Uri viewer)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 860 } });
        try
        {
            var page = await context.NewPageAsync();
            var sizes = new List<Task<RequestSizesResult>>();
            page.RequestFinished += (_, request) =>
            {
                lock (sizes)
                {
                    sizes.Add(request.SizesAsync());
                }
            };
            var clock = Stopwatch.StartNew();
            await page.GotoAsync(viewer.ToString());
            await page.WaitForFunctionAsync("() => window.huayangViewerTestHooks && window.huayangViewerTestHooks.drawn === true", null,
                new PageWaitForFunctionOptions { Timeout = 60_000 });
            var wall = clock.Elapsed;
            var drawnAt = await page.EvaluateAsync<double>("() => window.huayangViewerTestHooks.drawnAtMs");
            Task<RequestSizesResult>[] pending;
            lock (sizes)
            {
                pending = [.. sizes];
            }
            var finished = await Task.WhenAll(pending);
            return new Run(drawnAt, wall.TotalMilliseconds, finished.Length, finished.Sum(s => (long)s.ResponseBodySize + s.ResponseHeadersSize));
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static bool TryParse(string[] args, out Uri server, out int runs, out string chromium, out string? outFile, out string problem)
    {
        Uri? address = null;
        runs = 5;
        chromium = Environment.GetEnvironmentVariable("HUAYANG_CHROMIUM") is { Length: > 0 } fromEnvironment ? fromEnvironment : "/usr/bin/chromium";
        outFile = null;
        problem = "";
        for (var i = 0; i < args.Length; i++)
        {
            var option = args[i];
            if (option is "--runs" or "--chromium" or "--out")
            {
                var value = i + 1 < args.Length ? args[++i] : null;
                if (value is null || (option == "--runs" && !(int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out runs) && runs >= 1)))
                {
                    problem = $"{option} needs {(option == "--runs" ? "a whole number from 1" : "a value")}, not '{value}'";
                    server = null!;
                    return false;
                }
                if (option == "--chromium")
                {
                    chromium = value;
                }
                else if (option == "--out")
                {
                    outFile = value;
                }
                continue;
            }
            if (address is not null || !Uri.TryCreate(option.EndsWith('/') ? option : option + "/", UriKind.Absolute, out address)
                || address.Scheme is not ("http" or "https"))
            {
                problem = $"unknown argument '{option}'";
                server = null!;
                return false;
            }
        }
        server = address!;
        if (address is null)
        {
            problem = "the server's address is missing";
            return false;
        }
        return true;
    }

    private sealed record Run(double DrawnMs, double WallMs, int Requests, long Bytes)
    {
        public string ToJson() => string.Create(CultureInfo.InvariantCulture,
            $"{{\"drawn_ms_after_navigation\": {DrawnMs:0}, \"wall_ms\": {WallMs:0}, \"requests\": {Requests}, \"bytes\": {Bytes}}}");
    }
}
