using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Web;
using Huayang.Gis.Viewer.Tests.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Huayang.Gis.Viewer.Tests;

/// <summary>
/// Issue 14, the coverage theme as a planner reads it: the sites counted (existing, or existing + planned), the method
/// (straight-line buffer or walking network) stated on the map, the categories GB 50180 requires marked, a
/// colour-blind-safe ramp, shares as labels, popups with the figures in plain language, the sortable table of the
/// communities with its CSV, and the theme kept in the link and the exported picture. Expected figures are the
/// server's own JSON answers. The viewer at 1440×900 in headless Chromium against the real server.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class CoverageThemeTests(BrowserFixture fixture, ITestOutputHelper output)
{
    /// <summary>ColorBrewer YlGnBu, 5 classes (sequential, colour-blind safe).</summary>
    private static readonly string[] YlGnBu = ["#FFFFCC", "#A1DAB4", "#41B6C4", "#2C7FB8", "#253494"];

    [SkippableFact]
    public async Task Existing_sites_are_counted_by_default_and_planned_ones_when_chosen()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        var existing = await CoverageAsync("kindergarten", "5min", "existing", "buffer");
        var all = await CoverageAsync("kindergarten", "5min", "all", "buffer");
        var (existingShare, allShare) = (Percent(existing), Percent(all));
        output.WriteLine($"kindergartens at 5 min: existing {existingShare}, existing + planned {allShare}");
        Assert.NotEqual(existingShare, allShare);

        await using var viewer = await OpenAsync();
        var page = viewer.Page;
        await Assertions.Expect(page.Locator("#coverage-status")).ToHaveValueAsync("existing");
        await ApplyAsync(page, "kindergarten", "5min");
        var box = page.Locator("#coverage-box");
        await Assertions.Expect(box).ToContainTextAsync(existingShare);
        await Assertions.Expect(box).ToContainTextAsync("仅现状设施");
        await Assertions.Expect(page.Locator("#coverage-total")).ToContainTextAsync(existingShare);
        await viewer.RenderedAsync();
        var first = await viewer.MapScreenshotAsync(fixture, "theme-existing");

        // Switching the sites counted applies the theme again: the planned sites' figure, on the map and in the link.
        await page.Locator("#coverage-status").SelectOptionAsync("all");
        await Assertions.Expect(box).ToContainTextAsync(allShare);
        await Assertions.Expect(box).ToContainTextAsync("现状 + 规划设施");
        await Assertions.Expect(box).Not.ToContainTextAsync(existingShare);
        await Assertions.Expect(page.Locator("#coverage-total")).ToContainTextAsync(allShare);
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("theme=kindergarten/5min/all/buffer"));
        await viewer.RenderedAsync();
        var second = await viewer.MapScreenshotAsync(fixture, "theme-existing-and-planned");
        Assert.True(await viewer.DifferingPixelsAsync(first, second) > 500, "the map looks the same with the planned sites counted");
        Assert.Empty(viewer.Errors);
    }

    [SkippableFact]
    public async Task The_method_distance_minutes_and_walking_speed_are_stated_on_the_map_in_both_languages()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        var network = await CoverageAsync("kindergarten", "5min", "existing", "network");
        var (radius, minutes, speed) = (network.GetProperty("radius_m").GetDouble(), network.GetProperty("minutes").GetInt32(),
            network.GetProperty("walking_speed_m_per_min").GetDouble());
        Assert.Equal("network", network.GetProperty("method").GetString());

        await using var viewer = await OpenAsync();
        var page = viewer.Page;
        await page.Locator("#coverage-method").SelectOptionAsync("network");
        await ApplyAsync(page, "kindergarten", "5min");
        var box = page.Locator("#coverage-box");
        await Assertions.Expect(box).ToContainTextAsync($"步行网络距离：{radius:0} 米（{minutes} 分钟，步行速度 {speed:0} 米/分钟）");
        await Assertions.Expect(box).ToContainTextAsync(Percent(network));
        await viewer.RenderedAsync();
        // Over the map, inside it, where the reader looks.
        var map = (await viewer.Map.BoundingBoxAsync())!;
        var shown = (await box.BoundingBoxAsync())!;
        Assert.True(shown.X >= map.X && shown.Y >= map.Y && shown.X + shown.Width <= map.X + map.Width && shown.Y + shown.Height <= map.Y + map.Height,
            $"the method's box {shown.X:0},{shown.Y:0} {shown.Width:0}×{shown.Height:0} is not over the map");
        await viewer.MapScreenshotAsync(fixture, "theme-network-zh");

        await page.Locator("#lang-en").ClickAsync();
        await Assertions.Expect(box).ToContainTextAsync($"Walking network: {radius:0} m ({minutes} min at a walking speed of {speed:0} m/min)");
        await Assertions.Expect(box).ToContainTextAsync("Existing sites only");
        await viewer.MapScreenshotAsync(fixture, "theme-network-en");

        await page.Locator("#coverage-method").SelectOptionAsync("buffer");
        var buffer = await CoverageAsync("kindergarten", "5min", "existing", "buffer");
        await Assertions.Expect(box).ToContainTextAsync("Straight-line buffer: 300 m");
        await Assertions.Expect(box).ToContainTextAsync(Percent(buffer));
        Assert.NotEqual(Percent(buffer), Percent(network));

        await page.Locator("#coverage-clear").ClickAsync();
        await Assertions.Expect(box).ToBeHiddenAsync();
        Assert.Empty(viewer.Errors);
    }

    [SkippableFact]
    public async Task The_categories_each_level_requires_are_marked_in_the_chooser()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        var standard = await GetJsonAsync("analysis/life-circles");
        var names = standard.GetProperty("categories").EnumerateArray().ToDictionary(c => c.GetProperty("id").GetString()!, c => c.GetProperty("name_zh").GetString()!);
        var levels = standard.GetProperty("levels").EnumerateArray()
            .Concat(standard.GetProperty("supplements").EnumerateArray().SelectMany(s => s.GetProperty("levels").EnumerateArray()))
            .ToList();
        Assert.True(levels.Count >= 5, $"{levels.Count} levels");

        await using var viewer = await OpenAsync();
        var page = viewer.Page;
        var levelOptions = await page.Locator("#coverage-level option").EvaluateAllAsync<string[]>("options => options.map(o => o.value)");
        Assert.Equal(levels.Select(l => l.GetProperty("id").GetString()!), levelOptions);
        foreach (var level in levels)
        {
            var id = level.GetProperty("id").GetString()!;
            await page.Locator("#coverage-level").SelectOptionAsync(id);
            var required = level.GetProperty("required_categories").EnumerateArray().Select(c => c.GetString()!).ToList();
            var marked = await page.Locator("#coverage-category optgroup").First.Locator("option").AllTextContentsAsync();
            Assert.Equal(names.Where(n => required.Contains(n.Key)).Select(n => "★ " + n.Value), marked);
            var unmarked = await page.Locator("#coverage-category optgroup").Nth(1).Locator("option").AllTextContentsAsync();
            Assert.Equal(names.Count - required.Count, unmarked.Count);
            Assert.DoesNotContain(unmarked, o => o.Contains('★'));
            var label = await page.Locator("#coverage-category optgroup").First.GetAttributeAsync("label");
            Assert.Contains(level.GetProperty("name_zh").GetString()!, label);
        }
        Assert.Empty(viewer.Errors);
    }

    [SkippableFact]
    public async Task The_share_ramp_is_YlGnBu_with_its_breaks_in_the_legend_and_on_the_map()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        var style = await GetJsonAsync("map/style.json");
        var coverage = style.GetProperty("coverage");
        Assert.Equal(YlGnBu, coverage.GetProperty("ramp").EnumerateArray().Select(c => c.GetString()!.ToUpperInvariant()));
        var breaks = coverage.GetProperty("breaks").EnumerateArray().Select(b => b.GetDouble()).ToList();
        var answer = await CoverageAsync("primary_school", "10min", "existing", "buffer");
        var classes = answer.GetProperty("communities").EnumerateArray()
            .Select(c => breaks.Count(b => c.GetProperty("covered_share").GetDouble() >= b)).ToHashSet();

        await using var viewer = await OpenAsync();
        await ApplyAsync(viewer.Page, "primary_school", "10min");
        var legend = await viewer.Page.Locator(".legend-coverage li").AllTextContentsAsync();
        var bounds = new[] { 0.0 }.Concat(breaks).Append(1.0).Select(b => Math.Round(b * 100)).ToList();
        for (var i = 0; i < YlGnBu.Length; i++)
        {
            Assert.Equal($"{bounds[i]}–{bounds[i + 1]}%", legend[i].Trim());
        }
        // The plan's zones, tinted over the communities, hidden: the classes' own colours show.
        await viewer.Page.Locator("#layer-toggle-plan").UncheckAsync();
        await viewer.RenderedAsync();
        var shot = await viewer.MapScreenshotAsync(fixture, "theme-ramp-primary-10min");
        var map = (await viewer.Map.BoundingBoxAsync())!;
        var alpha = coverage.GetProperty("fillAlpha").GetDouble() / 255;
        var background = Rgb(style.GetProperty("background").GetString()!);
        for (var i = 0; i < YlGnBu.Length; i++)
        {
            var ramp = Rgb(YlGnBu[i]);
            var blended = ((int)Math.Round(ramp.R * alpha + background.R * (1 - alpha)), (int)Math.Round(ramp.G * alpha + background.G * (1 - alpha)),
                (int)Math.Round(ramp.B * alpha + background.B * (1 - alpha)));
            var count = await ViewerFixTests.CountColourAsync(viewer, shot, [0, 0, (int)map.Width, (int)map.Height], blended, 24);
            output.WriteLine($"class {i} {YlGnBu[i]}: {count} pixels; communities in it: {classes.Contains(i)}");
            Assert.True(classes.Contains(i) ? count > 300 : count < 300, $"class {i} ({YlGnBu[i]}) has {count} pixels on the map");
        }
        Assert.Empty(viewer.Errors);
    }

    [SkippableFact]
    public async Task Each_community_is_labelled_with_its_share_on_the_map_and_in_the_export()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        var answer = await CoverageAsync("kindergarten", "5min", "existing", "network");
        var shares = answer.GetProperty("communities").EnumerateArray().ToDictionary(
            c => c.GetProperty("community_id").GetString()!, c => (Name: c.GetProperty("name_zh").GetString()!, Share: c.GetProperty("covered_share").GetDouble()));

        await using var viewer = await OpenAsync();
        var page = viewer.Page;
        Assert.DoesNotContain(await CommunityLabelsAsync(viewer), l => l.Text.Contains('%'));
        await page.Locator("#coverage-method").SelectOptionAsync("network");
        await ApplyAsync(page, "kindergarten", "5min");
        await viewer.RenderedAsync();
        var labels = await CommunityLabelsAsync(viewer);
        output.WriteLine(string.Join(", ", labels.Select(l => l.Text)));
        Assert.True(labels.Count >= 10, $"only {labels.Count} communities are labelled");
        foreach (var (id, text) in labels)
        {
            Assert.Equal($"{shares[id].Name} {Math.Round(shares[id].Share * 100).ToString(CultureInfo.InvariantCulture)}%", text.Replace("\n", " "));
        }
        await viewer.MapScreenshotAsync(fixture, "theme-share-labels");

        // The export asks for the same question (sites counted and method) and the renderer labels the same shares.
        var request = await page.RunAndWaitForRequestAsync(() => page.Locator("#export-png").ClickAsync(), r => r.Url.Contains("map.png", StringComparison.Ordinal));
        var query = HttpUtility.ParseQueryString(new Uri(request.Url).Query);
        Assert.Equal(("coverage", "kindergarten", "5min", "existing", "network"), (query["theme"], query["category"], query["level"], query["status"], query["method"]));
        using var http = new HttpClient { BaseAddress = fixture.Server.BaseAddress };
        var exported = await http.GetByteArrayAsync(request.Url);
        await File.WriteAllBytesAsync(Path.Combine(fixture.Artifacts, "theme-export-network.png"), exported);
        query["method"] = "buffer";
        var buffer = await http.GetByteArrayAsync(new UriBuilder(request.Url) { Query = query.ToString() }.Uri);
        await File.WriteAllBytesAsync(Path.Combine(fixture.Artifacts, "theme-export-buffer.png"), buffer);
        Assert.True(await viewer.DifferingPixelsAsync(exported, buffer) > 500, "the export's picture does not depend on the method");
        Assert.Empty(viewer.Errors);
    }

    [SkippableFact]
    public async Task The_table_sorts_zooms_to_a_community_opens_its_popup_and_downloads_its_csv()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        var answer = await CoverageAsync("kindergarten", "5min", "existing", "network");
        var communities = answer.GetProperty("communities").EnumerateArray().ToList();

        await using var viewer = await OpenAsync();
        var page = viewer.Page;
        await Assertions.Expect(page.Locator("#coverage-table-open")).ToBeDisabledAsync();
        await page.Locator("#coverage-method").SelectOptionAsync("network");
        await ApplyAsync(page, "kindergarten", "5min");
        await page.Locator("#coverage-table-open").ClickAsync();
        var table = page.Locator("#coverage-table");
        await Assertions.Expect(table).ToBeVisibleAsync();
        var rows = table.Locator("tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(communities.Count);
        await Assertions.Expect(table.Locator("th")).ToHaveTextAsync(new[] { "社区", "人口", "覆盖居民", "覆盖比例", "最近设施直线距离（米）", "直线距离覆盖比例" });

        // Sorted by share covered, then the other way.
        var share = table.Locator("th[data-column=covered_share]");
        await share.Locator("button").ClickAsync();
        await Assertions.Expect(share).ToHaveAttributeAsync("aria-sort", "ascending");
        var ascending = communities.OrderBy(c => c.GetProperty("covered_share").GetDouble()).ToList();
        await Assertions.Expect(rows.First.Locator("td[data-column=covered_share]")).ToHaveTextAsync(Percent(ascending[0].GetProperty("covered_share").GetDouble()));
        await share.Locator("button").ClickAsync();
        await Assertions.Expect(share).ToHaveAttributeAsync("aria-sort", "descending");
        var top = ascending[^1];
        await Assertions.Expect(rows.First.Locator("td[data-column=covered_share]")).ToHaveTextAsync(Percent(top.GetProperty("covered_share").GetDouble()));
        await Assertions.Expect(rows.First.Locator("td[data-column=name]")).ToHaveTextAsync(top.GetProperty("name_zh").GetString()!);
        await Assertions.Expect(table.Locator("th[data-column=population]")).ToHaveAttributeAsync("aria-sort", "none");
        await viewer.MapScreenshotAsync(fixture, "theme-table-sorted");

        // A row zooms to its community and opens its popup, the figures in plain language.
        var before = await CentreAsync(viewer);
        await rows.First.ClickAsync();
        var popup = page.Locator("#popup");
        await Assertions.Expect(popup.Locator(".popup-name-zh")).ToHaveTextAsync(top.GetProperty("name_zh").GetString()!);
        string Count(string field) => top.GetProperty(field).GetInt32().ToString("N0", CultureInfo.GetCultureInfo("zh-CN"));
        string Metres(string field) => Math.Round(top.GetProperty(field).GetDouble()).ToString("N0", CultureInfo.GetCultureInfo("zh-CN"));
        await Assertions.Expect(popup.Locator("tr[data-attribute=covered_population]"))
            .ToContainTextAsync($"{Count("covered_population")} / {Count("population")} 人（{Percent(top.GetProperty("covered_share").GetDouble())}）");
        await Assertions.Expect(popup.Locator("tr[data-attribute=nearest_site_m]"))
            .ToContainTextAsync($"最近的幼儿园步行 {Metres("nearest_site_walk_m")} 米（直线 {Metres("nearest_site_m")} 米）");
        await Assertions.Expect(popup.Locator("tr[data-attribute=buffer_covered_share]"))
            .ToContainTextAsync($"{Count("buffer_covered_population")} 人（{Percent(top.GetProperty("buffer_covered_share").GetDouble())}）");
        await Assertions.Expect(popup.Locator("tr[data-attribute=off_network_population]")).ToContainTextAsync($"{Count("off_network_population")} 人");
        await viewer.RenderedAsync();
        var after = await CentreAsync(viewer);
        Assert.NotEqual(before, after);
        await viewer.MapScreenshotAsync(fixture, "theme-table-row-popup");

        // In English the names and headers follow.
        await page.Locator("#lang-en").ClickAsync();
        await Assertions.Expect(rows.First.Locator("td[data-column=name]")).ToHaveTextAsync(top.GetProperty("name_en").GetString()!);
        await Assertions.Expect(table.Locator("th[data-column=covered_share]")).ToContainTextAsync("Share covered");
        await Assertions.Expect(popup.Locator("tr[data-attribute=nearest_site_m]")).ToContainTextAsync(
            $"The nearest kindergarten is a {Math.Round(top.GetProperty("nearest_site_walk_m").GetDouble()).ToString("N0", CultureInfo.GetCultureInfo("en-GB"))} m walk");

        // The CSV: UTF-8 with a byte-order mark, a row per community in the table's order, the server's figures.
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#coverage-table-csv").ClickAsync());
        Assert.Equal("coverage-kindergarten-5min-existing-network.csv", download.SuggestedFilename);
        var path = Path.Combine(fixture.Artifacts, "theme-table.csv");
        await download.SaveAsAsync(path);
        var bytes = await File.ReadAllBytesAsync(path);
        Assert.True(bytes.AsSpan(0, 3).SequenceEqual(new byte[] { 0xEF, 0xBB, 0xBF }), "the CSV has no UTF-8 byte-order mark");
        var lines = new UTF8Encoding(false).GetString(bytes, 3, bytes.Length - 3).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split(',');
        Assert.Equal(["community_id", "name_zh", "name_en", "population", "covered_population", "covered_share", "nearest_site_m",
            "nearest_site_walk_m", "buffer_covered_population", "buffer_covered_share", "off_network_population"], header);
        Assert.Equal(communities.Count + 1, lines.Length);
        var byId = communities.ToDictionary(c => c.GetProperty("community_id").GetString()!);
        var csvShares = new List<double>();
        foreach (var line in lines.Skip(1))
        {
            var cells = line.Split(',');
            var expected = byId[cells[0]];
            for (var i = 1; i < header.Length; i++)
            {
                var value = expected.GetProperty(header[i]);
                Assert.Equal(value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText(), cells[i]);
            }
            csvShares.Add(double.Parse(cells[5], CultureInfo.InvariantCulture));
        }
        Assert.Equal(csvShares.OrderByDescending(s => s), csvShares);
        Assert.Contains(lines, l => l.Contains(top.GetProperty("name_zh").GetString()!, StringComparison.Ordinal));

        await page.Locator("#coverage-table-close").ClickAsync();
        await Assertions.Expect(table).ToBeHiddenAsync();
        Assert.Empty(viewer.Errors);
    }

    [SkippableFact]
    public async Task A_clicked_community_states_its_coverage_and_nearest_site_in_plain_language()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        var answer = await CoverageAsync("kindergarten", "5min", "existing", "buffer");
        var byId = answer.GetProperty("communities").EnumerateArray().ToDictionary(c => c.GetProperty("community_id").GetString()!);
        await using var viewer = await OpenAsync();
        var page = viewer.Page;
        await ApplyAsync(page, "kindergarten", "5min");
        await viewer.RenderedAsync();
        // A click on a community's label (the labels are not clickable: the community under it is).
        var labels = await viewer.Page.EvaluateAsync<JsonElement>("() => window.huayangViewerTestHooks.labels()");
        var label = labels.EnumerateArray().First(l => l.GetProperty("collection").GetString() == "communities" && l.GetProperty("id").GetString() == "zhengxi");
        var box = label.GetProperty("box").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var map = (await viewer.Map.BoundingBoxAsync())!;
        await page.Mouse.ClickAsync((float)(map.X + (box[0] + box[2]) / 2), (float)(map.Y + (box[1] + box[3]) / 2));
        var popup = page.Locator("#popup");
        await Assertions.Expect(popup).ToBeVisibleAsync();
        var community = byId["zhengxi"];
        var name = community.GetProperty("name_zh").GetString()!;
        if (await popup.Locator(".popup-name-zh").TextContentAsync() != name)
        {
            await popup.Locator(".popup-others button[data-layer=communities]").ClickAsync();
        }
        await Assertions.Expect(popup.Locator(".popup-name-zh")).ToHaveTextAsync(name);
        var zh = CultureInfo.GetCultureInfo("zh-CN");
        await Assertions.Expect(popup.Locator("tr[data-attribute=covered_population]")).ToContainTextAsync(
            $"{community.GetProperty("covered_population").GetInt32().ToString("N0", zh)} / {community.GetProperty("population").GetInt32().ToString("N0", zh)} 人"
            + $"（{Percent(community.GetProperty("covered_share").GetDouble())}）");
        await Assertions.Expect(popup.Locator("tr[data-attribute=nearest_site_m]")).ToHaveTextAsync(
            $"最近设施最近的幼儿园直线距离 {Math.Round(community.GetProperty("nearest_site_m").GetDouble()).ToString("N0", zh)} 米");
        // The straight-line answer has no walking rows, and the share is stated once.
        await Assertions.Expect(popup.Locator("tr[data-attribute=buffer_covered_share], tr[data-attribute=off_network_population]")).ToHaveCountAsync(0);
        await Assertions.Expect(popup.Locator("tr[data-attribute=covered_share]")).ToHaveCountAsync(0);
        await viewer.MapScreenshotAsync(fixture, "theme-community-popup");

        // Without the theme the popup has none of it.
        await page.Locator("#coverage-clear").ClickAsync();
        await Assertions.Expect(popup.Locator("tr[data-attribute=covered_population]")).ToHaveCountAsync(0);
        Assert.Empty(viewer.Errors);
    }

    [SkippableFact]
    public async Task A_link_restores_the_sites_counted_and_the_method()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        var answer = await CoverageAsync("primary_school", "10min", "all", "network");
        await using var viewer = await ViewerPage.OpenAsync(fixture, "#theme=primary_school/10min/all/network&lang=en");
        var page = viewer.Page;
        await Assertions.Expect(page.Locator("#coverage-box")).ToContainTextAsync("Walking network: 500 m");
        await Assertions.Expect(page.Locator("#coverage-box")).ToContainTextAsync("Existing + planned sites");
        await Assertions.Expect(page.Locator("#coverage-box")).ToContainTextAsync(Percent(answer));
        await Assertions.Expect(page.Locator("#coverage-status")).ToHaveValueAsync("all");
        await Assertions.Expect(page.Locator("#coverage-method")).ToHaveValueAsync("network");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("theme=primary_school/10min/all/network"));
        await viewer.RenderedAsync();
        await viewer.MapScreenshotAsync(fixture, "theme-link-restored");
        Assert.Empty(viewer.Errors);
    }

    // --- helpers -----------------------------------------------------------------------------------------------

    private Task<ViewerPage> OpenAsync() => ViewerPage.OpenAtAsync(fixture, 1440, 900);

    private static async Task ApplyAsync(IPage page, string category, string level)
    {
        await page.Locator("#coverage-level").SelectOptionAsync(level);
        await page.Locator("#coverage-category").SelectOptionAsync(category);
        await page.Locator("#coverage-apply").ClickAsync();
        // A walking answer is computed on the server (the first builds the network): wait for it as long as the
        // server's own analysis limit, not Playwright's 5 s, on a shared machine.
        await Assertions.Expect(page.Locator("#coverage-box")).ToBeVisibleAsync(new() { Timeout = 30_000 });
    }

    private static async Task<List<(string Id, string Text)>> CommunityLabelsAsync(ViewerPage viewer)
    {
        var labels = await viewer.Page.EvaluateAsync<JsonElement>("() => window.huayangViewerTestHooks.labels()");
        return labels.EnumerateArray().Where(l => l.GetProperty("collection").GetString() == "communities")
            .Select(l => (l.GetProperty("id").GetString()!, l.GetProperty("text").GetString()!)).ToList();
    }

    private static async Task<double[]> CentreAsync(ViewerPage viewer) =>
        await viewer.Page.EvaluateAsync<double[]>("() => window.huayangViewerTestHooks.map.getView().getCenter()");

    private Task<JsonElement> CoverageAsync(string category, string level, string status, string method) =>
        GetJsonAsync($"analysis/coverage?category={category}&level={level}&status={status}&method={method}");

    /// <summary>The street's covered share as the viewer writes it (one decimal).</summary>
    private static string Percent(JsonElement answer) => Percent(answer.GetProperty("total").GetProperty("covered_share").GetDouble());

    private static string Percent(double share) => (share * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private static (int R, int G, int B) Rgb(string hex)
    {
        var value = Convert.ToUInt32(hex[^6..], 16);
        return ((int)((value >> 16) & 255), (int)((value >> 8) & 255), (int)(value & 255));
    }

    private async Task<JsonElement> GetJsonAsync(string path)
    {
        using var http = new HttpClient { BaseAddress = fixture.Server.BaseAddress };
        using var response = await http.GetAsync(path);
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }
}
