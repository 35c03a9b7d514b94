using System.Globalization;
using System.Text.Json;
using Huayang.Gis.Viewer.Tests.Support;
using Microsoft.Playwright;
using NetTopologySuite.Algorithm.Construct;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;
using NetTopologySuite.Geometries.Utilities;
using NetTopologySuite.IO.Converters;
using Xunit.Abstractions;

namespace Huayang.Gis.Viewer.Tests;

/// <summary>
/// Issue 10, the viewer's planning tools over the walking analyses: the service area (its pixels where the server's
/// polygon is and nowhere else, across the river included), the compliance theme (each community's colour from its
/// missing categories, the legend's counts, the findings in the popup) and the suggestion tool
/// (AnalysisToolTests.Suggest.cs). The viewer in headless Chromium against the real server and the bundled data; the
/// expected answers are the server's JSON, read here.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class AnalysisToolTests(BrowserFixture fixture, ITestOutputHelper output)
{
    /// <summary>The service area's ring fills, nearest first, and their alpha (serviceArea.js).</summary>
    private static readonly string[] RingColours = ["#08519c", "#3182bd", "#6baed6"];
    private const double RingAlpha = 0.32;

    /// <summary>The compliance ramp by ramp index (complianceTheme.js): 0 missing blue, then OrRd to all missing.</summary>
    /// <summary>The coverage theme's ramp (ColorBrewer YlGnBu) and its class breaks, as map-style.json has them.</summary>
    private static readonly string[] CoverageRamp = ["#FFFFCC", "#A1DAB4", "#41B6C4", "#2C7FB8", "#253494"];

    private static readonly double[] CoverageBreaks = [0.2, 0.4, 0.6, 0.8];

    private static readonly string[] ComplianceRamp = ["#2c7bb6", "#fdd49e", "#fdbb84", "#fc8d59", "#ef6548", "#d7301f", "#990000"];

    private static readonly JsonSerializerOptions GeoJsonOptions = new() { Converters = { new GeoJsonConverterFactory() } };

    private static readonly CultureInfo Chinese = CultureInfo.GetCultureInfo("zh-CN");

    [SkippableFact]
    public async Task The_walking_area_of_a_category_is_drawn_where_the_server_reaches_and_never_across_the_river()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        var answer = await FeaturesAsync("analysis/service-area?category=kindergarten&status=existing&level=5min");
        var area = Kind(answer, "area").Single().Geometry;
        var lines = Kind(answer, "line").Select(f => f.Geometry).ToList();
        var sites = Kind(answer, "site").Select(f => (Point)f.Geometry).ToList();
        var water = (await FeaturesAsync("collections/water/items?limit=1000")).Select(f => f.Geometry).ToList();

        // A kindergarten with a point within 300 m in a straight line, across the water from it, that no walk reaches;
        // and points of its walking area clear of the reached paths and of the area's edge.
        var (prepared, areaM, edgeM, linesM) = (PreparedGeometryFactory.Prepare(area), M(area), M(area.Boundary), M(new GeometryCollection([.. lines])));
        var sitesM = M(new MultiPoint([.. sites]));
        var (site, across, inside) = sites.Select(s => (Site: s, Across: Around(s).FirstOrDefault(p =>
                !prepared.Contains(p) && areaM.Distance(M(p)) > 25 && !water.Any(w => w.Contains(p))
                && water.Any(w => w.Intersects(new LineString([s.Coordinate, p.Coordinate])))),
                Inside: Around(s).Where(p => prepared.Contains(p) && edgeM.Distance(M(p)) > 25 && linesM.Distance(M(p)) > 14
                    && sitesM.Distance(M(p)) > 20).Take(3).ToList()))
            .First(c => c.Across is not null && c.Inside.Count == 3);
        output.WriteLine($"site {site}, across the river {across}, inside {string.Join(" ", inside)}");

        await using var viewer = await ViewerPage.OpenAsync(fixture);
        var page = viewer.Page;
        await Assertions.Expect(page.Locator("#layer-list li[data-layer=serviceArea]")).ToHaveCountAsync(0);
        // The names are hidden: the area's pixels are then its colour over the map beneath.
        await page.Locator("#layer-toggle-labels").UncheckAsync();
        await viewer.SetViewAsync(site.X, site.Y, 16);
        var before = await viewer.MapScreenshotAsync(fixture, "analysis-service-area-before");

        await page.Locator("#sa-category").SelectOptionAsync("kindergarten");
        await page.Locator("#sa-status").SelectOptionAsync("existing");
        await page.Locator("#sa-level").SelectOptionAsync("5min");
        await page.Locator("#sa-run").ClickAsync();
        await Assertions.Expect(page.Locator("#sa-legend li[data-distance]")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#sa-legend li[data-distance='300']")).ToHaveTextAsync("步行 4.5 分钟 · 300 米 (五分钟生活圈)");
        await Assertions.Expect(page.Locator("#sa-result")).ToHaveTextAsync($"步行服务范围：幼儿园（现状设施，{sites.Count} 处）");
        await Assertions.Expect(page.Locator("#sa-legend li")).ToHaveCountAsync(3);
        await viewer.RenderedAsync();
        var drawn = await viewer.MapScreenshotAsync(fixture, "analysis-service-area-category");
        await Assertions.Expect(page.Locator("#layer-list li[data-layer=serviceArea]")).ToHaveCountAsync(1);

        foreach (var point in inside)
        {
            var (x, y) = await ViewerToolTests.MapPixelAsync(viewer, point.X, point.Y);
            var under = await viewer.PixelAsync(before, (int)x, (int)y);
            var colour = await viewer.PixelAsync(drawn, (int)x, (int)y);
            output.WriteLine($"inside {point}: {under} → {colour}, expected {Blend(under, RingColours[0])}");
            Assert.True(Distance(colour, Blend(under, RingColours[0])) <= 24, $"{point} is in the server's area, yet its pixel {colour} is not the area's colour over {under}");
        }
        var (ax, ay) = await ViewerToolTests.MapPixelAsync(viewer, across!.X, across.Y);
        var (beneath, there) = (await viewer.PixelAsync(before, (int)ax, (int)ay), await viewer.PixelAsync(drawn, (int)ax, (int)ay));
        output.WriteLine($"across {across}: {beneath} → {there}");
        Assert.True(Distance(there, beneath) <= 24, $"the area jumps the river: {across} ({M(site).Distance(M(across)):0} m from {site}) changed from {beneath} to {there}");
        Assert.True(Distance(there, Blend(beneath, RingColours[0])) > 24, "the test cannot tell the area from the map there");

        await page.Locator("#sa-clear").ClickAsync();
        await viewer.RenderedAsync();
        var cleared = await viewer.MapScreenshotAsync(fixture, "analysis-service-area-cleared");
        var (ix, iy) = await ViewerToolTests.MapPixelAsync(viewer, inside[0].X, inside[0].Y);
        Assert.True(Distance(await viewer.PixelAsync(cleared, (int)ix, (int)iy), await viewer.PixelAsync(before, (int)ix, (int)iy)) <= 24, "the clear button left the area");
        await Assertions.Expect(page.Locator("#sa-legend li")).ToHaveCountAsync(0);
        Assert.Empty(viewer.Errors);
    }

    [SkippableFact]
    public async Task A_site_picked_on_the_map_or_from_its_popup_gets_its_five_ten_and_fifteen_minute_rings()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        const string kindergarten = "site-nanhu-kindergarten-1";
        var answer = await FeaturesAsync($"analysis/service-area?site={kindergarten}");
        var rings = Kind(answer, "area").OrderBy(f => Convert.ToDouble(f.Attributes["distance_m"], CultureInfo.InvariantCulture)).Select(f => f.Geometry).ToList();
        var site = (Point)Kind(answer, "site").Single().Geometry;
        var lines = Kind(answer, "line").Select(f => f.Geometry).ToList();
        Assert.Equal(3, rings.Count);
        // A point 150-280 m away inside the nearest ring, clear of the paths; one beyond the farthest ring.
        var linesM = M(new GeometryCollection([.. lines]));
        var near = Around(site).First(p => rings[0].Contains(p) && M(rings[0].Boundary).Distance(M(p)) > 20 && linesM.Distance(M(p)) > 14);
        var far = Around(site, 1150).First(p => !rings[2].Contains(p) && M(rings[2]).Distance(M(p)) > 30);
        var park = (await FeaturesAsync("collections/sites/items?limit=1000")).First(f => (string)f.Attributes["category"] == "park");

        await using var viewer = await ViewerPage.OpenAsync(fixture);
        var page = viewer.Page;
        await page.Locator("#layer-toggle-labels").UncheckAsync();
        await viewer.SetViewAsync(site.X, site.Y, 14.5);
        var before = await viewer.MapScreenshotAsync(fixture, "analysis-service-area-site-before");
        await page.Locator("#sa-pick").ClickAsync();
        await Assertions.Expect(page.Locator("#sa-pick")).ToHaveAttributeAsync("aria-pressed", "true");
        await Assertions.Expect(page.Locator("#sa-result")).ToHaveTextAsync("单击地图上的设施，绘制其步行服务范围。");
        await viewer.ClickMapAsync(site.X, site.Y);
        await Assertions.Expect(page.Locator("#sa-result")).ToHaveTextAsync("步行服务范围：南湖幼儿园");
        var legend = page.Locator("#sa-legend li[data-distance]");
        await Assertions.Expect(legend).ToHaveCountAsync(3);
        Assert.Equal(["步行 4.5 分钟 · 300 米 (五分钟生活圈)", "步行 7.5 分钟 · 500 米 (十分钟生活圈)", "步行 14.9 分钟 · 1,000 米 (十五分钟生活圈)"],
            await legend.AllTextContentsAsync());
        // No popup while picking.
        await Assertions.Expect(page.Locator("#popup")).ToBeHiddenAsync();
        await viewer.RenderedAsync();
        var drawn = await viewer.MapScreenshotAsync(fixture, "analysis-service-area-site");

        // Inside the 5-minute ring all three fills lie over the map, the farthest first.
        var (nx, ny) = await ViewerToolTests.MapPixelAsync(viewer, near.X, near.Y);
        var under = await viewer.PixelAsync(before, (int)nx, (int)ny);
        var expected = Blend(Blend(Blend(under, RingColours[2]), RingColours[1]), RingColours[0]);
        var colour = await viewer.PixelAsync(drawn, (int)nx, (int)ny);
        output.WriteLine($"near {near}: {under} → {colour}, expected {expected}");
        Assert.True(Distance(colour, expected) <= 30, $"inside the 5-minute ring {colour} is not the three rings' colour {expected}");
        var (fx, fy) = await ViewerToolTests.MapPixelAsync(viewer, far.X, far.Y);
        Assert.True(Distance(await viewer.PixelAsync(drawn, (int)fx, (int)fy), await viewer.PixelAsync(before, (int)fx, (int)fy)) <= 24, $"{far} is beyond the 15-minute area but drawn");

        // A click beside every site says so; the tool switches off with another tool, and a click opens a popup again,
        // whose button draws that site's area.
        await viewer.ClickMapAsync(far.X, far.Y);
        await Assertions.Expect(page.Locator("#sa-result")).ToContainTextAsync("此处没有设施");
        await page.Locator("#ring-mode").ClickAsync();
        await Assertions.Expect(page.Locator("#sa-pick")).ToHaveAttributeAsync("aria-pressed", "false");
        await page.Locator("#ring-mode").ClickAsync();
        var parkPoint = (Point)park.Geometry;
        await viewer.SetViewAsync(parkPoint.X, parkPoint.Y, 16);
        await viewer.ClickMapAsync(parkPoint.X, parkPoint.Y);
        await Assertions.Expect(page.Locator("#popup .popup-name-zh")).ToHaveTextAsync((string)park.Attributes["name_zh"]);
        await page.Locator("#popup button[data-action=service-area]").ClickAsync();
        await Assertions.Expect(page.Locator("#sa-result")).ToHaveTextAsync($"步行服务范围：{park.Attributes["name_zh"]}");
        await viewer.RenderedAsync();
        await viewer.MapScreenshotAsync(fixture, "analysis-service-area-popup");

        await page.Locator("#lang-en").ClickAsync();
        await Assertions.Expect(legend.Nth(0)).ToHaveTextAsync("4.5 min walk · 300 m (5-minute life circle)");
        await Assertions.Expect(page.Locator("#sa-result")).ToHaveTextAsync($"Walking service area: {park.Attributes["name_en"]}");
        Assert.Empty(viewer.Errors);
    }

    [SkippableFact]
    public async Task The_compliance_theme_colours_each_community_by_its_missing_categories_and_its_popup_says_why()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        var level = (await GetJsonAsync("analysis/compliance?f=json&level=15min&status=all")).GetProperty("levels")[0];
        var required = level.GetProperty("required_categories").GetArrayLength();
        var communities = level.GetProperty("communities").EnumerateArray().ToDictionary(c => c.GetProperty("community_id").GetString()!);
        var shapes = (await FeaturesAsync("collections/communities/items?limit=1000")).ToDictionary(f => (string)f.Attributes["id"], f => f.Geometry);
        // One community per count of missing categories (the roomiest of each), at least three counts, 0 among them.
        var chosen = communities.Values.GroupBy(c => c.GetProperty("missing").GetArrayLength()).OrderBy(g => g.Key)
            .Select(g => g.Select(c => c.GetProperty("community_id").GetString()!).MaxBy(id => Roomiest(shapes[id]).Radius)!).ToList();
        Assert.True(chosen.Count >= 3 && communities[chosen[0]].GetProperty("missing").GetArrayLength() == 0,
            $"the data has {chosen.Count} counts of missing categories: the test needs three, 0 among them");

        await using var viewer = await ViewerPage.OpenAsync(fixture);
        var page = viewer.Page;
        // Only the communities are drawn: each one's pixels are then its fill over the map's background.
        foreach (var toggle in await page.Locator("#layer-list input[id^=layer-toggle-]").AllAsync())
        {
            if (await toggle.GetAttributeAsync("id") != "layer-toggle-communities")
            {
                await toggle.UncheckAsync();
            }
        }
        // The coverage theme is on first: the compliance theme replaces it.
        await page.Locator("#coverage-apply").ClickAsync();
        await Assertions.Expect(page.Locator(".legend-coverage")).ToBeVisibleAsync();
        await page.Locator("#compliance-level").SelectOptionAsync("15min");
        await page.Locator("#compliance-status").SelectOptionAsync("all");
        await page.Locator("#compliance-apply").ClickAsync();
        var legend = page.Locator("#compliance-legend li");
        await Assertions.Expect(legend).ToHaveCountAsync(required + 1);
        await Assertions.Expect(page.Locator(".legend-coverage")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#coverage-total")).ToHaveTextAsync("");
        for (var missing = 0; missing <= required; missing++)
        {
            var count = communities.Values.Count(c => c.GetProperty("missing").GetArrayLength() == missing);
            var name = missing == 0 ? "全部达标" : $"缺 {missing} 类";
            await Assertions.Expect(page.Locator($"#compliance-legend li[data-missing='{missing}']")).ToHaveTextAsync($"{name} · {count} 个社区");
        }
        var met = communities.Values.Count(c => c.GetProperty("missing").GetArrayLength() == 0);
        // Every standard's levels are offered once the theme has been used, the plan's international ones too.
        await Assertions.Expect(page.Locator("#compliance-level option[value='intl-15min']")).ToHaveTextAsync("十五分钟国际生活服务圈 (1,000 米)");
        await Assertions.Expect(page.Locator("#compliance-total")).ToContainTextAsync($"{met} / {communities.Count} 个社区全部达标");

        var background = ViewerFixTests.Colour("#f3f1ea");
        foreach (var id in chosen)
        {
            var missing = communities[id].GetProperty("missing").GetArrayLength();
            var centre = Roomiest(shapes[id]).Centre;
            await viewer.SetViewAsync(centre.X, centre.Y, 15);
            var shot = await viewer.MapScreenshotAsync(fixture, $"analysis-compliance-{id}");
            var (x, y) = await ViewerToolTests.MapPixelAsync(viewer, centre.X, centre.Y);
            var colour = await viewer.PixelAsync(shot, (int)x, (int)y);
            var index = missing == 0 ? 0 : (int)Math.Ceiling((double)missing / required * 6);
            var expected = Blend(background, ComplianceRamp[index], 215.0 / 255);
            var closest = Enumerable.Range(0, ComplianceRamp.Length).MinBy(i => Distance(colour, Blend(background, ComplianceRamp[i], 215.0 / 255)));
            output.WriteLine($"{id}: {missing} missing, pixel {colour}, expected {expected} (class {index}, closest {closest})");
            Assert.True(Distance(colour, expected) <= 18 && closest == index, $"{id} misses {missing} categories but is drawn {colour}, not {expected}");
        }

        // The popup of the community missing most lists every required category in plain words.
        var worst = chosen[^1];
        var spot = Roomiest(shapes[worst]).Centre;
        await viewer.SetViewAsync(spot.X, spot.Y, 15);
        await viewer.ClickMapAsync(spot.X, spot.Y);
        var popup = page.Locator("#popup");
        await Assertions.Expect(popup.Locator(".popup-name-zh")).ToHaveTextAsync(communities[worst].GetProperty("name_zh").GetString()!);
        var wanted = communities[worst].GetProperty("missing").GetArrayLength();
        await Assertions.Expect(popup.Locator(".popup-findings-heading")).ToHaveTextAsync($"十五分钟生活圈：缺 {wanted} 类（共 {required} 类）");
        var radius = level.GetProperty("radius_m").GetDouble();
        var findings = communities[worst].GetProperty("findings").EnumerateArray().Select(f => FindingText(f, radius)).ToList();
        Assert.Equal(findings, await popup.Locator(".popup-findings li").AllTextContentsAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(fixture.Artifacts, "analysis-compliance-popup.png") });

        // Cleared, the communities are their plain fill again and the coverage theme can come back.
        await page.Locator("#compliance-clear").ClickAsync();
        await Assertions.Expect(legend).ToHaveCountAsync(0);
        await Assertions.Expect(popup.Locator(".popup-findings")).ToHaveCountAsync(0);
        await page.Locator("#lang-en").ClickAsync();
        await page.Locator("#compliance-apply").ClickAsync();
        await Assertions.Expect(page.Locator("#compliance-legend li[data-missing='0']")).ToHaveTextAsync($"All met · {met} {(met == 1 ? "community" : "communities")}");
        await page.Locator("#layer-toggle-labels").CheckAsync();
        await page.Locator("#home-view").ClickAsync();
        await page.EvaluateAsync<double[]>(ViewerToolTests.SettledViewScript);
        await viewer.RenderedAsync();
        await viewer.MapScreenshotAsync(fixture, "analysis-compliance-street-en");
        // The coverage theme in turn replaces the compliance theme.
        await page.Locator("#coverage-apply").ClickAsync();
        await Assertions.Expect(page.Locator(".legend-coverage")).ToBeVisibleAsync();
        await Assertions.Expect(legend).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#compliance-total")).ToHaveTextAsync("");
        // And the community missing most takes the coverage ramp's colour for its covered share, not its compliance colour
        // (the names, the gaps' hatching and the popup off, so its pixel is its fill over the background).
        var chosenTheme = await Task.WhenAll(new[] { "category", "level", "status", "method" }.Select(s => page.Locator($"#coverage-{s}").InputValueAsync()));
        var coverage = await GetJsonAsync($"analysis/coverage?category={chosenTheme[0]}&level={chosenTheme[1]}&status={chosenTheme[2]}&method={chosenTheme[3]}");
        var share = coverage.GetProperty("communities").EnumerateArray()
            .Single(c => c.GetProperty("community_id").GetString() == worst).GetProperty("covered_share").GetDouble();
        await page.Locator("#layer-toggle-labels").UncheckAsync();
        await page.Locator("#layer-toggle-coverage").UncheckAsync();
        await page.Locator("#popup-close").ClickAsync();
        await viewer.SetViewAsync(spot.X, spot.Y, 15);
        var replaced = await viewer.MapScreenshotAsync(fixture, "analysis-coverage-after-compliance");
        var (wx, wy) = await ViewerToolTests.MapPixelAsync(viewer, spot.X, spot.Y);
        var drawn = await viewer.PixelAsync(replaced, (int)wx, (int)wy);
        var coverageColour = Blend(background, CoverageRamp[CoverageBreaks.Count(b => share >= b)], 215.0 / 255);
        var complianceColour = Blend(background, ComplianceRamp[(int)Math.Ceiling((double)wanted / required * 6)], 215.0 / 255);
        output.WriteLine($"{worst} after the coverage theme: share {share}, pixel {drawn}, expected {coverageColour}, compliance {complianceColour}");
        Assert.True(Distance(drawn, coverageColour) <= 18 && Distance(drawn, complianceColour) > 18,
            $"{worst} covered {share} is drawn {drawn}, not the coverage colour {coverageColour}");
        Assert.Empty(viewer.Errors);
    }

    /// <summary>A finding as the popup writes it in Chinese (complianceTheme.js findingText).</summary>
    private static string FindingText(JsonElement finding, double radius)
    {
        var name = finding.GetProperty("name_zh").GetString();
        var share = Percent(finding.GetProperty("covered_share").GetDouble());
        if (finding.GetProperty("met").GetBoolean())
        {
            return $"✓ {name}：{share} 的居民步行 {Grouped(radius)} 米内可达";
        }
        var nearest = finding.GetProperty("nearest_m");
        var where = nearest.ValueKind == JsonValueKind.Number ? $"最近设施步行 {Grouped(nearest.GetDouble())} 米" : "步行无法到达任何此类设施";
        return $"✗ {name}：{Grouped(finding.GetProperty("population_without").GetDouble())} 人步行不可达（仅 {share} 可达），{where}";
    }

    private static string Percent(double share) => (share * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private static string Grouped(double value) => Math.Round(value, MidpointRounding.AwayFromZero).ToString("N0", Chinese);

    /// <summary>The centre of the largest circle inside a community, and its radius in degrees.</summary>
    private static (Point Centre, double Radius) Roomiest(Geometry shape)
    {
        var circle = new MaximumInscribedCircle(shape, 1e-5);
        return (circle.GetCenter(), circle.GetRadiusLine().Length);
    }

    /// <summary>Points 120-280 m (or about <paramref name="metres"/>) from a site, every 15°, nearest first.</summary>
    private static IEnumerable<Point> Around(Point site, double? metres = null) =>
        from distance in metres is { } m ? [m] : new[] { 120.0, 160, 200, 240, 280 }
        from bearing in Enumerable.Range(0, 24).Select(i => i * 15.0)
        let east = distance * Math.Sin(bearing * Math.PI / 180)
        let north = distance * Math.Cos(bearing * Math.PI / 180)
        select new Point(site.X + east / MetresPerDegreeLon(site.Y), site.Y + north / MetresPerDegreeLat);

    private const double MetresPerDegreeLat = 110_574;

    private static double MetresPerDegreeLon(double lat) => 111_320 * Math.Cos(lat * Math.PI / 180);

    /// <summary>The street's lon/lat scaled to metres at its middle latitude (distances within 0.1 % over the street).</summary>
    private static readonly AffineTransformation Plane = AffineTransformation.ScaleInstance(MetresPerDegreeLon(30.5), MetresPerDegreeLat);

    private static Geometry M(Geometry geometry) => Plane.Transform(geometry);

    /// <summary>A colour drawn at <paramref name="alpha"/> over a pixel (the canvas' source-over).</summary>
    private static (int R, int G, int B) Blend((int R, int G, int B) under, string hex, double alpha = RingAlpha)
    {
        var top = ViewerFixTests.Colour(hex);
        int Mix(int below, int above) => (int)Math.Round(below * (1 - alpha) + above * alpha);
        return (Mix(under.R, top.R), Mix(under.G, top.G), Mix(under.B, top.B));
    }

    private static int Distance((int R, int G, int B) a, (int R, int G, int B) b) => Math.Abs(a.R - b.R) + Math.Abs(a.G - b.G) + Math.Abs(a.B - b.B);

    private static IEnumerable<IFeature> Kind(FeatureCollection features, string kind) =>
        features.Where(f => f.Attributes.GetOptionalValue("kind") as string == kind);

    private async Task<FeatureCollection> FeaturesAsync(string path)
    {
        using var http = new HttpClient { BaseAddress = fixture.Server.BaseAddress };
        return JsonSerializer.Deserialize<FeatureCollection>(await http.GetStringAsync(path), GeoJsonOptions)!;
    }

    private async Task<JsonElement> GetJsonAsync(string path)
    {
        using var http = new HttpClient { BaseAddress = fixture.Server.BaseAddress };
        return JsonDocument.Parse(await http.GetStringAsync(path)).RootElement.Clone();
    }
}
