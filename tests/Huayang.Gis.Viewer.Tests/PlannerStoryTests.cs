using System.Globalization;
using System.Text.Json;
using System.Web;
using Huayang.Gis.Viewer.Tests.Support;
using Microsoft.Playwright;

namespace Huayang.Gis.Viewer.Tests;

/// <summary>
/// Issue 14's "done when", as one planner does it: opens a shared link, sees the coverage of existing kindergartens by
/// walking with the method stated, finds a community by name, reads its figures in plain language, and exports exactly
/// that map (the theme's question, the view, the map's size) as a PNG. Every figure is the server's own answer.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PlannerStoryTests(BrowserFixture fixture)
{
    private const string Community = "zhengxi";

    [SkippableFact]
    public async Task A_planner_opens_a_shared_link_finds_a_community_reads_its_figures_and_exports_that_map()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        using var http = new HttpClient { BaseAddress = fixture.Server.BaseAddress };
        var answer = JsonDocument.Parse(await http.GetStringAsync(
            "analysis/coverage?category=kindergarten&level=5min&status=existing&method=network")).RootElement;
        var row = answer.GetProperty("communities").EnumerateArray().Single(c => c.GetProperty("community_id").GetString() == Community);
        var name = row.GetProperty("name_zh").GetString()!;
        string Whole(double share) => (share * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";
        string Number(string field) => row.GetProperty(field).GetInt32().ToString("N0", CultureInfo.GetCultureInfo("zh-CN"));

        // The shared link: a view, the theme (existing kindergartens, 5 minutes, walking) and the language.
        await using var viewer = await ViewerPage.OpenAsync(fixture, "#map=13.50/104.05000/30.49000&theme=kindergarten/5min/existing/network&lang=zh");
        var page = viewer.Page;
        var box = page.Locator("#coverage-box");
        await Assertions.Expect(box).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(box.Locator(".coverage-box-method")).ToHaveTextAsync("步行网络距离：300 米（5 分钟，步行速度 67 米/分钟）");
        await Assertions.Expect(box.Locator(".coverage-box-sites")).ToContainTextAsync("仅现状设施");
        await Assertions.Expect(box.Locator(".coverage-box-total")).ToContainTextAsync(Whole(answer.GetProperty("total").GetProperty("covered_share").GetDouble()));
        await viewer.RenderedAsync();
        await viewer.MapScreenshotAsync(fixture, "story-shared-link");

        // Finds the community by its name: the first result, and its popup in plain language.
        await page.Locator("#search").FillAsync(name);
        var first = page.Locator("#search-results [role=option]").First;
        await Assertions.Expect(first).ToContainTextAsync(name);
        await first.ClickAsync();
        var popup = page.Locator("#popup");
        await Assertions.Expect(popup.Locator(".popup-name-zh")).ToHaveTextAsync(name);
        var text = await popup.InnerTextAsync();
        Assert.Contains($"{Number("covered_population")} / {Number("population")} 人（{Whole(row.GetProperty("covered_share").GetDouble())}）", text, StringComparison.Ordinal);
        var walk = Math.Round(row.GetProperty("nearest_site_walk_m").GetDouble()).ToString("N0", CultureInfo.GetCultureInfo("zh-CN"));
        Assert.Contains($"最近的幼儿园步行 {walk} 米", text, StringComparison.Ordinal);
        Assert.DoesNotContain(Community, text, StringComparison.Ordinal);
        await viewer.RenderedAsync();
        await viewer.MapScreenshotAsync(fixture, "story-community-popup");

        // Exports that map: the picture asks the theme's question for the view on the screen, at the map's size.
        var mapBox = (await viewer.Map.BoundingBoxAsync())!;
        var request = await page.RunAndWaitForRequestAsync(() => page.Locator("#export-png").ClickAsync(), r => r.Url.Contains("map.png", StringComparison.Ordinal));
        var query = HttpUtility.ParseQueryString(new Uri(request.Url).Query);
        Assert.Equal(("coverage", "kindergarten", "5min", "existing", "network"), (query["theme"], query["category"], query["level"], query["status"], query["method"]));
        Assert.Equal(((int)Math.Round(mapBox.Width)).ToString(CultureInfo.InvariantCulture), query["width"]);
        // The box is the view: its north-west corner is the map's top-left pixel, its south-east corner the bottom-right.
        var bbox = query["bbox"]!.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        var topLeft = await page.EvaluateAsync<double[]>("([lon, lat]) => window.huayangViewerTestHooks.pixelOf(lon, lat)", new[] { bbox[0], bbox[3] });
        var bottomRight = await page.EvaluateAsync<double[]>("([lon, lat]) => window.huayangViewerTestHooks.pixelOf(lon, lat)", new[] { bbox[2], bbox[1] });
        Assert.True(Math.Abs(topLeft[0]) < 1 && Math.Abs(topLeft[1]) < 1, $"the box's north-west corner is at pixel {topLeft[0]:0.0},{topLeft[1]:0.0}");
        Assert.True(Math.Abs(bottomRight[0] - mapBox.Width) < 1 && Math.Abs(bottomRight[1] - mapBox.Height) < 1,
            $"the box's south-east corner is at pixel {bottomRight[0]:0.0},{bottomRight[1]:0.0} of a {mapBox.Width}×{mapBox.Height} map");
        var exported = await viewer.DownloadExportAsync(fixture, "story-export", (int)Math.Round(mapBox.Width), (int)Math.Round(mapBox.Height));
        // The theme is in the picture: the same view without it is another picture (ViewerTests checks the classes' shares).
        foreach (var parameter in new[] { "theme", "category", "level", "status", "method" })
        {
            query.Remove(parameter);
        }
        var plain = await http.GetByteArrayAsync(new UriBuilder(request.Url) { Query = query.ToString() }.Uri);
        Assert.True(await viewer.DifferingPixelsAsync(exported, plain) > 0.2 * mapBox.Width * mapBox.Height, "the exported picture is not coloured by the theme");
        Assert.Empty(viewer.Errors);
    }
}
