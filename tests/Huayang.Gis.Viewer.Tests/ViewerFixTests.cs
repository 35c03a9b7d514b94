using System.Globalization;
using System.Text.Json;
using Huayang.Gis.Viewer.Tests.Support;
using Microsoft.Playwright;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;
using Xunit.Abstractions;

namespace Huayang.Gis.Viewer.Tests;

/// <summary>
/// Issue 14, what was broken: popups that moved the map, plan points and the axis that could not be clicked, sites cut
/// at the edge of the data, names repeated on every tile and cut at tile edges, popups in ids and codes. The viewer at
/// 1440×900 in headless Chromium against the real server and the bundled data.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ViewerFixTests(BrowserFixture fixture, ITestOutputHelper output)
{
    /// <summary>The site at the western edge of the sites' data (its bounds run through it).</summary>
    private const string EdgeSite = "site-hechi-middle_school-1";

    private static readonly JsonSerializerOptions GeoJson = new() { Converters = { new GeoJsonConverterFactory() } };

    [SkippableFact]
    public async Task Popups_leave_the_map_where_it_is_when_they_fit()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        await using var viewer = await OpenAsync();
        await viewer.SetViewAsync(104.05, 30.49, 15);
        var box = (await viewer.Map.BoundingBoxAsync())!;
        var before = await CentreAsync(viewer);
        // Sites in the lower two thirds of the map, away from its sides: their popups fit above them.
        var collection = (await GetJsonAsync("collections/sites/items?limit=1000")).GetProperty("features");
        var names = collection.EnumerateArray().ToDictionary(f => f.GetProperty("id").GetString()!, f => f.GetProperty("properties").GetProperty("name_zh").GetString()!);
        var sites = collection.EnumerateArray()
            .Select(f => (Id: f.GetProperty("id").GetString()!, Lon: f.GetProperty("geometry").GetProperty("coordinates")[0].GetDouble(),
                Lat: f.GetProperty("geometry").GetProperty("coordinates")[1].GetDouble()))
            .ToList();
        var clicked = 0;
        foreach (var site in sites)
        {
            var pixel = await PixelOfAsync(viewer, site.Lon, site.Lat);
            // At zoom 15 a pixel is about 4 m: a site with another within 120 m could give that one's popup.
            var alone = sites.All(other => other.Id == site.Id || Math.Abs(other.Lon - site.Lon) > 0.0012 || Math.Abs(other.Lat - site.Lat) > 0.0012);
            if (!alone || pixel[0] < 220 || pixel[0] > box.Width - 220 || pixel[1] < box.Height * 0.45 || pixel[1] > box.Height - 40)
            {
                continue;
            }
            await viewer.ClickMapAsync(site.Lon, site.Lat);
            await Assertions.Expect(viewer.Page.Locator("#popup .popup-name-zh")).ToHaveTextAsync(names[site.Id]);
            await viewer.RenderedAsync();
            var popup = (await viewer.Page.Locator("#popup").BoundingBoxAsync())!;
            Assert.True(Inside(popup, box), $"{site.Id}: the popup {Describe(popup)} is not inside the map {Describe(box)}");
            var after = await CentreAsync(viewer);
            output.WriteLine($"{site.Id}: centre moved {Math.Abs(after[0] - before[0]):0.00} m, {Math.Abs(after[1] - before[1]):0.00} m");
            Assert.True(Math.Abs(after[0] - before[0]) < 0.01 && Math.Abs(after[1] - before[1]) < 0.01,
                $"{site.Id}: the popup moved the map from {before[0]:0.0},{before[1]:0.0} to {after[0]:0.0},{after[1]:0.0}");
            await viewer.MapScreenshotAsync(fixture, $"fix-popup-{clicked}");
            // Closed before the next click, which its box could cover.
            await viewer.Page.Locator("#popup-close").ClickAsync();
            await Assertions.Expect(viewer.Page.Locator("#popup")).ToBeHiddenAsync();
            if (++clicked == 5)
            {
                break;
            }
        }
        Assert.Equal(5, clicked);
        Assert.Empty(viewer.Errors);
    }

    [SkippableFact]
    public async Task A_searched_site_is_not_under_its_own_popup()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        var site = await GetJsonAsync("collections/sites/items/site-nanhu-kindergarten-1");
        var (lon, lat) = Position(site);
        await using var viewer = await OpenAsync();

        await viewer.Page.Locator("#search").FillAsync("南湖幼儿园");
        await viewer.Page.Locator("#search-results button").First.ClickAsync();
        var popup = viewer.Page.Locator("#popup");
        await Assertions.Expect(popup).ToContainTextAsync("Nanhu Kindergarten");
        await viewer.RenderedAsync();

        var map = (await viewer.Map.BoundingBoxAsync())!;
        var shown = (await popup.BoundingBoxAsync())!;
        var (x, y) = await viewer.PagePointAsync(lon, lat);
        await viewer.MapScreenshotAsync(fixture, "fix-search-popup");
        Assert.True(Inside(shown, map), $"the popup {Describe(shown)} is cut by the map's edge {Describe(map)}");
        Assert.False(x >= shown.X && x <= shown.X + shown.Width && y >= shown.Y && y <= shown.Y + shown.Height,
            $"the site at {x:0},{y:0} is under its popup {Describe(shown)}");
        Assert.True(x > map.X && x < map.X + map.Width && y > map.Y && y < map.Y + map.Height, $"the site at {x:0},{y:0} is off the map");
        Assert.Empty(viewer.Errors);
    }

    [SkippableFact]
    public async Task Each_plan_element_opens_its_own_popup()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        var plan = Read(await GetJsonAsync("collections/plan/items"));
        var sites = Read(await GetJsonAsync("collections/sites/items?limit=1000"));
        Assert.Equal(7, plan.Count);
        var roads = Read(await GetJsonAsync("collections/roads/items?limit=1000"));
        // Where to click each: a point at itself, the axis at a place of its at least ~40 px (at zoom 15) from every site
        // and plan point, an area at zoom 13 (no walkways) at a place at least ~15 px from every site, road and other plan
        // element.
        var clearance = 0.0015;
        var taken = new GeometryCollection(sites.Select(s => s.Geometry).ToArray()).Buffer(clearance);
        var planPoints = new GeometryCollection(plan.Where(p => p.Geometry is Point).Select(p => p.Geometry).ToArray()).Buffer(clearance);
        await using var viewer = await OpenAsync();
        foreach (var (id, element) in plan)
        {
            Geometry place = element.GeometryType switch
            {
                "Point" => element,
                "LineString" => element.Difference(taken).Difference(planPoints),
                _ => element.Difference(new GeometryCollection(sites.Concat(roads).Select(s => s.Geometry).ToArray()).Buffer(2 * clearance))
                    .Difference(Others(plan, id).Buffer(2 * clearance)),
            };
            var zoom = element.GeometryType is "Point" or "LineString" ? 15 : 13;
            Assert.False(place.IsEmpty, $"{id}: no place to click clear of the others");
            var target = place is LineString or MultiLineString ? Middle(place) : place.InteriorPoint.Coordinate;
            if (await viewer.Page.Locator("#popup").IsVisibleAsync())
            {
                await viewer.Page.Locator("#popup-close").ClickAsync();
            }
            await viewer.SetViewAsync(target.X, target.Y, zoom);
            await viewer.ClickMapAsync(target.X, target.Y);

            var popup = viewer.Page.Locator("#popup");
            await Assertions.Expect(popup).ToBeVisibleAsync();
            var properties = (await GetJsonAsync($"collections/plan/items/{id}")).GetProperty("properties");
            await Assertions.Expect(popup.Locator(".popup-name-zh")).ToHaveTextAsync(properties.GetProperty("name_zh").GetString()!);
            await Assertions.Expect(popup.Locator(".popup-layer")).ToHaveTextAsync("规划要素");
            await viewer.MapScreenshotAsync(fixture, $"fix-plan-{id}");
            output.WriteLine($"{id}: clicked {target.X:0.00000},{target.Y:0.00000}");
            if (element.GeometryType == "Point")
            {
                // The zone or community beneath is listed, and a click on it switches the popup to it.
                var others = popup.Locator(".popup-others button");
                Assert.True(await others.CountAsync() >= 1, $"{id}: the popup does not list what lies beneath");
                var beneath = await others.First.TextContentAsync();
                await others.First.ClickAsync();
                await Assertions.Expect(popup.Locator(".popup-name-zh")).Not.ToHaveTextAsync(properties.GetProperty("name_zh").GetString()!);
                await Assertions.Expect(popup.Locator(".popup-others button").First).ToContainTextAsync(properties.GetProperty("name_zh").GetString()!);
                output.WriteLine($"{id}: beneath it {beneath}");
            }
        }
        Assert.Empty(viewer.Errors);
    }

    [SkippableFact]
    public async Task A_site_at_the_edge_of_the_data_is_drawn_whole_with_its_name()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        var style = await GetJsonAsync("map/style.json");
        var site = await GetJsonAsync($"collections/sites/items/{EdgeSite}");
        var (lon, lat) = Position(site);
        var colour = Colour(style.GetProperty("sites").GetProperty("categories").GetProperty("middle_school").GetProperty("color").GetString()!);
        await using var viewer = await OpenAsync();
        await viewer.SetViewAsync(lon + 0.001, lat, 17);
        var shot = await viewer.MapScreenshotAsync(fixture, "fix-edge-site");
        var pixel = await PixelOfAsync(viewer, lon, lat);
        var (x, y) = ((int)Math.Round(pixel[0]), (int)Math.Round(pixel[1]));

        // The symbol's western half (west of the data's bounds) is drawn in the category's colour.
        var west = await CountColourAsync(viewer, shot, [x - 5, y - 3, x - 1, y + 3], colour, 40);
        Assert.True(west >= 8, $"only {west} pixels of the symbol's western half are in its colour");
        // Its name (河池中学) is written under it across its position: with the sites hidden, pixels change west of it as
        // well as east (a name cut at the bounds would change only east of them).
        await viewer.Page.Locator("#layer-toggle-sites").UncheckAsync();
        await viewer.RenderedAsync();
        var without = await viewer.MapScreenshotAsync(fixture, "fix-edge-site-hidden");
        var nameWest = await DifferingAsync(viewer, shot, without, [x - 30, y + 8, x - 2, y + 28]);
        var nameEast = await DifferingAsync(viewer, shot, without, [x + 2, y + 8, x + 30, y + 28]);
        output.WriteLine($"symbol west {west}, name west {nameWest}, east {nameEast}");
        Assert.True(nameWest > 25, $"only {nameWest} pixels of the name west of the site: it is cut");
        Assert.True(nameEast > 25, $"only {nameEast} pixels of the name east of the site");
        Assert.Empty(viewer.Errors);
    }

    [SkippableFact]
    public async Task At_the_first_view_every_community_is_named_in_both_languages()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        var communities = Read(await GetJsonAsync("collections/communities/items?limit=1000"));
        await using var viewer = await OpenAsync();
        foreach (var language in new[] { "zh", "en" })
        {
            if (language == "en")
            {
                await viewer.Page.Locator("#lang-en").ClickAsync();
            }
            await viewer.RenderedAsync();
            await viewer.MapScreenshotAsync(fixture, $"fix-first-view-labels-{language}");
            var labels = await LabelsAsync(viewer);
            var named = labels.Where(l => l.Collection == "communities").Select(l => l.Id).Distinct().ToList();
            output.WriteLine($"{language}: {named.Count} of {communities.Count} communities named; {labels.Count} labels");
            Assert.True(named.Count >= communities.Count - 2, $"{language}: only {named.Count} of {communities.Count} communities are named");
            var property = language == "zh" ? "name_zh" : "name_en";
            var sample = (await GetJsonAsync($"collections/communities/items/{named[0]}")).GetProperty("properties").GetProperty(property).GetString();
            Assert.Equal(sample, labels.First(l => l.Id == named[0]).Text);
            await AssertWholeAsync(viewer, labels);
        }
        Assert.Empty(viewer.Errors);
    }

    [SkippableTheory]
    [InlineData("zone-health-sports", "zh")]
    [InlineData("zone-education-talent", "en")]
    public async Task Close_up_a_zone_is_named_once_and_whole(string zoneId, string language)
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        var zone = await GetJsonAsync($"collections/plan/items/{zoneId}");
        var name = zone.GetProperty("properties").GetProperty(language == "zh" ? "name_zh" : "name_en").GetString()!;
        var geometry = JsonSerializer.Deserialize<Geometry>(zone.GetProperty("geometry").GetRawText(), GeoJson)!;
        var inside = geometry.InteriorPoint;
        await using var viewer = await OpenAsync();
        if (language == "en")
        {
            await viewer.Page.Locator("#lang-en").ClickAsync();
        }
        await viewer.SetViewAsync(inside.X, inside.Y, 17);
        await viewer.MapScreenshotAsync(fixture, $"fix-zone-label-{zoneId}-{language}");

        var labels = await LabelsAsync(viewer);
        var shown = labels.Where(l => l.Id == zoneId).ToList();
        Assert.Single(shown);
        Assert.Equal(name, shown[0].Text);
        await AssertWholeAsync(viewer, labels);
        Assert.Empty(viewer.Errors);
    }

    [SkippableFact]
    public async Task A_site_popup_names_its_community_and_shows_no_raw_id()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        var site = await GetJsonAsync("collections/sites/items/site-nanhu-kindergarten-1");
        var properties = site.GetProperty("properties");
        var communityId = properties.GetProperty("community_id").GetString()!;
        var community = (await GetJsonAsync($"collections/communities/items/{communityId}")).GetProperty("properties");
        var (lon, lat) = Position(site);
        await using var viewer = await OpenAsync();
        await viewer.SetViewAsync(lon, lat, 17);
        await viewer.ClickMapAsync(lon, lat);

        var popup = viewer.Page.Locator("#popup");
        await Assertions.Expect(popup.Locator("tr[data-attribute=community_id]")).ToContainTextAsync("所属社区");
        await Assertions.Expect(popup.Locator("tr[data-attribute=community_id]")).ToContainTextAsync(community.GetProperty("name_zh").GetString()!);
        await Assertions.Expect(popup.Locator("tr[data-attribute=capacity]")).ToContainTextAsync(
            properties.GetProperty("capacity").GetInt32().ToString("N0", CultureInfo.InvariantCulture) + " 个学位");
        await viewer.MapScreenshotAsync(fixture, "fix-popup-plain-zh");
        await AssertNoRawIdAsync(popup, properties.GetProperty("id").GetString()!, communityId);

        await viewer.Page.Locator("#lang-en").ClickAsync();
        await Assertions.Expect(popup.Locator("tr[data-attribute=community_id]")).ToContainTextAsync(community.GetProperty("name_en").GetString()!);
        await Assertions.Expect(popup.Locator("tr[data-attribute=capacity]")).ToContainTextAsync("places");
        await AssertNoRawIdAsync(popup, properties.GetProperty("id").GetString()!, communityId);
        await viewer.MapScreenshotAsync(fixture, "fix-popup-plain-en");
        Assert.Empty(viewer.Errors);
    }

    [SkippableFact]
    public async Task A_plan_popup_gives_its_theme_in_the_current_language()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        var point = await GetJsonAsync("collections/plan/items/point-luhu");
        var (lon, lat) = Position(point);
        var theme = point.GetProperty("properties").GetProperty("theme").GetString()!;
        await using var viewer = await OpenAsync();
        await viewer.SetViewAsync(lon, lat, 15);
        await viewer.ClickMapAsync(lon, lat);

        var row = viewer.Page.Locator("#popup tr[data-attribute=theme]");
        await Assertions.Expect(row).ToContainTextAsync("主题");
        await Assertions.Expect(row).ToContainTextAsync("国际学校");
        await Assertions.Expect(viewer.Page.Locator("#popup")).Not.ToContainTextAsync("authored reading");
        await Assertions.Expect(viewer.Page.Locator("#popup")).Not.ToContainTextAsync("point-luhu");
        await viewer.Page.Locator("#lang-en").ClickAsync();
        await Assertions.Expect(row).ToContainTextAsync(theme);
        Assert.Empty(viewer.Errors);
    }

    // --- helpers -----------------------------------------------------------------------------------------------

    private Task<ViewerPage> OpenAsync() => ViewerPage.OpenAtAsync(fixture, 1440, 900);

    private static async Task AssertNoRawIdAsync(ILocator popup, string siteId, string communityId)
    {
        var cells = await popup.Locator("td").AllTextContentsAsync();
        Assert.DoesNotContain(cells, c => c.Trim() == communityId || c.Contains(siteId, StringComparison.Ordinal));
        Assert.DoesNotContain(cells, c => c.Trim() is "Id" or "编号");
    }

    /// <summary>Every label lies inside the map, whole: its box within the map element's.</summary>
    private static async Task AssertWholeAsync(ViewerPage viewer, IReadOnlyList<Label> labels)
    {
        var map = (await viewer.Map.BoundingBoxAsync())!;
        Assert.NotEmpty(labels);
        foreach (var label in labels)
        {
            Assert.True(label.Box[0] >= 0 && label.Box[1] >= 0 && label.Box[2] <= map.Width && label.Box[3] <= map.Height,
                $"'{label.Text}' at [{string.Join(", ", label.Box.Select(v => v.ToString("0", CultureInfo.InvariantCulture)))}] is cut by the map's edge ({map.Width}×{map.Height})");
        }
    }

    private sealed record Label(string Id, string Collection, string Text, double[] Box);

    private static async Task<List<Label>> LabelsAsync(ViewerPage viewer)
    {
        var json = await viewer.Page.EvaluateAsync<JsonElement>("() => window.huayangViewerTestHooks.labels()");
        return json.EnumerateArray().Select(l => new Label(l.GetProperty("id").GetString()!, l.GetProperty("collection").GetString()!,
            l.GetProperty("text").GetString()!, l.GetProperty("box").EnumerateArray().Select(v => v.GetDouble()).ToArray())).ToList();
    }

    private static async Task<double[]> CentreAsync(ViewerPage viewer) =>
        await viewer.Page.EvaluateAsync<double[]>("() => window.huayangViewerTestHooks.map.getView().getCenter()");

    private static async Task<double[]> PixelOfAsync(ViewerPage viewer, double lon, double lat) =>
        await viewer.Page.EvaluateAsync<double[]>("([lon, lat]) => window.huayangViewerTestHooks.pixelOf(lon, lat)", new[] { lon, lat });

    private static bool Inside(LocatorBoundingBoxResult inner, LocatorBoundingBoxResult outer) =>
        inner.X >= outer.X - 0.5 && inner.Y >= outer.Y - 0.5
        && inner.X + inner.Width <= outer.X + outer.Width + 0.5 && inner.Y + inner.Height <= outer.Y + outer.Height + 0.5;

    private static string Describe(LocatorBoundingBoxResult box) =>
        string.Create(CultureInfo.InvariantCulture, $"({box.X:0},{box.Y:0} {box.Width:0}×{box.Height:0})");

    private static (double Lon, double Lat) Position(JsonElement feature)
    {
        var coordinates = feature.GetProperty("geometry").GetProperty("coordinates");
        return (coordinates[0].GetDouble(), coordinates[1].GetDouble());
    }

    private static List<(string Id, Geometry Geometry)> Read(JsonElement collection) =>
        collection.GetProperty("features").EnumerateArray()
            .Select(f => (f.GetProperty("id").GetString()!, JsonSerializer.Deserialize<Geometry>(f.GetProperty("geometry").GetRawText(), GeoJson)!))
            .ToList();

    /// <summary>Every plan element but <paramref name="id"/>, as one geometry.</summary>
    private static Geometry Others(List<(string Id, Geometry Geometry)> plan, string id) =>
        new GeometryCollection(plan.Where(p => p.Id != id).Select(p => p.Geometry).ToArray()).Union();

    /// <summary>The middle of the longest part of a (multi)line.</summary>
    private static Coordinate Middle(Geometry lines)
    {
        var longest = Enumerable.Range(0, lines.NumGeometries).Select(lines.GetGeometryN).MaxBy(g => g.Length)!;
        return new NetTopologySuite.LinearReferencing.LengthIndexedLine(longest).ExtractPoint(longest.Length / 2);
    }

    internal static (int R, int G, int B) Colour(string hex)
    {
        var value = Convert.ToUInt32(hex[^6..], 16);
        return ((int)((value >> 16) & 255), (int)((value >> 8) & 255), (int)(value & 255));
    }

    /// <summary>How many pixels of a PNG within a box [left, top, right, bottom] are within <paramref name="tolerance"/> (sum of channel differences) of a colour.</summary>
    internal static async Task<int> CountColourAsync(ViewerPage viewer, byte[] png, int[] box, (int R, int G, int B) colour, int tolerance) =>
        await viewer.Page.EvaluateAsync<int>(CountScript, new object[] { Convert.ToBase64String(png), box, new[] { colour.R, colour.G, colour.B }, tolerance });

    /// <summary>How many pixels differ (by more than a small tolerance) between two PNGs of one size within a box [left, top, right, bottom].</summary>
    private static async Task<int> DifferingAsync(ViewerPage viewer, byte[] first, byte[] second, int[] box) =>
        await viewer.Page.EvaluateAsync<int>(DifferScript, new object[] { Convert.ToBase64String(first), Convert.ToBase64String(second), box });

    private const string DifferScript = """
        async ([a, b, [left, top, right, bottom]]) => {
          const decode = async (png) => {
            const bytes = Uint8Array.from(atob(png), (c) => c.charCodeAt(0));
            const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
            const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
            const context = canvas.getContext('2d');
            context.drawImage(bitmap, 0, 0);
            return context.getImageData(left, top, right - left, bottom - top).data;
          };
          const [p, q] = await Promise.all([decode(a), decode(b)]);
          let count = 0;
          for (let i = 0; i < p.length; i += 4) {
            if (Math.abs(p[i] - q[i]) + Math.abs(p[i + 1] - q[i + 1]) + Math.abs(p[i + 2] - q[i + 2]) > 24) {
              count++;
            }
          }
          return count;
        }
        """;

    private const string CountScript = """
        async ([png, [left, top, right, bottom], [r, g, b], tolerance]) => {
          const bytes = Uint8Array.from(atob(png), (c) => c.charCodeAt(0));
          const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
          const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
          const context = canvas.getContext('2d');
          context.drawImage(bitmap, 0, 0);
          const x0 = Math.max(0, left), y0 = Math.max(0, top);
          const x1 = Math.min(bitmap.width, right), y1 = Math.min(bitmap.height, bottom);
          if (x1 <= x0 || y1 <= y0) {
            return 0;
          }
          const data = context.getImageData(x0, y0, x1 - x0, y1 - y0).data;
          let count = 0;
          for (let i = 0; i < data.length; i += 4) {
            if (Math.abs(data[i] - r) + Math.abs(data[i + 1] - g) + Math.abs(data[i + 2] - b) <= tolerance) {
              count++;
            }
          }
          return count;
        }
        """;

    private async Task<JsonElement> GetJsonAsync(string path)
    {
        using var http = new HttpClient { BaseAddress = fixture.Server.BaseAddress };
        using var response = await http.GetAsync(path);
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }
}
