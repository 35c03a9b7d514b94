using System.Globalization;
using System.Text.Json;
using Huayang.Gis.Viewer.Tests.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Huayang.Gis.Viewer.Tests;

/// <summary>
/// The viewer's layer panel (layers and legend in one), shareable links, bookmarks, the layouts of a phone, a tablet
/// and a desktop in both languages, keyboard use of the map and accessible labels (issue 14).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class LayoutTests(BrowserFixture fixture, ITestOutputHelper output)
{
    private const string Kindergarten = "site-nanhu-kindergarten-1";

    /// <summary>The ids of the features of a layer OpenLayers has drawn at a CSS pixel of the map.</summary>
    private const string RenderedIdsScript = """
        ([x, y, layerId]) => window.huayangViewerTestHooks.map
          .getFeaturesAtPixel([x, y], { hitTolerance: 2, layerFilter: (layer) => layer.get('id') === layerId })
          .map((feature) => String(feature.get('id') ?? feature.getId()))
        """;

    /// <summary>The view's centre (lon, lat) and zoom once no animation is running.</summary>
    private const string SettledViewScript = """
        async () => {
          const view = window.huayangViewerTestHooks.map.getView();
          for (let i = 0; i < 200 && view.getAnimating(); i++) {
            await new Promise((resolve) => setTimeout(resolve, 25));
          }
          const extent = view.calculateExtent(window.huayangViewerTestHooks.map.getSize());
          const toLonLat = (x, y) => {
            const lon = x / 6378137 * 180 / Math.PI;
            const lat = (2 * Math.atan(Math.exp(y / 6378137)) - Math.PI / 2) * 180 / Math.PI;
            return [lon, lat];
          };
          const [x, y] = view.getCenter();
          return [...toLonLat(x, y), view.getZoom(), ...toLonLat(extent[0], extent[1]), ...toLonLat(extent[2], extent[3])];
        }
        """;

    /// <summary>
    /// Every element of the bar, the panel and the footer that is laid out: whether its content is wider (or, unless it
    /// scrolls, higher) than its box — text cut or spilling out —, whether its box sticks out of its parent's, and
    /// whether an input's placeholder fits its box. Returns one line per offender.
    /// </summary>
    private const string OverflowScript = """
        () => {
          const problems = [];
          const measure = document.createElement('canvas').getContext('2d');
          const roots = [...document.querySelectorAll('header.bar, #panel, footer.attribution')];
          for (const root of roots) {
            for (const element of [root, ...root.querySelectorAll('*')]) {
              const rects = element.getClientRects();
              if (rects.length === 0 || getComputedStyle(element).visibility === 'hidden' || element.closest('[hidden]')) {
                continue;
              }
              const name = element.id ? `#${element.id}` : `${element.tagName.toLowerCase()}.${element.className}`;
              const text = (element.textContent || '').trim().slice(0, 40);
              if (element.clientWidth > 0 && element.scrollWidth > element.clientWidth + 1 && element.tagName !== 'SELECT') {
                problems.push(`${name} "${text}": content ${element.scrollWidth}px in a box of ${element.clientWidth}px`);
              }
              const style = getComputedStyle(element);
              if (element.clientHeight > 0 && !['auto', 'scroll'].includes(style.overflowY) && element.scrollHeight > element.clientHeight + 1
                  && !['SELECT', 'INPUT'].includes(element.tagName)) {
                problems.push(`${name} "${text}": content ${element.scrollHeight}px high in a box of ${element.clientHeight}px`);
              }
              if (element.tagName === 'INPUT' && element.placeholder) {
                measure.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
                const room = element.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
                const needed = measure.measureText(element.placeholder).width;
                if (needed > room) {
                  problems.push(`${name}: the placeholder "${element.placeholder}" needs ${Math.ceil(needed)}px, the box has ${Math.floor(room)}px`);
                }
              }
              const parent = element.parentElement;
              if (element !== root && parent && parent.getClientRects().length > 0 && getComputedStyle(element).position !== 'absolute') {
                const box = element.getBoundingClientRect();
                const outer = parent.getBoundingClientRect();
                if (box.width > 0 && (box.right > outer.right + 1 || box.left < outer.left - 1)) {
                  problems.push(`${name} "${text}": ${Math.round(box.left)}–${Math.round(box.right)} outside its parent's ${Math.round(outer.left)}–${Math.round(outer.right)}`);
                }
              }
            }
            const box = root.getBoundingClientRect();
            if (box.right > window.innerWidth + 1) {
              problems.push(`${root.tagName.toLowerCase()}: ends at ${Math.round(box.right)} beyond the window's ${window.innerWidth}`);
            }
          }
          return problems;
        }
        """;

    /// <summary>Every button, input and select of the page without an aria-label, or whose label is not in the language.</summary>
    private const string UnlabelledScript = """
        (language) => {
          const cjk = /[\u3400-\u9fff]/;
          const problems = [];
          for (const element of document.querySelectorAll('button, input, select')) {
            const label = (element.getAttribute('aria-label') || '').trim();
            const name = element.id ? `#${element.id}` : `${element.tagName.toLowerCase()}.${element.className}`;
            if (!label) {
              problems.push(`${name}: no aria-label`);
            } else if (language === 'en' && cjk.test(label)) {
              problems.push(`${name}: "${label}" is not English`);
            } else if (language === 'zh' && !cjk.test(label)) {
              problems.push(`${name}: "${label}" is not Chinese`);
            }
          }
          return problems;
        }
        """;

    [SkippableFact]
    public async Task The_panel_lists_each_layer_with_its_legend_greys_what_is_out_of_zoom_and_lists_tools_once_used()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        await using var viewer = await ViewerPage.OpenAsync(fixture);
        var page = viewer.Page;
        var rows = page.Locator("#layer-list > li.layer-row");

        // The names (the label layer, on top, listed with its toggle once it has labels), then the data layers, top of
        // the map first; each data layer with its toggle, name and swatches; no tool layer yet.
        var ids = await rows.EvaluateAllAsync<string[]>("rows => rows.map((row) => row.dataset.layer)");
        Assert.Equal(["labels", "sites", "plan", "walkways", "roads", "water", "communities"], ids);
        await Assertions.Expect(page.Locator("#layer-toggle-labels")).ToBeCheckedAsync();
        foreach (var id in ids.Skip(1))
        {
            var row = page.Locator($"#layer-list > li[data-layer={id}]");
            await Assertions.Expect(row.Locator($"#layer-toggle-{id}")).ToBeCheckedAsync();
            await Assertions.Expect(row.Locator(".layer-legend li").First).ToBeVisibleAsync();
        }
        var sites = page.Locator("#layer-list > li[data-layer=sites]");
        await Assertions.Expect(sites.Locator(".layer-name")).ToHaveTextAsync("公共服务设施");
        await Assertions.Expect(sites.Locator(".layer-legend")).ToContainTextAsync("幼儿园");
        await Assertions.Expect(page.Locator("#layer-list > li[data-layer=plan] .layer-legend")).ToContainTextAsync("华阳古城");

        // Walkways start at zoom 14: greyed with the note at the street's view, ordinary closer in.
        var walkways = page.Locator("#layer-list > li[data-layer=walkways]");
        Assert.True(await ZoomAsync(viewer) < 14);
        await Assertions.Expect(walkways).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("out-of-range"));
        await Assertions.Expect(walkways.Locator(".layer-range")).ToBeVisibleAsync();
        await Assertions.Expect(walkways.Locator(".layer-range")).ToHaveTextAsync("14 级以上可见");
        var colour = await walkways.Locator(".layer-name").EvaluateAsync<string>("e => getComputedStyle(e).color");
        Assert.Equal("rgb(153, 153, 153)", colour);
        await Assertions.Expect(sites.Locator(".layer-range")).ToBeHiddenAsync();
        await page.Locator("#lang-en").ClickAsync();
        await Assertions.Expect(walkways.Locator(".layer-range")).ToHaveTextAsync("visible from zoom 14");
        await page.Locator("#panel").ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(fixture.Artifacts, "panel-en-zoom13.png") });
        await viewer.SetViewAsync(104.05, 30.49, 15);
        await Assertions.Expect(walkways).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex("out-of-range"));
        await Assertions.Expect(walkways.Locator(".layer-range")).ToBeHiddenAsync();
        await page.Locator("#lang-zh").ClickAsync();

        // Tool layers join the list once used: the coverage gaps with the theme's classes, the nearest-site lines.
        await Assertions.Expect(page.Locator("#layer-list > li[data-layer=coverage]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#layer-list > li[data-layer=nearest]")).ToHaveCountAsync(0);
        await page.Locator("#coverage-category").SelectOptionAsync("kindergarten");
        await page.Locator("#coverage-level").SelectOptionAsync("5min");
        await page.Locator("#coverage-apply").ClickAsync();
        var coverage = page.Locator("#layer-list > li[data-layer=coverage]");
        await Assertions.Expect(coverage.Locator(".legend-coverage li")).ToHaveCountAsync(6);
        await Assertions.Expect(coverage.Locator(".legend-caption")).ToContainTextAsync("幼儿园");
        await Assertions.Expect(coverage.Locator(".layer-name")).ToHaveTextAsync("覆盖缺口");
        await page.Locator("#nearest-mode").CheckAsync();
        await viewer.ClickMapAsync(104.05, 30.49);
        await Assertions.Expect(page.Locator("#layer-list > li[data-layer=nearest] .layer-name")).ToHaveTextAsync("最近设施连线");
        await page.Locator("#panel").ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(fixture.Artifacts, "panel-zh-tools.png") });
        Assert.Empty(viewer.Errors);
    }

    [SkippableFact]
    public async Task Unchecking_a_category_in_the_panel_hides_its_sites_on_the_map()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        var style = await GetJsonAsync("map/style.json");
        var hex = style.GetProperty("sites").GetProperty("categories").GetProperty("kindergarten").GetProperty("color").GetString()!;
        var kindergartenColour = ParseColour(hex);
        var (lon, lat) = await PositionAsync("sites", Kindergarten);
        await using var viewer = await ViewerPage.OpenAsync(fixture);
        await viewer.SetViewAsync(lon, lat, 17);
        var pixel = await viewer.Page.EvaluateAsync<double[]>("([lon, lat]) => window.huayangViewerTestHooks.pixelOf(lon, lat)", new[] { lon, lat });
        var (x, y) = ((int)Math.Round(pixel[0]), (int)Math.Round(pixel[1]));

        var before = await viewer.MapScreenshotAsync(fixture, "category-filter-on");
        Assert.Contains(Kindergarten, await RenderedAsync(viewer, x, y, "sites"));
        Assert.True(Distance(await viewer.PixelAsync(before, x, y), kindergartenColour) <= 12, $"{Kindergarten} is not drawn in {hex}");
        var others = await OtherSitesInViewAsync(viewer);
        Assert.NotEmpty(others);

        var filter = viewer.Page.Locator("#category-filter-kindergarten");
        await Assertions.Expect(filter).ToHaveAttributeAsync("aria-label", "显示幼儿园");
        await filter.UncheckAsync();
        await viewer.RenderedAsync();
        var after = await viewer.MapScreenshotAsync(fixture, "category-filter-kindergarten-off");
        Assert.DoesNotContain(Kindergarten, await RenderedAsync(viewer, x, y, "sites"));
        var drawn = await viewer.PixelAsync(after, x, y);
        output.WriteLine($"{Kindergarten} at {x},{y}: {hex} before, {drawn} with kindergartens unchecked");
        Assert.True(Distance(drawn, kindergartenColour) > 60, $"{Kindergarten} is still drawn ({drawn}) with kindergartens unchecked");
        // The other categories stay, and the link says which category is hidden.
        foreach (var (id, sx, sy) in others)
        {
            Assert.Contains(id, await RenderedAsync(viewer, sx, sy, "sites"));
        }
        Assert.Contains("hide=kindergarten", viewer.Page.Url, StringComparison.Ordinal);

        await filter.CheckAsync();
        await viewer.RenderedAsync();
        Assert.Contains(Kindergarten, await RenderedAsync(viewer, x, y, "sites"));
        Assert.Empty(viewer.Errors);
    }

    [SkippableFact]
    public async Task A_link_reopens_the_same_view_layers_categories_theme_and_language()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        string link;
        double[] shared;
        await using (var viewer = await ViewerPage.OpenAsync(fixture))
        {
            var page = viewer.Page;
            await viewer.SetViewAsync(104.0612, 30.5034, 15.25);
            await page.Locator("#layer-toggle-roads").UncheckAsync();
            await page.Locator("#category-filter-primary_school").UncheckAsync();
            await page.Locator("#lang-en").ClickAsync();
            await page.Locator("#coverage-category").SelectOptionAsync("kindergarten");
            await page.Locator("#coverage-level").SelectOptionAsync("5min");
            await page.Locator("#coverage-apply").ClickAsync();
            await Assertions.Expect(page.Locator(".legend-coverage")).ToBeVisibleAsync();

            link = new Uri(page.Url).Fragment;
            output.WriteLine(link);
            Assert.Contains("map=15.25/104.06120/30.50340", link, StringComparison.Ordinal);
            Assert.Contains("layers=communities,water,walkways,plan,sites", link, StringComparison.Ordinal);
            Assert.Contains("hide=primary_school", link, StringComparison.Ordinal);
            Assert.Contains("theme=kindergarten/5min", link, StringComparison.Ordinal);
            Assert.Contains("lang=en", link, StringComparison.Ordinal);
            shared = await page.EvaluateAsync<double[]>(SettledViewScript);
            Assert.Empty(viewer.Errors);
        }

        // A new browser context: nothing remembered but the link.
        await using var opened = await ViewerPage.OpenAsync(fixture, link);
        var reopened = opened.Page;
        var view = await reopened.EvaluateAsync<double[]>(SettledViewScript);
        Assert.Equal(shared[0], view[0], 5);
        Assert.Equal(shared[1], view[1], 5);
        Assert.Equal(shared[2], view[2], 2);
        await Assertions.Expect(reopened.Locator("#title")).ToHaveTextAsync("Huayang Street planning map");
        await Assertions.Expect(reopened.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Assertions.Expect(reopened.Locator("#layer-toggle-roads")).Not.ToBeCheckedAsync();
        Assert.False(await reopened.EvaluateAsync<bool>("() => window.huayangViewerTestHooks.layers.roads.getVisible()"));
        Assert.True(await reopened.EvaluateAsync<bool>("() => window.huayangViewerTestHooks.layers.sites.getVisible()"));
        await Assertions.Expect(reopened.Locator("#category-filter-primary_school")).Not.ToBeCheckedAsync();
        await Assertions.Expect(reopened.Locator("#category-filter-kindergarten")).ToBeCheckedAsync();
        await Assertions.Expect(reopened.Locator(".legend-coverage li")).ToHaveCountAsync(6);
        await Assertions.Expect(reopened.Locator(".legend-caption")).ToContainTextAsync("Kindergarten");
        await Assertions.Expect(reopened.Locator("#coverage-category")).ToHaveValueAsync("kindergarten");
        await Assertions.Expect(reopened.Locator("#coverage-level")).ToHaveValueAsync("5min");
        await Assertions.Expect(reopened.Locator("#coverage-total")).ToContainTextAsync("%");
        await opened.RenderedAsync();
        await opened.MapScreenshotAsync(fixture, "link-reopened-en");
        // The reopened page keeps its address current: the same link again.
        Assert.Equal(link, new Uri(reopened.Url).Fragment);

        // A link edited in the address bar of the open page applies at once: another view, Chinese, no theme.
        await reopened.EvaluateAsync("() => { window.location.hash = 'map=16.00/104.04000/30.48000&layers=communities,water,roads,plan,sites&lang=zh'; }");
        await Assertions.Expect(reopened.Locator("#title")).ToHaveTextAsync("华阳街道规划地图");
        await Assertions.Expect(reopened.Locator(".legend-coverage")).ToHaveCountAsync(0);
        await Assertions.Expect(reopened.Locator("#layer-toggle-roads")).ToBeCheckedAsync();
        await Assertions.Expect(reopened.Locator("#layer-toggle-walkways")).Not.ToBeCheckedAsync();
        await Assertions.Expect(reopened.Locator("#category-filter-primary_school")).ToBeCheckedAsync();
        var edited = await reopened.EvaluateAsync<double[]>(SettledViewScript);
        Assert.Equal(104.04, edited[0], 5);
        Assert.Equal(30.48, edited[1], 5);
        Assert.Equal(16, edited[2], 2);
        Assert.Empty(opened.Errors);
    }

    [SkippableFact]
    public async Task Home_and_bookmarks_go_to_the_street_and_to_the_plans_zones_and_points()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        var plan = await GetJsonAsync("collections/plan/items?limit=100");
        await using var viewer = await ViewerPage.OpenAsync(fixture);
        var page = viewer.Page;
        var home = await page.EvaluateAsync<double[]>(SettledViewScript);

        var bookmarks = page.Locator("#bookmarks .bookmark");
        var listed = await bookmarks.EvaluateAllAsync<string[]>("buttons => buttons.map((b) => b.dataset.planId)");
        var features = plan.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties")).ToList();
        string[] expected = [.. new[] { "zone", "point" }.SelectMany(kind => features
            .Where(p => p.GetProperty("kind").GetString() == kind).Select(p => p.GetProperty("id").GetString()!))];
        Assert.Equal(5, expected.Length);
        Assert.Equal(expected, listed);

        foreach (var feature in plan.GetProperty("features").EnumerateArray())
        {
            var properties = feature.GetProperty("properties");
            var id = properties.GetProperty("id").GetString()!;
            var kind = properties.GetProperty("kind").GetString()!;
            if (kind is not ("zone" or "point"))
            {
                continue;
            }
            var button = page.Locator($"#bookmarks .bookmark[data-plan-id='{id}']");
            await Assertions.Expect(button).ToHaveTextAsync(properties.GetProperty("name_zh").GetString()!);
            await button.ClickAsync();
            var view = await page.EvaluateAsync<double[]>(SettledViewScript);
            var (minLon, minLat, maxLon, maxLat) = Bounds(feature.GetProperty("geometry"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{id}: centre {view[0]:0.0000},{view[1]:0.0000} zoom {view[2]:0.00}"));
            if (kind == "point")
            {
                Assert.Equal(minLon, view[0], 4);
                Assert.Equal(minLat, view[1], 4);
                Assert.Equal(16, view[2], 2);
            }
            else
            {
                // The whole zone is in view and fills a good part of it.
                Assert.True(view[3] <= minLon && view[4] <= minLat && view[5] >= maxLon && view[6] >= maxLat, $"{id} is not wholly in view");
                var share = (maxLon - minLon) * (maxLat - minLat) / ((view[5] - view[3]) * (view[6] - view[4]));
                Assert.True(share > 0.25, $"{id} fills only {share:P0} of the view");
            }
            await viewer.RenderedAsync();
            await viewer.MapScreenshotAsync(fixture, $"bookmark-{id}");
        }

        await page.Locator("#lang-en").ClickAsync();
        await Assertions.Expect(page.Locator("#bookmarks .bookmark[data-plan-id='point-old-town']")).ToHaveTextAsync("Huayang Old Town (Zhengxi Street)");
        await Assertions.Expect(page.Locator("#bookmarks .bookmark[data-plan-id='zone-culture-arts']")).ToHaveAttributeAsync("aria-label", "Go to Culture and Arts Zone");

        await page.Locator("#home-view").ClickAsync();
        var back = await page.EvaluateAsync<double[]>(SettledViewScript);
        Assert.Equal(home[0], back[0], 4);
        Assert.Equal(home[1], back[1], 4);
        Assert.Equal(home[2], back[2], 2);
        Assert.Empty(viewer.Errors);
    }

    [SkippableTheory]
    [InlineData(390, 844, "zh")]
    [InlineData(390, 844, "en")]
    [InlineData(768, 1024, "zh")]
    [InlineData(768, 1024, "en")]
    [InlineData(1440, 900, "zh")]
    [InlineData(1440, 900, "en")]
    public async Task Phone_tablet_and_desktop_layouts_show_a_usable_map_without_overflow(int width, int height, string language)
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        // With the coverage theme on (from a link), so that its legend and total are laid out too.
        await using var viewer = await ViewerPage.OpenAsync(fixture, $"?lang={language}#theme=kindergarten/5min");
        var page = viewer.Page;
        await Assertions.Expect(page.Locator(".legend-coverage li")).ToHaveCountAsync(6);
        await Assertions.Expect(page.Locator("#coverage-total")).ToContainTextAsync("%");
        await page.SetViewportSizeAsync(width, height);
        await page.Locator("#home-view").ClickAsync();
        await page.EvaluateAsync<double[]>(SettledViewScript);
        await viewer.RenderedAsync();
        var name = $"layout-{width}x{height}-{language}";
        var phone = width <= 700;
        var map = await viewer.Map.BoundingBoxAsync() ?? throw new InvalidOperationException("the map has no box");
        var panel = page.Locator("#panel");
        var toggle = page.Locator("#drawer-toggle");
        output.WriteLine($"{name}: map {map.Width}x{map.Height} at {map.X},{map.Y}");

        if (phone)
        {
            // The map takes the width and most of the height; the panel is a drawer behind a button.
            Assert.Equal(width, map.Width, 1);
            Assert.True(map.Height > height * 0.75, $"the map is only {map.Height}px high");
            await Assertions.Expect(panel).Not.ToBeInViewportAsync();
            await Assertions.Expect(toggle).ToBeVisibleAsync();
            await Assertions.Expect(toggle).ToHaveAttributeAsync("aria-expanded", "false");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(fixture.Artifacts, name + ".png") });
            await AssertNoOverflowAsync(page, name);

            // The map works with a finger's drag.
            var before = await page.EvaluateAsync<double[]>(SettledViewScript);
            await page.Mouse.MoveAsync(map.X + map.Width / 2, map.Y + map.Height / 2);
            await page.Mouse.DownAsync();
            await page.Mouse.MoveAsync(map.X + map.Width / 2 - 120, map.Y + map.Height / 2, new MouseMoveOptions { Steps = 8 });
            await page.Mouse.UpAsync();
            var after = await page.EvaluateAsync<double[]>(SettledViewScript);
            Assert.True(after[0] > before[0] + 0.001, "dragging did not pan the map");

            await toggle.ClickAsync();
            await Assertions.Expect(toggle).ToHaveAttributeAsync("aria-expanded", "true");
            await Assertions.Expect(panel).ToBeInViewportAsync(new LocatorAssertionsToBeInViewportOptions { Ratio = 0.9f });
            await Assertions.Expect(page.Locator("#layer-toggle-sites")).ToBeVisibleAsync();
            // The drawer's slide (0.2 s) has ended.
            await page.WaitForFunctionAsync("() => document.getElementById('panel').getBoundingClientRect().left >= 0");
            var drawer = await panel.BoundingBoxAsync();
            Assert.True(drawer!.X >= 0 && drawer.X + drawer.Width <= width, "the drawer sticks out of the screen");
            // The map keeps its size under the drawer.
            var under = await viewer.Map.BoundingBoxAsync();
            Assert.Equal(map.Width, under!.Width, 1);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(fixture.Artifacts, name + "-drawer.png") });
            await AssertNoOverflowAsync(page, name + " with the drawer open");
            await page.Keyboard.PressAsync("Escape");
            await Assertions.Expect(toggle).ToHaveAttributeAsync("aria-expanded", "false");
            await Assertions.Expect(panel).Not.ToBeInViewportAsync();
            // Opened again, a touch on the map beside it closes it.
            await toggle.ClickAsync();
            await Assertions.Expect(panel).ToBeInViewportAsync(new LocatorAssertionsToBeInViewportOptions { Ratio = 0.9f });
            await page.Mouse.ClickAsync(width - 20, map.Y + map.Height / 2);
            await Assertions.Expect(toggle).ToHaveAttributeAsync("aria-expanded", "false");
            await Assertions.Expect(panel).Not.ToBeInViewportAsync();
        }
        else
        {
            await Assertions.Expect(toggle).ToBeHiddenAsync();
            await Assertions.Expect(panel).ToBeVisibleAsync();
            Assert.True(map.Width > width * 0.55, $"the map is only {map.Width}px wide");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(fixture.Artifacts, name + ".png") });
            await AssertNoOverflowAsync(page, name);
        }
        Assert.Empty(viewer.Errors);
    }

    [SkippableFact]
    public async Task The_focused_map_pans_with_the_arrow_keys_and_zooms_with_plus_and_minus()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        await using var viewer = await ViewerPage.OpenAsync(fixture);
        var page = viewer.Page;
        await viewer.SetViewAsync(104.05, 30.49, 15);
        await viewer.Map.FocusAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => document.activeElement === document.getElementById('map')"));

        var start = await page.EvaluateAsync<double[]>(SettledViewScript);
        await page.Keyboard.PressAsync("ArrowRight");
        var right = await page.EvaluateAsync<double[]>(SettledViewScript);
        Assert.True(right[0] > start[0] + 0.0005, $"ArrowRight left the centre at {right[0]}");
        Assert.Equal(start[1], right[1], 5);
        await page.Keyboard.PressAsync("ArrowDown");
        var down = await page.EvaluateAsync<double[]>(SettledViewScript);
        Assert.True(down[1] < right[1] - 0.0005, $"ArrowDown left the centre at {down[1]}");

        await page.Keyboard.PressAsync("+");
        var zoomedIn = await page.EvaluateAsync<double[]>(SettledViewScript);
        Assert.Equal(16, zoomedIn[2], 2);
        await page.Keyboard.PressAsync("-");
        await page.EvaluateAsync<double[]>(SettledViewScript);
        await page.Keyboard.PressAsync("-");
        var zoomedOut = await page.EvaluateAsync<double[]>(SettledViewScript);
        Assert.Equal(14, zoomedOut[2], 2);
        await Assertions.Expect(viewer.Map).ToHaveAttributeAsync("aria-label", "地图（方向键平移，+/- 缩放）");
        Assert.Empty(viewer.Errors);
    }

    [SkippableTheory]
    [InlineData("zh")]
    [InlineData("en")]
    public async Task Every_button_and_input_has_an_accessible_label_in_the_current_language(string language)
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        await using var viewer = await ViewerPage.OpenAsync(fixture);
        var page = viewer.Page;
        // The controls that appear on use are there too: a popup, search results, the tool layers' rows.
        await page.Locator("#coverage-apply").ClickAsync();
        await Assertions.Expect(page.Locator("#layer-toggle-coverage")).ToBeVisibleAsync();
        await page.Locator("#search").FillAsync("南湖");
        await Assertions.Expect(page.Locator("#search-results button").First).ToBeVisibleAsync();
        if (language == "en")
        {
            await page.Locator("#lang-en").ClickAsync();
            await Assertions.Expect(page.Locator("#title")).ToHaveTextAsync("Huayang Street planning map");
        }

        var problems = await page.EvaluateAsync<string[]>(UnlabelledScript, language);
        Assert.True(problems.Length == 0, string.Join("\n", problems));
        var count = await page.Locator("button, input, select").CountAsync();
        output.WriteLine($"{count} controls labelled in {language}");
        Assert.True(count > 30, $"only {count} controls on the page");
        var expected = language == "zh"
            ? new[] { ("#search", "搜索设施或社区"), (".ol-zoom-in", "放大"), ("#layer-opacity-sites", "透明度：公共服务设施"), ("#home-view", "回到全街道") }
            : [("#search", "Search a site or community"), (".ol-zoom-in", "Zoom in"), ("#layer-opacity-sites", "Opacity: Public service sites"), ("#home-view", "Whole street")];
        foreach (var (selector, label) in expected)
        {
            await Assertions.Expect(page.Locator(selector)).ToHaveAttributeAsync("aria-label", label);
        }
        Assert.Empty(viewer.Errors);
    }

    private async Task AssertNoOverflowAsync(IPage page, string what)
    {
        var problems = await page.EvaluateAsync<string[]>(OverflowScript);
        Assert.True(problems.Length == 0, $"{what}:\n{string.Join("\n", problems)}");
    }

    private static async Task<double> ZoomAsync(ViewerPage viewer) =>
        await viewer.Page.EvaluateAsync<double>("() => window.huayangViewerTestHooks.map.getView().getZoom()");

    private static async Task<string[]> RenderedAsync(ViewerPage viewer, double x, double y, string layer) =>
        await viewer.Page.EvaluateAsync<string[]>(RenderedIdsScript, new object[] { x, y, layer });

    /// <summary>Sites of other categories than kindergartens drawn in the view, with their pixels.</summary>
    private async Task<List<(string Id, double X, double Y)>> OtherSitesInViewAsync(ViewerPage viewer)
    {
        var all = await GetJsonAsync("collections/sites/items?limit=10000");
        var size = await viewer.Map.BoundingBoxAsync();
        var found = new List<(string, double, double)>();
        foreach (var feature in all.GetProperty("features").EnumerateArray())
        {
            var properties = feature.GetProperty("properties");
            if (properties.GetProperty("category").GetString() == "kindergarten")
            {
                continue;
            }
            var coordinates = feature.GetProperty("geometry").GetProperty("coordinates");
            var pixel = await viewer.Page.EvaluateAsync<double[]>("([lon, lat]) => window.huayangViewerTestHooks.pixelOf(lon, lat)",
                new[] { coordinates[0].GetDouble(), coordinates[1].GetDouble() });
            if (pixel[0] > 20 && pixel[1] > 20 && pixel[0] < size!.Width - 20 && pixel[1] < size.Height - 20)
            {
                found.Add((properties.GetProperty("id").GetString()!, pixel[0], pixel[1]));
            }
        }
        return found;
    }

    private async Task<(double Lon, double Lat)> PositionAsync(string collection, string id)
    {
        var feature = await GetJsonAsync($"collections/{collection}/items/{id}");
        var coordinates = feature.GetProperty("geometry").GetProperty("coordinates");
        return (coordinates[0].GetDouble(), coordinates[1].GetDouble());
    }

    /// <summary>The lon/lat bounds of a GeoJSON Point, Polygon or MultiPolygon.</summary>
    private static (double MinLon, double MinLat, double MaxLon, double MaxLat) Bounds(JsonElement geometry)
    {
        var positions = new List<(double, double)>();
        void Walk(JsonElement element)
        {
            if (element.ValueKind == JsonValueKind.Array && element.GetArrayLength() > 0 && element[0].ValueKind == JsonValueKind.Number)
            {
                positions.Add((element[0].GetDouble(), element[1].GetDouble()));
                return;
            }
            foreach (var child in element.EnumerateArray())
            {
                Walk(child);
            }
        }
        Walk(geometry.GetProperty("coordinates"));
        return (positions.Min(p => p.Item1), positions.Min(p => p.Item2), positions.Max(p => p.Item1), positions.Max(p => p.Item2));
    }

    private static (int, int, int) ParseColour(string hex)
    {
        var value = Convert.ToUInt32(hex[1..], 16);
        return ((int)((value >> 16) & 255), (int)((value >> 8) & 255), (int)(value & 255));
    }

    private static int Distance((int R, int G, int B) a, (int, int, int) b) =>
        Math.Abs(a.R - b.Item1) + Math.Abs(a.G - b.Item2) + Math.Abs(a.B - b.Item3);

    private async Task<JsonElement> GetJsonAsync(string path)
    {
        using var http = new HttpClient { BaseAddress = fixture.Server.BaseAddress };
        using var response = await http.GetAsync(path);
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }
}
