using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Huayang.Gis.Viewer.Tests.Support;
using Microsoft.Playwright;

namespace Huayang.Gis.Viewer.Tests;

/// <summary>What the editing tests read of the server (through HttpClient, not the browser) and do in the viewer.</summary>
public sealed partial class EditingTests
{
    /// <summary>The ids of the sites OpenLayers drew (the tile layer, not the edit overlay) at a CSS pixel of the map.</summary>
    private const string DrawnSitesScript = """
        ([x, y]) => window.huayangViewerTestHooks.map
          .getFeaturesAtPixel([x, y], { hitTolerance: 3, layerFilter: (layer) => layer.get('id') === 'sites' })
          .map((feature) => String(feature.get('id') ?? feature.getId()))
        """;

    /// <summary>Counts from now on how often the key dialog opens (window.keyDialogOpened).</summary>
    private const string CountKeyDialogsScript = """
        () => {
          window.keyDialogOpened = 0;
          const dialog = document.getElementById('edit-key-dialog');
          new MutationObserver(() => { if (dialog.open) { window.keyDialogOpened++; } })
            .observe(dialog, { attributes: true, attributeFilter: ['open'] });
        }
        """;

    private sealed record Site(string Id, double Lon, double Lat, JsonElement Properties, string? ETag);

    private sealed record Change(long Seq, string Operation, string Key);

    /// <summary>A site as the server has it now, or null (404).</summary>
    private async Task<Site?> SiteAsync(string id)
    {
        using var client = server.Client();
        using var response = await client.GetAsync($"collections/sites/items/{Uri.EscapeDataString(id)}");
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        var feature = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var coordinates = feature.GetProperty("geometry").GetProperty("coordinates");
        return new Site(id, coordinates[0].GetDouble(), coordinates[1].GetDouble(), feature.GetProperty("properties").Clone(), response.Headers.ETag?.ToString());
    }

    private async Task<Site> ExistingSiteAsync(string id) => await SiteAsync(id) ?? throw new InvalidOperationException($"no site {id}");

    private async Task<List<Change>> HistoryAsync(string id)
    {
        using var client = server.Client();
        var history = JsonDocument.Parse(await client.GetStringAsync($"collections/sites/items/{Uri.EscapeDataString(id)}/history")).RootElement;
        return [.. history.GetProperty("changes").EnumerateArray()
            .Select(c => new Change(c.GetProperty("seq").GetInt64(), c.GetProperty("operation").GetString()!, c.GetProperty("key").GetString()!))];
    }

    /// <summary>
    /// The <paramref name="index"/>th of the bundled data's sites with no other site within 150 m (in id order), as the
    /// server has it now: a click or a drag on one finds only it. The list is of the data as loaded, not as edited, and
    /// each test edits its own (another index), so no test sees another's edits.
    /// </summary>
    private async Task<Site> LonelySiteAsync(int index)
    {
        using var file = File.OpenRead(Path.Combine(Huayang.Gis.Tests.RepositoryRoot.DataDirectory, "sites.geojson"));
        var sites = JsonDocument.Parse(file).RootElement.GetProperty("features").EnumerateArray().Select(f =>
        {
            var c = f.GetProperty("geometry").GetProperty("coordinates");
            return (Id: f.GetProperty("id").GetString()!, Lon: c[0].GetDouble(), Lat: c[1].GetDouble());
        }).ToList();
        var lonely = sites.Where(s => sites.All(o => o.Id == s.Id || Metres(s.Lon, s.Lat, o.Lon, o.Lat) > 150))
            .Select(s => s.Id).Order(StringComparer.Ordinal).ToList();
        return await ExistingSiteAsync(lonely[index]);
    }

    /// <summary>Great-circle distance in metres (haversine on the mean Earth radius).</summary>
    private static double Metres(double lon1, double lat1, double lon2, double lat2)
    {
        const double r = 6371008.8;
        double Rad(double d) => d * Math.PI / 180;
        var a = Math.Pow(Math.Sin(Rad(lat2 - lat1) / 2), 2) + Math.Cos(Rad(lat1)) * Math.Cos(Rad(lat2)) * Math.Pow(Math.Sin(Rad(lon2 - lon1) / 2), 2);
        return 2 * r * Math.Asin(Math.Sqrt(a));
    }

    /// <summary>A position <paramref name="east"/> and <paramref name="north"/> metres from another.</summary>
    private static (double Lon, double Lat) Offset(double lon, double lat, double east, double north) =>
        (lon + east / (111_320 * Math.Cos(lat * Math.PI / 180)), lat + north / 111_320);

