using System.Globalization;
using System.Text.Json;
using Huayang.Gis.Viewer.Tests.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Huayang.Gis.Viewer.Tests;

/// <summary>The viewer at /viewer/ in headless Chromium against the real server and the bundled data.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ViewerTests(BrowserFixture fixture, ITestOutputHelper output)
{
    private const string KnownSite = "site-nanhu-kindergarten-1";

    /// <summary>A position in Nanhu community whose nearest sites are well apart (245 m, 376 m, ...).</summary>
    private const double NearestLon = 104.05;
    private const double NearestLat = 30.49;

    [SkippableFact]
    public async Task Loads_without_errors_and_every_layer_draws()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        await using var viewer = await ViewerPage.OpenAsync(fixture);
        await viewer.MapScreenshotAsync(fixture, "initial-zh");
        await viewer.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(fixture.Artifacts, "page-zh.png"), FullPage = true });
        // The legend names the plan's zones (as the pictures do), not "zone 1/2/3".
        var legend = viewer.Page.Locator("#legend");
        foreach (var zone in new[] { "国际教育与人才片区", "文化艺术片区", "健康运动片区" })
        {
            await Assertions.Expect(legend).ToContainTextAsync(zone);
        }

        foreach (var layer in new[] { "water", "communities", "roads", "plan", "sites" })
        {
            await AssertLayerDrawsAsync(viewer, layer);
        }
        // Walkways show from zoom 14 on.
        await viewer.SetViewAsync(NearestLon, NearestLat, 16);
        await AssertLayerDrawsAsync(viewer, "walkways");

        Assert.Empty(viewer.Errors);
    }

    [SkippableFact]
    public async Task Clicking_a_known_site_opens_its_popup_with_both_names()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        var site = await GetJsonAsync($"collections/sites/items/{KnownSite}");
        var coordinates = site.GetProperty("geometry").GetProperty("coordinates");
        var (lon, lat) = (coordinates[0].GetDouble(), coordinates[1].GetDouble());
        var properties = site.GetProperty("properties");
        await using var viewer = await ViewerPage.OpenAsync(fixture);

        await viewer.SetViewAsync(lon, lat, 17);
        await viewer.ClickMapAsync(lon, lat);

        var popup = viewer.Page.Locator("#popup");
        await Assertions.Expect(popup).ToBeVisibleAsync();
        await Assertions.Expect(popup.Locator(".popup-name-zh")).ToHaveTextAsync(properties.GetProperty("name_zh").GetString()!);
        await Assertions.Expect(popup.Locator(".popup-name-en")).ToHaveTextAsync(properties.GetProperty("name_en").GetString()!);
        await Assertions.Expect(popup).ToContainTextAsync("幼儿园");
        await viewer.MapScreenshotAsync(fixture, "popup-site");
        Assert.Empty(viewer.Errors);
    }

    [SkippableFact]
    public async Task Nearest_tool_lists_the_sites_the_server_reports()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        var expected = await GetJsonAsync(string.Create(CultureInfo.InvariantCulture,
            $"analysis/nearest?lon={NearestLon}&lat={NearestLat}&k=5"));
        await using var viewer = await ViewerPage.OpenAsync(fixture);
        await viewer.SetViewAsync(NearestLon, NearestLat, 16);
        var before = await viewer.MapScreenshotAsync(fixture, "nearest-before");

        await viewer.Page.Locator("#nearest-mode").CheckAsync();
        await viewer.ClickMapAsync(NearestLon, NearestLat);

        var items = viewer.Page.Locator("#nearest-list li");
        await Assertions.Expect(items).ToHaveCountAsync(5);
        var first = expected[0];
        await Assertions.Expect(items.First).ToHaveAttributeAsync("data-site-id", first.GetProperty("id").GetString()!);
        await Assertions.Expect(items.First).ToContainTextAsync(first.GetProperty("name_zh").GetString()!);
        await Assertions.Expect(items.First).ToContainTextAsync(first.GetProperty("distance_m").GetDouble().ToString("0", CultureInfo.InvariantCulture));
        await viewer.RenderedAsync();
        var after = await viewer.MapScreenshotAsync(fixture, "nearest-lines");
        Assert.True(await viewer.DifferingPixelsAsync(before, after) > 200, "the lines to the nearest sites were not drawn");
        Assert.Empty(viewer.Errors);
    }

    [SkippableFact]
    public async Task Coverage_theme_colours_the_communities_and_shows_a_graduated_legend()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        await using var viewer = await ViewerPage.OpenAsync(fixture);
        var before = await viewer.MapScreenshotAsync(fixture, "coverage-before");

        await viewer.Page.Locator("#coverage-category").SelectOptionAsync("kindergarten");
        await viewer.Page.Locator("#coverage-level").SelectOptionAsync("5min");
        await viewer.Page.Locator("#coverage-apply").ClickAsync();

        var legend = viewer.Page.Locator(".legend-coverage");
        await Assertions.Expect(legend).ToBeVisibleAsync();
        await Assertions.Expect(legend.Locator("li")).ToHaveCountAsync(6);
        await Assertions.Expect(viewer.Page.Locator("#coverage-total")).ToContainTextAsync("%");
        await viewer.RenderedAsync();
        var after = await viewer.MapScreenshotAsync(fixture, "coverage-kindergarten-5min");
        var changed = await viewer.DifferingPixelsAsync(before, after);
        var box = await viewer.Map.BoundingBoxAsync();
        Assert.True(changed > box!.Width * box.Height * 0.2, $"only {changed} pixels changed when the theme was applied");
        Assert.Empty(viewer.Errors);
    }

    [SkippableFact]
    public async Task Language_switch_changes_the_interface_and_the_map_labels()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        await using var viewer = await ViewerPage.OpenAsync(fixture);
        await viewer.SetViewAsync(NearestLon, NearestLat, 15);
        await Assertions.Expect(viewer.Page.Locator("#title")).ToHaveTextAsync("华阳街道规划地图");
        await Assertions.Expect(viewer.Page.Locator("label[for=layer-toggle-sites]")).ToHaveTextAsync("公共服务设施");
        var chinese = await viewer.MapScreenshotAsync(fixture, "labels-zh");

        await viewer.Page.Locator("#lang-en").ClickAsync();

        await Assertions.Expect(viewer.Page.Locator("#title")).ToHaveTextAsync("Huayang Street planning map");
        await Assertions.Expect(viewer.Page.Locator("label[for=layer-toggle-sites]")).ToHaveTextAsync("Public service sites");
        await Assertions.Expect(viewer.Page.Locator("#search")).ToHaveAttributeAsync("placeholder", "Search a site or community (Chinese or English)");
        await Assertions.Expect(viewer.Page.Locator("#legend")).ToContainTextAsync("Kindergarten");
        await viewer.RenderedAsync();
        var english = await viewer.MapScreenshotAsync(fixture, "labels-en");
        var differing = await viewer.DifferingPixelsAsync(chinese, english);
        Assert.True(differing > 500, $"only {differing} pixels changed: the map labels did not change language");
        Assert.Empty(viewer.Errors);
    }

    [SkippableTheory]
    [InlineData("南湖幼儿园", "Nanhu Kindergarten")]
    [InlineData("baimasi", "白马寺社区")]
    public async Task Search_by_Chinese_or_English_name_zooms_to_the_feature(string query, string shownName)
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        await using var viewer = await ViewerPage.OpenAsync(fixture);

        await viewer.Page.Locator("#search").FillAsync(query);
        await viewer.Page.Locator("#search-results button").First.ClickAsync();

        await Assertions.Expect(viewer.Page.Locator("#popup")).ToContainTextAsync(shownName);
        var zoom = await viewer.Page.EvaluateAsync<double>("() => window.huayangViewerTestHooks.map.getView().getZoom()");
        Assert.True(zoom > 14, $"the map stayed at zoom {zoom}");
        Assert.Empty(viewer.Errors);
    }

    [SkippableFact]
    public async Task Mouse_position_shows_WGS84_and_CGCS2000_GK_105E()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        await using var viewer = await ViewerPage.OpenAsync(fixture);
        await viewer.SetViewAsync(NearestLon, NearestLat, 18);
        var (x, y) = await viewer.PagePointAsync(NearestLon, NearestLat);

        await viewer.Page.Mouse.MoveAsync(x, y);

        await Assertions.Expect(viewer.Page.Locator("#mouse-wgs84")).ToContainTextAsync("104.0500");
        var plane = await viewer.Page.Locator("#mouse-cgcs2000").TextContentAsync();
        var match = System.Text.RegularExpressions.Regex.Match(plane!, @"^E (\d+\.\d) m, N (\d+\.\d) m$");
        Assert.True(match.Success, plane);
        // cs2cs +proj=longlat +ellps=GRS80 +to +proj=tmerc +lon_0=105 +x_0=500000 +ellps=GRS80: 104.05 30.49 -> 408789.6 3374816.8
        Assert.Equal(408789.6, double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), 3.0);
        Assert.Equal(3374816.8, double.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture), 3.0);
    }

    [SkippableFact]
    public async Task Export_downloads_a_png_of_the_view_with_its_layers_and_theme()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        var style = await GetJsonAsync("map/style.json");
        var site = await GetJsonAsync($"collections/sites/items/{KnownSite}");
        var coordinates = site.GetProperty("geometry").GetProperty("coordinates");
        var (lon, lat) = (coordinates[0].GetDouble(), coordinates[1].GetDouble());
        var kindergarten = ParseColour(style.GetProperty("sites").GetProperty("categories").GetProperty("kindergarten").GetProperty("color").GetString()!);
        // The theme's classes as they look on the map: the ramp at the fill alpha over the background.
        var alpha = style.GetProperty("coverage").GetProperty("fillAlpha").GetDouble() / 255;
        var background = ParseColour(style.GetProperty("background").GetString()!);
        var ramp = style.GetProperty("coverage").GetProperty("ramp").EnumerateArray()
            .Select(c => ParseColour(c.GetString()!))
            .Select(c => ((int)Math.Round(c.Item1 * alpha + background.Item1 * (1 - alpha)), (int)Math.Round(c.Item2 * alpha + background.Item2 * (1 - alpha)),
                (int)Math.Round(c.Item3 * alpha + background.Item3 * (1 - alpha))))
            .ToList();
        await using var viewer = await ViewerPage.OpenAsync(fixture);
        await viewer.Page.SetViewportSizeAsync(1440, 900);
        await viewer.SetViewAsync(lon, lat, 15);
        var map = (await viewer.Map.BoundingBoxAsync())!;
        var (width, height) = ((int)Math.Round(map.Width), (int)Math.Round(map.Height));
        var centre = await viewer.Page.EvaluateAsync<double[]>("([lon, lat]) => window.huayangViewerTestHooks.pixelOf(lon, lat)", new[] { lon, lat });
        var (x, y) = ((int)Math.Round(centre[0]), (int)Math.Round(centre[1]));
        int[] around = [x - 4, y - 4, x + 5, y + 5];

        // Without a theme: the view's layers, the known site where the map shows it, none of the theme's colours.
        var plain = await viewer.DownloadExportAsync(fixture, "export-plain", width, height);
        var plainSite = await ViewerFixTests.CountColourAsync(viewer, plain, around, kindergarten, 40);
        Assert.True(plainSite >= 6, $"the exported picture has {plainSite} pixels of the kindergarten's colour at {x},{y}, where the map shows it");
        var plainShares = await ClassSharesAsync(viewer, plain, ramp, width, height);
        Assert.True(plainShares.Sum() < 0.005, $"the theme's colours cover {plainShares.Sum():P1} of a picture exported without a theme");

        // With the kindergarten theme on: the theme's colours, in the proportions the map shows.
        await viewer.Page.Locator("#coverage-category").SelectOptionAsync("kindergarten");
        await viewer.Page.Locator("#coverage-level").SelectOptionAsync("5min");
        await viewer.Page.Locator("#coverage-apply").ClickAsync();
        await Assertions.Expect(viewer.Page.Locator(".legend-coverage")).ToBeVisibleAsync();
        await viewer.RenderedAsync();
        var shown = await viewer.MapScreenshotAsync(fixture, "export-theme-view");
        var themed = await viewer.DownloadExportAsync(fixture, "export-theme", width, height);
        var shownShares = await ClassSharesAsync(viewer, shown, ramp, width, height);
        var themedShares = await ClassSharesAsync(viewer, themed, ramp, width, height);
        output.WriteLine($"classes on the map {string.Join(" ", shownShares.Select(s => s.ToString("P1", CultureInfo.InvariantCulture)))}; "
            + $"in the picture {string.Join(" ", themedShares.Select(s => s.ToString("P1", CultureInfo.InvariantCulture)))}");
        Assert.True(themedShares.Sum() > 0.2, $"the theme's colours cover only {themedShares.Sum():P1} of the exported picture");
        Assert.Equal(shownShares.IndexOf(shownShares.Max()), themedShares.IndexOf(themedShares.Max()));
        Assert.True(await ViewerFixTests.CountColourAsync(viewer, themed, around, kindergarten, 40) >= 6, "the themed picture lost the site");

        // With the sites hidden they are not in the picture either.
        await viewer.Page.Locator("#layer-toggle-sites").UncheckAsync();
        var withoutSites = await viewer.DownloadExportAsync(fixture, "export-theme-no-sites", width, height);
        var hiddenSite = await ViewerFixTests.CountColourAsync(viewer, withoutSites, around, kindergarten, 40);
        Assert.True(hiddenSite == 0, $"the sites are hidden, yet the picture has {hiddenSite} pixels of the kindergarten's colour at the site");
        Assert.Empty(viewer.Errors);
    }

    [SkippableTheory]
    [InlineData(KnownSite)]                       // an existing kindergarten: filled in the category's colour
    [InlineData("site-baimasi-kindergarten-1")]   // a planned one: hollow (white inside)
    public async Task Site_symbols_take_their_colour_from_the_map_style(string siteId)
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        var style = await GetJsonAsync("map/style.json");
        var site = await GetJsonAsync($"collections/sites/items/{siteId}");
        var coordinates = site.GetProperty("geometry").GetProperty("coordinates");
        var (lon, lat) = (coordinates[0].GetDouble(), coordinates[1].GetDouble());
        var properties = site.GetProperty("properties");
        var category = properties.GetProperty("category").GetString()!;
        var planned = properties.GetProperty("status").GetString() == "planned";
        var hex = style.GetProperty("sites").GetProperty("categories").GetProperty(category).GetProperty("color").GetString()!;
        var expected = planned ? (255, 255, 255) : ParseColour(hex);
        await using var viewer = await ViewerPage.OpenAsync(fixture);

        await viewer.SetViewAsync(lon, lat, 17);
        var shot = await viewer.MapScreenshotAsync(fixture, $"site-colour-{siteId}");
        var pixel = await viewer.Page.EvaluateAsync<double[]>("([lon, lat]) => window.huayangViewerTestHooks.pixelOf(lon, lat)", new[] { lon, lat });
        var actual = await viewer.PixelAsync(shot, (int)Math.Round(pixel[0]), (int)Math.Round(pixel[1]));

        output.WriteLine($"{siteId} ({category}, {(planned ? "planned" : "existing")}): style {hex}, expected {expected}, drawn {actual}");
        var delta = Math.Abs(actual.R - expected.Item1) + Math.Abs(actual.G - expected.Item2) + Math.Abs(actual.B - expected.Item3);
        Assert.True(delta <= 12, $"{siteId}: drawn {actual}, the style says {expected} ({hex})");
        if (planned)
        {
            // Hollow: the edge is in the category's colour. Look for it along a line out from the centre.
            var colour = ParseColour(hex);
            var found = false;
            for (var dx = 3; dx <= 9 && !found; dx++)
            {
                var edge = await viewer.PixelAsync(shot, (int)Math.Round(pixel[0]) + dx, (int)Math.Round(pixel[1]));
                found = Math.Abs(edge.R - colour.Item1) + Math.Abs(edge.G - colour.Item2) + Math.Abs(edge.B - colour.Item3) <= 40;
            }
            Assert.True(found, $"{siteId}: no edge in {hex} around the hollow symbol");
        }
        Assert.Empty(viewer.Errors);
    }

    [SkippableFact]
    public async Task Without_the_map_style_a_banner_says_so_and_nothing_is_drawn_unstyled()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 860 } });
        try
        {
            var page = await context.NewPageAsync();
            await page.RouteAsync("**/map/style.json", route => route.FulfillAsync(new RouteFulfillOptions { Status = 503, Body = "down" }));
            await page.GotoAsync(new Uri(fixture.Server.BaseAddress, "viewer/").ToString());

            var banner = page.Locator("#style-error");
            await Assertions.Expect(banner).ToBeVisibleAsync();
            await Assertions.Expect(banner).ToContainTextAsync("/map/style.json");
            Assert.Equal(0, await page.EvaluateAsync<int>("() => Object.keys(window.huayangViewerTestHooks.layers).length"));
            Assert.False(await page.EvaluateAsync<bool>("() => window.huayangViewerTestHooks.drawn"));
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    private static (int, int, int) ParseColour(string hex)
    {
        var value = Convert.ToUInt32(hex[1..], 16);
        return ((int)((value >> 16) & 255), (int)((value >> 8) & 255), (int)(value & 255));
    }

    /// <summary>
    /// The share of a picture's pixels in each of the theme's classes. The fills are composed exactly (lossless PNG), so
    /// the tolerance is small: YlGnBu's second class lies within 16 (sum of channels) of the Health and Sports Zone's tint.
    /// </summary>
    private static async Task<List<double>> ClassSharesAsync(ViewerPage viewer, byte[] png, List<(int, int, int)> classes, int width, int height)
    {
        var shares = new List<double>();
        foreach (var colour in classes)
        {
            shares.Add(await ViewerFixTests.CountColourAsync(viewer, png, [0, 0, width, height], colour, 10) / (double)(width * height));
        }
        return shares;
    }

    private async Task AssertLayerDrawsAsync(ViewerPage viewer, string layer)
    {
        var toggle = viewer.Page.Locator($"#layer-toggle-{layer}");
        await viewer.RenderedAsync();
        var on = await viewer.MapScreenshotAsync(fixture, $"layer-{layer}-on");
        await toggle.UncheckAsync();
        await viewer.RenderedAsync();
        var off = await viewer.MapScreenshotAsync(fixture, $"layer-{layer}-off");
        await toggle.CheckAsync();
        var differing = await viewer.DifferingPixelsAsync(on, off);
        output.WriteLine($"{layer}: {differing} pixels differ with the layer off");
        Assert.True(differing > 300, $"layer {layer}: only {differing} pixels differ between on and off");
    }

    private async Task<JsonElement> GetJsonAsync(string path)
    {
        using var http = new HttpClient { BaseAddress = fixture.Server.BaseAddress };
        using var response = await http.GetAsync(path);
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }
}
