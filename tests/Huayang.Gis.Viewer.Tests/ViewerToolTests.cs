using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Huayang.Gis.Viewer.Tests.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Huayang.Gis.Viewer.Tests;

/// <summary>
/// Issue 14, the planning tools: the attribute table (sorting, filters that also filter the map, a row that goes to its
/// feature), the search over every named layer (ranking, the count when cut, the arrow keys), the nearest sites of a
/// category, the measure tool and the radius rings. The viewer in headless Chromium against the real server and the
/// bundled data; expected answers are computed here from the server's collections.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class ViewerToolTests(BrowserFixture fixture, ITestOutputHelper output)
{
    /// <summary>The sphere OpenLayers measures on (ol/sphere: the mean Earth radius), metres.</summary>
    private const double EarthRadius = 6371008.8;

    /// <summary>A position in Nanhu community (the nearest-site tests of ViewerTests use it too).</summary>
    private const double NanhuLon = 104.05;
    private const double NanhuLat = 30.49;

    /// <summary>The ids of the sites OpenLayers drew at a CSS pixel of the map (a filtered site is not drawn, so not hit).</summary>
    private const string DrawnSitesScript = """
        ([x, y]) => window.huayangViewerTestHooks.map
          .getFeaturesAtPixel([x, y], { hitTolerance: 3, layerFilter: (layer) => layer.get('id') === 'sites' })
          .map((feature) => String(feature.get('id') ?? feature.getId()))
        """;

    /// <summary>The view's centre (lon, lat) and zoom once no animation is running.</summary>
    internal const string SettledViewScript = """
        async () => {
          const view = window.huayangViewerTestHooks.map.getView();
          for (let i = 0; i < 200 && view.getAnimating(); i++) {
            await new Promise((resolve) => setTimeout(resolve, 25));
          }
          const [x, y] = view.getCenter();
          return [x / 6378137 * 180 / Math.PI, (2 * Math.atan(Math.exp(y / 6378137)) - Math.PI / 2) * 180 / Math.PI, view.getZoom()];
        }
        """;

    [SkippableFact]
    public async Task The_attribute_table_lists_every_site_sorts_and_its_filters_filter_the_map()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        var sites = await SitesAsync();
        var communities = await NamesAsync("communities");
        await using var viewer = await ViewerPage.OpenAsync(fixture);
        var page = viewer.Page;

        // A kindergarten and a site of another category close to it, shown in the upper half of the map (the table
        // covers the lower part).
        var (kindergarten, other) = NeighbourPair(sites);
        output.WriteLine($"kindergarten {kindergarten.Id}, other {other.Id} ({other.Category})");
        await viewer.SetViewAsync((kindergarten.Lon + other.Lon) / 2, (kindergarten.Lat + other.Lat) / 2 - 0.0015, 16);

        await page.Locator("#table-layer").SelectOptionAsync("sites");
        await page.Locator("#table-open").ClickAsync();
        var table = page.Locator("#attribute-table");
        await Assertions.Expect(table).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#table-title")).ToHaveTextAsync("属性表：公共服务设施");
        await Assertions.Expect(page.Locator("#table-count")).ToHaveTextAsync($"{sites.Count} / {sites.Count} 条");
        await Assertions.Expect(page.Locator("#table-grid tbody tr")).ToHaveCountAsync(sites.Count);
        var headers = (await page.Locator("#table-grid th").AllTextContentsAsync()).Select(h => h.Trim()).ToList();
        Assert.Equal(["名称", "类别", "状态", "规模", "规划要素", "所属社区"], headers.Take(6));

        // The community column names the community, never its id.
        var row = page.Locator($"#table-grid tr[data-feature-id='{kindergarten.Id}']");
        var cells = (await row.Locator("td").AllTextContentsAsync()).ToList();
        Assert.Equal(kindergarten.NameZh, cells[0]);
        Assert.Equal("幼儿园", cells[1]);
        Assert.Equal(communities[kindergarten.Community], cells[headers.IndexOf("所属社区")]);

        // Sorted by capacity, smallest first, then largest first; sites without one last.
        var capacityColumn = headers.IndexOf("规模");
        await page.Locator("#table-grid th[data-column=capacity] button").ClickAsync();
        await Assertions.Expect(page.Locator("#table-grid th[data-column=capacity]")).ToHaveAttributeAsync("aria-sort", "ascending");
        var ascending = await ColumnAsync(page, capacityColumn);
        var withCapacity = sites.Where(s => s.Capacity is not null).Select(s => s.Capacity!.Value).Order().ToList();
        Assert.Equal(withCapacity, ascending.Take(withCapacity.Count).Select(Number));
        Assert.All(ascending.Skip(withCapacity.Count), c => Assert.Equal("", c));
        await page.Locator("#table-grid th[data-column=capacity] button").ClickAsync();
        await Assertions.Expect(page.Locator("#table-grid th[data-column=capacity]")).ToHaveAttributeAsync("aria-sort", "descending");
        Assert.Equal(withCapacity.Max(), Number((await ColumnAsync(page, capacityColumn))[0]));

        // Before any filter both sites are drawn: their colours lie around them, and a click would find them.
        await viewer.RenderedAsync();
        var (kx, ky) = await MapPixelAsync(viewer, kindergarten.Lon, kindergarten.Lat);
        var (ox, oy) = await MapPixelAsync(viewer, other.Lon, other.Lat);
        var sheetTop = (await table.BoundingBoxAsync())!.Y - (await viewer.Map.BoundingBoxAsync())!.Y;
        Assert.True(ky < sheetTop - 20 && oy < sheetTop - 20, $"the sites ({ky:0}, {oy:0}) are under the table (from {sheetTop:0})");
        var before = await viewer.MapScreenshotAsync(fixture, "tools-table-before-filter");
        var otherColour = ViewerFixTests.Colour(SiteColour(other.Category));
        var kindergartenColour = ViewerFixTests.Colour(SiteColour("kindergarten"));
        Assert.True(await ViewerFixTests.CountColourAsync(viewer, before, Around(ox, oy, 9), otherColour, 40) >= 8, "the other site is not drawn before the filter");
        Assert.Contains(other.Id, await DrawnSitesAsync(viewer, ox, oy));
        var byId = sites.ToDictionary(s => s.Id);
        bool Passes(string id) => byId[id].Category == "kindergarten" && byId[id].Status == "existing";
        Assert.Contains(await SiteLabelsAsync(viewer), id => !Passes(id));

        // Existing kindergartens only: the count, the rows and the map follow.
        await page.Locator("#table-category").SelectOptionAsync("kindergarten");
        await page.Locator("#table-status").SelectOptionAsync("existing");
        var expected = sites.Count(s => s.Category == "kindergarten" && s.Status == "existing");
        await Assertions.Expect(page.Locator("#table-count")).ToHaveTextAsync($"{expected} / {sites.Count} 条");
        await Assertions.Expect(page.Locator("#table-grid tbody tr")).ToHaveCountAsync(expected);
        Assert.All(await ColumnAsync(page, 1), c => Assert.Equal("幼儿园", c));
        Assert.All(await ColumnAsync(page, 2), c => Assert.Equal("现状", c));
        await viewer.RenderedAsync();
        var after = await viewer.MapScreenshotAsync(fixture, "tools-table-filtered-map");
        Assert.True(await ViewerFixTests.CountColourAsync(viewer, after, Around(ox, oy, 9), otherColour, 40) <= 1, "the filtered-out site is still drawn");
        Assert.DoesNotContain(other.Id, await DrawnSitesAsync(viewer, ox, oy));
        Assert.True(await ViewerFixTests.CountColourAsync(viewer, after, Around(kx, ky, 9), kindergartenColour, 40) >= 8, "the kindergarten is no longer drawn");
        Assert.Contains(kindergarten.Id, await DrawnSitesAsync(viewer, kx, ky));
        // The names of the sites not drawn are not written either.
        var named = await SiteLabelsAsync(viewer);
        Assert.NotEmpty(named);
        Assert.All(named, id => Assert.True(Passes(id), $"{id} ({byId[id].NameZh}) is filtered out but still named"));

        // Export PNG draws the map as filtered: the kindergarten, not the filtered-out site (the picture is the map's box
        // and size, so a place has the same pixel in both).
        var mapSize = (await viewer.Map.BoundingBoxAsync())!;
        var exported = await viewer.DownloadExportAsync(fixture, "tools-table-filtered-export", (int)Math.Round(mapSize.Width), (int)Math.Round(mapSize.Height));
        Assert.True(await ViewerFixTests.CountColourAsync(viewer, exported, Around(ox, oy, 9), otherColour, 40) <= 1, "the exported picture draws the filtered-out site");
        Assert.True(await ViewerFixTests.CountColourAsync(viewer, exported, Around(kx, ky, 9), kindergartenColour, 40) >= 8, "the exported picture lost the kindergarten");

        // A row goes to its site and rings it in the highlight's colour, above the table.
        var target = sites.Where(s => s.Category == "kindergarten" && s.Status == "existing").MaxBy(s => s.Lon)!;
        await page.Locator($"#table-grid tr[data-feature-id='{target.Id}']").ClickAsync();
        await Assertions.Expect(page.Locator($"#table-grid tr[data-feature-id='{target.Id}']")).ToHaveAttributeAsync("aria-selected", "true");
        var view = await page.EvaluateAsync<double[]>(SettledViewScript);
        await viewer.RenderedAsync();
        var (tx, ty) = await MapPixelAsync(viewer, target.Lon, target.Lat);
        var mapBox = (await viewer.Map.BoundingBoxAsync())!;
        Assert.True(view[2] >= 16.9, $"the row zoomed to {view[2]:0.0} only");
        Assert.True(tx > 40 && tx < mapBox.Width - 40 && ty > 40 && ty < sheetTop - 20, $"the site at {tx:0},{ty:0} is not in the view above the table");
        var highlighted = await viewer.MapScreenshotAsync(fixture, "tools-table-row-highlight");
        Assert.True(await ViewerFixTests.CountColourAsync(viewer, highlighted, Around(tx, ty, 18), ViewerFixTests.Colour("#00b7ff"), 40) >= 30,
            "the chosen site is not highlighted");

        // Closed, the table's filter ends: the other site is drawn again.
        await page.Locator("#table-close").ClickAsync();
        await Assertions.Expect(table).ToBeHiddenAsync();
        await viewer.SetViewAsync((kindergarten.Lon + other.Lon) / 2, (kindergarten.Lat + other.Lat) / 2 - 0.0015, 16);
        Assert.Contains(other.Id, await DrawnSitesAsync(viewer, ox, oy));
        Assert.Empty(viewer.Errors);
    }

    [SkippableFact]
    public async Task The_attribute_table_reads_every_page_and_writes_english()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        var walkways = (await GetJsonAsync("collections/walkways/items?limit=1")).GetProperty("numberMatched").GetInt32();
        Assert.True(walkways > 1000, "the walkways fit one page of the table: the test would not see a second");
        var communities = (await GetJsonAsync("collections/communities/items?limit=1000")).GetProperty("features");
        await using var viewer = await ViewerPage.OpenAsync(fixture, "?lang=en");
        var page = viewer.Page;

        await page.Locator("#table-layer").SelectOptionAsync("walkways");
        await page.Locator("#table-open").ClickAsync();
        await Assertions.Expect(page.Locator("#table-count")).ToHaveTextAsync($"{walkways} of {walkways}");
        await Assertions.Expect(page.Locator("#table-filters")).ToBeHiddenAsync();

        await page.Locator("#table-layer").SelectOptionAsync("communities");
        await page.Locator("#table-open").ClickAsync();
        var count = communities.GetArrayLength();
        await Assertions.Expect(page.Locator("#table-count")).ToHaveTextAsync($"{count} of {count}");
        await Assertions.Expect(page.Locator("#table-title")).ToHaveTextAsync("Attribute table: Communities");
        var headers = (await page.Locator("#table-grid th").AllTextContentsAsync()).Select(h => h.Trim()).ToList();
        Assert.Equal(["Name", "Residents", "Households"], headers);
        await page.Locator("#table-grid th[data-column=name] button").ClickAsync();
        var names = await ColumnAsync(page, 0);
        var expected = communities.EnumerateArray().Select(c => c.GetProperty("properties").GetProperty("name_en").GetString()!)
            .Order(StringComparer.Create(CultureInfo.GetCultureInfo("en"), CompareOptions.None)).ToList();
        Assert.Equal(expected, names);
        var first = communities.EnumerateArray().First(c => c.GetProperty("properties").GetProperty("name_en").GetString() == expected[0]);
        var residents = first.GetProperty("properties").GetProperty("population").GetInt32();
        Assert.Equal($"{residents.ToString("N0", CultureInfo.GetCultureInfo("en-GB"))} residents", (await ColumnAsync(page, 1))[0]);
        await viewer.MapScreenshotAsync(fixture, "tools-table-communities-en");
        Assert.Empty(viewer.Errors);
    }

    [SkippableTheory]
    [InlineData(390, 844)]
    [InlineData(768, 1024)]
    public async Task The_attribute_table_is_usable_on_a_phone_and_a_tablet(int width, int height)
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        var sites = await SitesAsync();
        await using var viewer = await ViewerPage.OpenAsync(fixture);
        var page = viewer.Page;
        await page.SetViewportSizeAsync(width, height);
        var phone = width <= 700;
        if (phone)
        {
            await page.Locator("#drawer-toggle").ClickAsync();
        }
        await page.Locator("#table-layer").SelectOptionAsync("sites");
        await page.Locator("#table-open").ClickAsync();
        var table = page.Locator("#attribute-table");
        await Assertions.Expect(table).ToBeVisibleAsync();
        if (phone)
        {
            // The drawer gives the screen back to the map and its table.
            await Assertions.Expect(page.Locator("#drawer-toggle")).ToHaveAttributeAsync("aria-expanded", "false");
        }
        var box = (await table.BoundingBoxAsync())!;
        var map = (await viewer.Map.BoundingBoxAsync())!;
        Assert.True(box.X >= map.X - 0.5 && box.X + box.Width <= map.X + map.Width + 0.5 && box.Y + box.Height <= height + 0.5,
            $"the table {box.X:0},{box.Y:0} {box.Width:0}×{box.Height:0} is not inside the map {map.Width:0}×{map.Height:0}");
        Assert.True(box.Height < map.Height * 0.6, "the table leaves no map above it");
        // The page itself never scrolls sideways: the table scrolls inside its sheet.
        Assert.Equal(width, await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth"));

        await page.Locator("#table-category").SelectOptionAsync("primary_school");
        var schools = sites.Count(s => s.Category == "primary_school");
        await Assertions.Expect(page.Locator("#table-count")).ToHaveTextAsync($"{schools} / {sites.Count} 条");
        var school = sites.First(s => s.Category == "primary_school");
        await page.Locator($"#table-grid tr[data-feature-id='{school.Id}']").ClickAsync();
        await page.EvaluateAsync<double[]>(SettledViewScript);
        await viewer.RenderedAsync();
        var (x, y) = await MapPixelAsync(viewer, school.Lon, school.Lat);
        Assert.True(x > 0 && x < map.Width && y > 0 && y < box.Y - map.Y, $"the chosen school at {x:0},{y:0} is not in the map above the table");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(fixture.Artifacts, $"tools-table-{width}x{height}.png") });
        var shot = await viewer.MapScreenshotAsync(fixture, $"tools-table-{width}x{height}-map");
        Assert.True(await ViewerFixTests.CountColourAsync(viewer, shot, Around(x, y, 18), ViewerFixTests.Colour("#00b7ff"), 40) >= 30,
            "the chosen school is not highlighted");
        Assert.Empty(viewer.Errors);
    }

    [SkippableFact]
    public async Task Search_ranks_communities_first_and_says_when_the_list_is_cut()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        var named = await AllNamesAsync();
        await using var viewer = await ViewerPage.OpenAsync(fixture);
        var page = viewer.Page;
        var search = page.Locator("#search");
        var options = page.Locator("#search-results [role=option]");

        // 正西: the community first, before the sites named after it; all nine listed, so no count.
        await search.FillAsync("正西");
        var zhengxi = named.Count(n => n.NameZh.Contains("正西", StringComparison.Ordinal));
        await Assertions.Expect(options).ToHaveCountAsync(zhengxi);
        await Assertions.Expect(options.First).ToHaveTextAsync("正西社区 · 社区");
        await Assertions.Expect(options.Nth(1)).ToHaveTextAsync(new Regex("^正西.* · 公共服务设施$"));
        await Assertions.Expect(page.Locator("#search-results .search-more")).ToHaveCountAsync(0);

        // 麓湖国际社区 names a community and a plan point: the community first.
        await search.FillAsync("麓湖国际社区");
        await Assertions.Expect(options.Nth(0)).ToHaveTextAsync("麓湖国际社区 · 社区");
        await Assertions.Expect(options.Nth(1)).ToHaveTextAsync("麓湖国际社区 · 规划要素");

        // 锦江: the river, the community and the belt, then the rest; more than ten match, so the list says so.
        await search.FillAsync("锦江");
        var total = named.Count(n => n.NameZh.Contains("锦江", StringComparison.Ordinal));
        Assert.True(total > 10, $"only {total} names hold 锦江");
        await Assertions.Expect(options).ToHaveCountAsync(10);
        await Assertions.Expect(options.Nth(0)).ToHaveTextAsync("锦江 · 水系");
        await Assertions.Expect(options.Nth(1)).ToHaveTextAsync("锦江社区 · 社区");
        await Assertions.Expect(options.Nth(2)).ToHaveTextAsync("锦江滨水生态带 · 规划要素");
        await Assertions.Expect(page.Locator("#search-results .search-more")).ToHaveTextAsync($"显示 10 / 共 {total} 条结果");

        // An exact name before the names it begins, and those before the names that only contain it.
        await search.FillAsync("南湖");
        await Assertions.Expect(options.Nth(0)).ToHaveTextAsync("南湖 · 水系");
        await Assertions.Expect(options.Nth(1)).ToHaveTextAsync("南湖社区 · 社区");
        var texts = (await options.AllTextContentsAsync()).ToList();
        var firstContaining = texts.FindIndex(t => !t.StartsWith("南湖", StringComparison.Ordinal));
        Assert.True(firstContaining < 0 || texts.Skip(firstContaining).All(t => !t.StartsWith("南湖", StringComparison.Ordinal)),
            $"a name beginning with 南湖 comes after one only containing it: {string.Join(" | ", texts)}");

        // Plan elements, roads and rivers are found, and open their popups.
        foreach (var (query, layer) in new[] { ("锦江滨水生态带", "规划要素"), ("二江路", "道路"), ("锦江", "水系") })
        {
            await search.FillAsync(query);
            await Assertions.Expect(options.First).ToHaveTextAsync($"{query} · {layer}");
            await options.First.ClickAsync();
            await Assertions.Expect(page.Locator("#popup .popup-layer")).ToHaveTextAsync(layer);
            await Assertions.Expect(page.Locator("#popup .popup-name-zh")).ToHaveTextAsync(query);
            await page.EvaluateAsync<double[]>(SettledViewScript);
            await viewer.MapScreenshotAsync(fixture, $"tools-search-{layer}");
        }

        // In English the same: by English name, communities first.
        await page.Locator("#lang-en").ClickAsync();
        await search.FillAsync("zhengxi");
        await Assertions.Expect(options.First).ToHaveTextAsync("Zhengxi Community · Communities");
        Assert.Empty(viewer.Errors);
    }

    [SkippableFact]
    public async Task Search_works_with_the_arrow_keys_enter_and_escape()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        await using var viewer = await ViewerPage.OpenAsync(fixture);
        var page = viewer.Page;
        var search = page.Locator("#search");
        var options = page.Locator("#search-results [role=option]");
        await search.FillAsync("锦江");
        await Assertions.Expect(options).ToHaveCountAsync(10);
        await Assertions.Expect(search).ToHaveAttributeAsync("aria-expanded", "true");
        Assert.Null(await search.GetAttributeAsync("aria-activedescendant"));

        await search.PressAsync("ArrowDown");
        await AssertHighlightedAsync(page, 0);
        await search.PressAsync("ArrowDown");
        await search.PressAsync("ArrowDown");
        await AssertHighlightedAsync(page, 2);
        await search.PressAsync("ArrowUp");
        await AssertHighlightedAsync(page, 1);
        await search.PressAsync("ArrowUp");
        await search.PressAsync("ArrowUp");
        // Above the first, the last.
        await AssertHighlightedAsync(page, 9);
        await search.PressAsync("ArrowDown");
        await search.PressAsync("ArrowDown");
        await AssertHighlightedAsync(page, 1);

        // Enter opens the highlighted one (the second), not the first.
        var chosen = (await options.Nth(1).TextContentAsync())!.Split(" · ")[0];
        await search.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#search-results")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("#popup .popup-name-zh")).ToHaveTextAsync(chosen);
        await Assertions.Expect(search).ToHaveValueAsync(chosen);
        await Assertions.Expect(search).ToHaveAttributeAsync("aria-expanded", "false");

        // Escape closes the list.
        await search.FillAsync("南湖");
        await Assertions.Expect(page.Locator("#search-results")).ToBeVisibleAsync();
        await search.PressAsync("ArrowDown");
        await search.PressAsync("Escape");
        await Assertions.Expect(page.Locator("#search-results")).ToBeHiddenAsync();
        await Assertions.Expect(search).ToHaveAttributeAsync("aria-expanded", "false");
        Assert.Null(await search.GetAttributeAsync("aria-activedescendant"));
        Assert.Empty(viewer.Errors);
    }

    private static void StringAssert(string? text, string contained) =>
        Assert.True(text?.Contains(contained, StringComparison.Ordinal) == true, $"\"{text}\" does not contain \"{contained}\"");

    private static async Task AssertHighlightedAsync(IPage page, int position)
    {
        await Assertions.Expect(page.Locator("#search")).ToHaveAttributeAsync("aria-activedescendant", $"search-option-{position}");
        await Assertions.Expect(page.Locator($"#search-option-{position}")).ToHaveAttributeAsync("aria-selected", "true");
        await Assertions.Expect(page.Locator("#search-results [role=option][aria-selected=true]")).ToHaveCountAsync(1);
    }

    private static double Number(string text) =>
        double.Parse(new string(text.TakeWhile(c => char.IsDigit(c) || c == ',' || c == '.').ToArray()).Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);

    internal static int[] Around(double x, double y, int half) => [(int)x - half, (int)y - half, (int)x + half + 1, (int)y + half + 1];

    private static async Task<List<string>> ColumnAsync(IPage page, int column) =>
        (await page.Locator($"#table-grid tbody tr td:nth-child({column + 1})").AllTextContentsAsync()).ToList();

    internal static async Task<(double X, double Y)> MapPixelAsync(ViewerPage viewer, double lon, double lat)
    {
        var pixel = await viewer.Page.EvaluateAsync<double[]>("([lon, lat]) => window.huayangViewerTestHooks.pixelOf(lon, lat)", new[] { lon, lat });
        return (pixel[0], pixel[1]);
    }

    private static async Task<string[]> DrawnSitesAsync(ViewerPage viewer, double x, double y) =>
        await viewer.Page.EvaluateAsync<string[]>(DrawnSitesScript, new[] { x, y });

    /// <summary>The ids of the sites the label layer named in the last frame.</summary>
    private static async Task<string[]> SiteLabelsAsync(ViewerPage viewer) =>
        await viewer.Page.EvaluateAsync<string[]>("() => window.huayangViewerTestHooks.labels().filter((l) => l.collection === 'sites').map((l) => l.id)");

    private static string SiteColour(string category)
    {
        using var style = JsonDocument.Parse(File.ReadAllText(Path.Combine(Huayang.Gis.Tests.RepositoryRoot.Path, "src/Huayang.Gis.Rendering/Styles/map-style.json")));
        return style.RootElement.GetProperty("sites").GetProperty("categories").GetProperty(category).GetProperty("color").GetString()!;
    }

    /// <summary>
    /// An existing kindergarten and a site of another category 60 to 150 m from it, both with no other site within 80 m
    /// (so each one's symbol is drawn, not decluttered, and its colour is its own near it).
    /// </summary>
    private static (Site Kindergarten, Site Other) NeighbourPair(List<Site> sites)
    {
        bool Alone(Site site) => sites.All(s => s.Id == site.Id || Haversine(s.Lon, s.Lat, site.Lon, site.Lat) > 80);
        var pairs = from k in sites
                    where k.Category == "kindergarten" && k.Status == "existing" && Alone(k)
                    from o in sites
                    let d = Haversine(k.Lon, k.Lat, o.Lon, o.Lat)
                    where o.Category != "kindergarten" && o.Category != "park" && d > 60 && d < 150 && Alone(o)
                    orderby d
                    select (k, o);
        return pairs.First();
    }

    private sealed record Site(string Id, string NameZh, string Category, string Status, double? Capacity, string Community, double Lon, double Lat);

    private async Task<List<Site>> SitesAsync() =>
        (await GetJsonAsync("collections/sites/items?limit=1000")).GetProperty("features").EnumerateArray().Select(f =>
        {
            var p = f.GetProperty("properties");
            var c = f.GetProperty("geometry").GetProperty("coordinates");
            return new Site(f.GetProperty("id").GetString()!, p.GetProperty("name_zh").GetString()!, p.GetProperty("category").GetString()!,
                p.GetProperty("status").GetString()!, p.GetProperty("capacity").ValueKind == JsonValueKind.Number ? p.GetProperty("capacity").GetDouble() : null,
                p.GetProperty("community_id").GetString()!, c[0].GetDouble(), c[1].GetDouble());
        }).ToList();

    /// <summary>A collection's Chinese names by id.</summary>
    private async Task<Dictionary<string, string>> NamesAsync(string collection) =>
        (await GetJsonAsync($"collections/{collection}/items?limit=10000")).GetProperty("features").EnumerateArray()
            .ToDictionary(f => f.GetProperty("id").GetString()!, f => f.GetProperty("properties").GetProperty("name_zh").GetString() ?? "");

    /// <summary>Every named feature of the layers the server lists with names: (layer, Chinese name).</summary>
    private async Task<List<(string Layer, string NameZh)>> AllNamesAsync()
    {
        var layers = (await GetJsonAsync("map/layers.json")).GetProperty("layers").EnumerateArray()
            .Where(l => l.GetProperty("fields").EnumerateArray().Any(f => f.GetProperty("name").GetString() == "name_zh"))
            .Select(l => l.GetProperty("name").GetString()!).ToList();
        Assert.Contains("roads", layers);
        Assert.Contains("plan", layers);
        var names = new List<(string, string)>();
        foreach (var layer in layers)
        {
            names.AddRange((await NamesAsync(layer)).Values.Where(n => n.Length > 0).Select(n => (layer, n)));
        }
        return names;
    }

    private async Task<JsonElement> GetJsonAsync(string path)
    {
        using var http = new HttpClient { BaseAddress = fixture.Server.BaseAddress };
        using var response = await http.GetAsync(path);
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }
}
