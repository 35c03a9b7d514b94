using System.Text.Json;
using Huayang.Gis.Tests;
using Huayang.Gis.Viewer.Tests.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Huayang.Gis.Viewer.Tests;

/// <summary>
/// A layer declared by data (<see cref="DeclaredLayerData"/>: <c>bus_stops</c>, four points in #D55E00) reaches the
/// viewer with no code that knows it: it is listed with its titles, drawn, has popups and goes into the export.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DeclaredLayerViewerTests(BrowserFixture fixture, ITestOutputHelper output)
{
    /// <summary>The declaration's colour, #D55E00.</summary>
    private static readonly (int R, int G, int B) StopColour = (0xD5, 0x5E, 0x00);

    [SkippableFact]
    public async Task A_declared_layer_is_listed_drawn_has_popups_and_is_exported()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        using var data = DeclaredLayerData.Create();
        await using var server = await ServerProcess.StartAsync(
            new Dictionary<string, string> { ["Data__Directory"] = data.Directory }, readyPath: "viewer/");
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        var list = await GetJsonAsync(http, "map/layers.json");
        var drawnByRenderer = list.GetProperty("layers").EnumerateArray()
            .Where(l => l.GetProperty("drawn").GetBoolean()).Select(l => l.GetProperty("name").GetString()!).ToList();
        Assert.Contains("bus_stops", drawnByRenderer);

        await using var viewer = await ViewerPage.OpenAsync(fixture, server.BaseAddress);

        // Listed in the layer switcher with its titles, in the language chosen.
        var title = viewer.Page.Locator("label[for=layer-toggle-bus_stops]");
        await Assertions.Expect(title).ToHaveTextAsync("公交站");
        await Assertions.Expect(viewer.Page.Locator("#legend")).ToContainTextAsync("公交站");
        await viewer.Page.Locator("#lang-en").ClickAsync();
        await Assertions.Expect(title).ToHaveTextAsync("Bus stops");
        await Assertions.Expect(viewer.Page.Locator("#legend")).ToContainTextAsync("Bus stops");
        await viewer.Page.Locator("#lang-zh").ClickAsync();
        await Assertions.Expect(title).ToHaveTextAsync("公交站");

        // Drawn: each stop is a rendered feature of the layer at its position, and the pixel there is the layer's colour.
        var (centreLon, centreLat) = (DeclaredLayerData.Stops.Average(s => s.Lon), DeclaredLayerData.Stops.Average(s => s.Lat));
        await viewer.SetViewAsync(centreLon, centreLat, 14.5);
        var shot = await viewer.MapScreenshotAsync(fixture, "declared-bus-stops");
        foreach (var stop in DeclaredLayerData.Stops)
        {
            var pixel = await viewer.Page.EvaluateAsync<double[]>("([lon, lat]) => window.huayangViewerTestHooks.pixelOf(lon, lat)", new[] { stop.Lon, stop.Lat });
            var rendered = await viewer.Page.EvaluateAsync<string[]>(RenderedIdsScript, new object[] { pixel[0], pixel[1], "bus_stops" });
            Assert.Equal([stop.Id], rendered);
            var actual = await viewer.PixelAsync(shot, (int)Math.Round(pixel[0]), (int)Math.Round(pixel[1]));
            output.WriteLine($"{stop.Id} at {pixel[0]:0},{pixel[1]:0}: drawn {actual}, declared {StopColour}");
            Assert.True(Distance(actual, StopColour) <= 12, $"{stop.Id}: drawn {actual}, the declaration says {StopColour} (#D55E00)");
        }
        await AssertLayerDrawsAsync(viewer, shot);

        // A popup on a stop shows its layer, names and routes.
        var first = DeclaredLayerData.Stops[0];
        await viewer.SetViewAsync(first.Lon, first.Lat, 17);
        await viewer.ClickMapAsync(first.Lon, first.Lat);
        var popup = viewer.Page.Locator("#popup");
        await Assertions.Expect(popup).ToBeVisibleAsync();
        await Assertions.Expect(popup.Locator(".popup-layer")).ToHaveTextAsync("公交站");
        await Assertions.Expect(popup.Locator(".popup-name-zh")).ToHaveTextAsync(first.NameZh);
        await Assertions.Expect(popup.Locator(".popup-name-en")).ToHaveTextAsync(first.NameEn);
        await Assertions.Expect(popup.Locator("tr[data-attribute=routes]")).ToContainTextAsync(first.Routes);
        await viewer.MapScreenshotAsync(fixture, "declared-bus-stop-popup");
        await viewer.Page.Locator("#popup-close").ClickAsync();

        // The export asks the renderer for the drawn layers, bus_stops among them, and the picture shows the stops. The
        // view puts the stops in the left two thirds, clear of the legend the picture draws at the right.
        await viewer.SetViewAsync(centreLon + 0.0075, centreLat, 14.5);
        // The button downloads the picture it asks /map.png for: the request says what was asked, the file is what the user gets.
        IDownload? download = null;
        var request = await viewer.Page.RunAndWaitForRequestAsync(
            async () => download = await viewer.Page.RunAndWaitForDownloadAsync(() => viewer.Page.Locator("#export-png").ClickAsync()),
            r => r.Url.Contains("/map.png?", StringComparison.Ordinal));
        var exportUri = new Uri(request.Url);
        output.WriteLine($"export: {exportUri}");
        var layers = System.Web.HttpUtility.ParseQueryString(exportUri.Query)["layers"];
        Assert.Equal(drawnByRenderer, layers?.Split(','));
        var exported = Path.Combine(fixture.Artifacts, "declared-export.png");
        await download!.SaveAsAsync(exported);
        var png = await File.ReadAllBytesAsync(exported);
        // Each stop is drawn in its colour where the picture's box puts it; the same picture without bus_stops has not
        // that colour there, so it comes from the stops and not from another layer.
        var withoutStops = new Uri(exportUri.ToString().Replace("%2Cbus_stops", "", StringComparison.Ordinal));
        Assert.NotEqual(exportUri, withoutStops);
        var reference = await http.GetByteArrayAsync(withoutStops);
        await File.WriteAllBytesAsync(Path.Combine(fixture.Artifacts, "declared-export-without-stops.png"), reference);
        var query = System.Web.HttpUtility.ParseQueryString(exportUri.Query);
        var box = query["bbox"]!.Split(',').Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var (width, height) = (int.Parse(query["width"]!, System.Globalization.CultureInfo.InvariantCulture), int.Parse(query["height"]!, System.Globalization.CultureInfo.InvariantCulture));
        var (minX, minY) = WebMercator(box[0], box[1]);
        var (maxX, maxY) = WebMercator(box[2], box[3]);
        foreach (var stop in DeclaredLayerData.Stops)
        {
            var (x, y) = WebMercator(stop.Lon, stop.Lat);
            var (px, py) = ((int)Math.Round((x - minX) / (maxX - minX) * width), (int)Math.Round((maxY - y) / (maxY - minY) * height));
            var drawn = await viewer.Page.EvaluateAsync<int>(NearestColourScript, new object[] { Convert.ToBase64String(png), px, py, 3, StopColour.R, StopColour.G, StopColour.B });
            var without = await viewer.Page.EvaluateAsync<int>(NearestColourScript, new object[] { Convert.ToBase64String(reference), px, py, 3, StopColour.R, StopColour.G, StopColour.B });
            output.WriteLine($"export: {stop.Id} at pixel {px},{py}: colour distance {drawn} with bus_stops, {without} without");
            Assert.True(drawn <= 24, $"{stop.Id}: no pixel near #D55E00 around {px},{py} of the exported picture (closest {drawn})");
            Assert.True(without > 60, $"{stop.Id}: the picture without bus_stops is already near #D55E00 around {px},{py} ({without})");
        }
        Assert.Empty(viewer.Errors);
    }

    /// <summary>The ids of the features a layer has drawn at a CSS pixel of the map.</summary>
    private const string RenderedIdsScript = """
        ([x, y, layerId]) => window.huayangViewerTestHooks.map
          .getFeaturesAtPixel([x, y], { hitTolerance: 1, layerFilter: (layer) => layer.get('id') === layerId })
          .map((feature) => String(feature.get('id') ?? feature.getId()))
        """;

    /// <summary>The smallest colour distance (sum of channel differences) to (r, g, b) within <c>radius</c> pixels of (x, y) of a PNG.</summary>
    private const string NearestColourScript = """
        async ([png, x, y, radius, r, g, b]) => {
          const bytes = Uint8Array.from(atob(png), (c) => c.charCodeAt(0));
          const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
          const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
          const context = canvas.getContext('2d');
          context.drawImage(bitmap, 0, 0);
          const data = context.getImageData(x - radius, y - radius, 2 * radius + 1, 2 * radius + 1).data;
          let best = Infinity;
          for (let i = 0; i < data.length; i += 4) {
            best = Math.min(best, Math.abs(data[i] - r) + Math.abs(data[i + 1] - g) + Math.abs(data[i + 2] - b));
          }
          return best;
        }
        """;

    /// <summary>EPSG:3857 metres of a WGS84 position (spherical Mercator, the export's CRS).</summary>
    private static (double X, double Y) WebMercator(double lon, double lat)
    {
        const double radius = 6378137;
        return (radius * lon * Math.PI / 180, radius * Math.Log(Math.Tan(Math.PI / 4 + lat * Math.PI / 360)));
    }

    /// <summary>Turning the layer off changes the map where the stops are.</summary>
    private async Task AssertLayerDrawsAsync(ViewerPage viewer, byte[] on)
    {
        var toggle = viewer.Page.Locator("#layer-toggle-bus_stops");
        await toggle.UncheckAsync();
        await viewer.RenderedAsync();
        var off = await viewer.MapScreenshotAsync(fixture, "declared-bus-stops-off");
        await toggle.CheckAsync();
        await viewer.RenderedAsync();
        var differing = await viewer.DifferingPixelsAsync(on, off);
        output.WriteLine($"bus_stops: {differing} pixels differ with the layer off");
        Assert.True(differing > 4 * 40, $"bus_stops: only {differing} pixels differ between on and off");
    }

    private static int Distance((int R, int G, int B) a, (int R, int G, int B) b) =>
        Math.Abs(a.R - b.R) + Math.Abs(a.G - b.G) + Math.Abs(a.B - b.B);

    private static async Task<JsonElement> GetJsonAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }
}