    /// <summary>Sends a merge patch through the API as <c>bob</c> with the feature's current ETag; fails unless 204.</summary>
    private async Task PatchAsBobAsync(string id, string patch)
    {
        var current = await ExistingSiteAsync(id);
        using var client = server.Client(EditingServer.BobKey);
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"collections/sites/items/{Uri.EscapeDataString(id)}")
        {
            Content = new StringContent(patch, Encoding.UTF8, "application/merge-patch+json"),
        };
        request.Headers.TryAddWithoutValidation("If-Match", current.ETag);
        using var response = await client.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.NoContent, $"PATCH {id} as bob: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Adds a site through the API as <c>bob</c>; its id.</summary>
    private async Task<string> PostAsBobAsync(object feature)
    {
        using var client = server.Client(EditingServer.BobKey);
        using var response = await client.PostAsync("collections/sites/items", JsonContent.Create(feature, new System.Net.Http.Headers.MediaTypeHeaderValue("application/geo+json")));
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST as bob: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return Uri.UnescapeDataString(response.Headers.Location!.Segments[^1]);
    }

    private async Task<ViewerPage> OpenAsync(string query = "")
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        Skip.If(server.SkipReason is not null, server.SkipReason);
        return await ViewerPage.OpenAsync(fixture, server.Server.BaseAddress, query);
    }

    /// <summary>Switches editing on and enters <paramref name="key"/> in the dialog that asks for it.</summary>
    private static async Task StartEditingAsync(ViewerPage viewer, string key)
    {
        var page = viewer.Page;
        await page.Locator("#edit-toggle").ClickAsync(new LocatorClickOptions { Timeout = 20_000 });
        await page.Locator("#edit-key-dialog[open]").WaitForAsync();
        await page.Locator("#edit-key-input").FillAsync(key);
        await page.Locator("#edit-key-ok").ClickAsync();
        await page.Locator("#edit-bar:not([hidden])").WaitForAsync();
    }

    /// <summary>Centres the map on a site at zoom 17, clicks it and waits until the form shows it.</summary>
    private static async Task SelectAsync(ViewerPage viewer, Site site)
    {
        await viewer.SetViewAsync(site.Lon, site.Lat, 17);
        await viewer.ClickMapAsync(site.Lon, site.Lat);
        await viewer.Page.Locator("#edit-form:not([hidden])").WaitForAsync();
        await viewer.Page.WaitForFunctionAsync(
            "(name) => document.getElementById('edit-field-name_en')?.value === name", site.Properties.GetProperty("name_en").GetString());
    }

    /// <summary>Waits until the edit bar's status contains <paramref name="text"/>.</summary>
    private static Task StatusAsync(ViewerPage viewer, string text) =>
        viewer.Page.WaitForFunctionAsync("(text) => document.getElementById('edit-status').textContent.includes(text)", text,
            new PageWaitForFunctionOptions { Timeout = 20_000 });

    /// <summary>
    /// Waits until the server's history of a site has <paramref name="changes"/> entries and the edit bar then says
    /// "Saved" (the bar says so only after the write; before, it said "Saving").
    /// </summary>
    private async Task SavedAsync(ViewerPage viewer, string id, int changes)
    {
        Assert.True(await EventuallyAsync(async () => (await HistoryAsync(id)).Count == changes), $"{id} has not {changes} changes");
        await viewer.Page.WaitForFunctionAsync("() => document.getElementById('edit-status').textContent.startsWith('Saved')");
    }

    /// <summary>Whether the tile layer draws <paramref name="id"/> at a position, once it has finished drawing.</summary>
    private static async Task<bool> DrawnAtAsync(ViewerPage viewer, string id, double lon, double lat)
    {
        await viewer.RenderedAsync();
        var pixel = await viewer.Page.EvaluateAsync<double[]>("([lon, lat]) => window.huayangViewerTestHooks.pixelOf(lon, lat)", new[] { lon, lat });
        var ids = await viewer.Page.EvaluateAsync<string[]>(DrawnSitesScript, pixel);
        return ids.Contains(id);
    }

    /// <summary>Waits (up to 15 s) until <paramref name="condition"/> holds; false when it never did.</summary>
    private static async Task<bool> EventuallyAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(200);
        }

        return await condition();
    }

    /// <summary>Fails on console errors and failed requests other than the refusals the test caused (the 4xx it names).</summary>
    private static void NoUnexpectedErrors(ViewerPage viewer, params int[] refusals)
    {
        List<string> unexpected;
        lock (viewer.Errors)
        {
            unexpected = [.. viewer.Errors.Where(e => !refusals.Any(s => e.Contains(string.Create(CultureInfo.InvariantCulture, $"status of {s}"), StringComparison.Ordinal)))];
        }

        Assert.True(unexpected.Count == 0, string.Join("\n", unexpected));
    }

    private Task ScreenshotAsync(ViewerPage viewer, string name) =>
        viewer.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(fixture.Artifacts, name + ".png") });
}
