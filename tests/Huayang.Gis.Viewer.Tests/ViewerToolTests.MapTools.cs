using System.Globalization;
using System.Text.RegularExpressions;
using Huayang.Gis.Viewer.Tests.Support;
using Microsoft.Playwright;

namespace Huayang.Gis.Viewer.Tests;

/// <summary>The map tools: the nearest sites of a category, the measure tool and the radius rings (against answers
/// computed here on the sphere OpenLayers measures on).</summary>
public sealed partial class ViewerToolTests
{
    [SkippableFact]
    public async Task Nearest_of_a_category_lists_the_servers_answer_and_an_entry_goes_to_its_site()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        var expected = (await GetJsonAsync(string.Create(CultureInfo.InvariantCulture,
            $"analysis/nearest?lon={NanhuLon}&lat={NanhuLat}&k=5&category=primary_school"))).EnumerateArray().ToList();
        var sites = (await SitesAsync()).ToDictionary(s => s.Id);
        await using var viewer = await ViewerPage.OpenAsync(fixture);
        var page = viewer.Page;
        await viewer.SetViewAsync(NanhuLon, NanhuLat, 14);
        await page.Locator("#nearest-category").SelectOptionAsync("primary_school");
        await page.Locator("#nearest-mode").CheckAsync();
        await viewer.ClickMapAsync(NanhuLon, NanhuLat);

        var items = page.Locator("#nearest-list li");
        await Assertions.Expect(items).ToHaveCountAsync(expected.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            var site = expected[i];
            await Assertions.Expect(items.Nth(i)).ToHaveAttributeAsync("data-site-id", site.GetProperty("id").GetString()!);
            var distance = site.GetProperty("distance_m").GetDouble().ToString("#,0.#", CultureInfo.GetCultureInfo("en-GB"));
            await Assertions.Expect(items.Nth(i)).ToHaveTextAsync($"{site.GetProperty("name_zh").GetString()} 小学 · {distance} 米");
        }
        await viewer.MapScreenshotAsync(fixture, "tools-nearest-primary");

        // The third entry: the view goes to it, rings it, and its popup opens.
        var third = sites[expected[2].GetProperty("id").GetString()!];
        await items.Nth(2).Locator("button").ClickAsync();
        await Assertions.Expect(page.Locator("#popup .popup-name-zh")).ToHaveTextAsync(third.NameZh);
        var view = await page.EvaluateAsync<double[]>(SettledViewScript);
        Assert.True(Haversine(view[0], view[1], third.Lon, third.Lat) < 3, $"the view is centred {Haversine(view[0], view[1], third.Lon, third.Lat):0.0} m from the site");
        Assert.Equal(17, view[2], 1);
        await viewer.RenderedAsync();
        var (x, y) = await MapPixelAsync(viewer, third.Lon, third.Lat);
        var shot = await viewer.MapScreenshotAsync(fixture, "tools-nearest-entry");
        Assert.True(await ViewerFixTests.CountColourAsync(viewer, shot, Around(x, y, 18), ViewerFixTests.Colour("#00b7ff"), 40) >= 30,
            "the chosen site is not highlighted");
        // The highlight is a tool layer of the panel now it has been used.
        await Assertions.Expect(page.Locator("#layer-list li[data-layer=highlight]")).ToHaveCountAsync(1);
        Assert.Empty(viewer.Errors);
    }
    [SkippableFact]
    public async Task The_measure_tool_gives_the_geodesic_length_and_area_and_escape_cancels()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        await using var viewer = await ViewerPage.OpenAsync(fixture);
        var page = viewer.Page;
        var result = page.Locator("#measure-result");
        // Used tool layers only are listed.
        await Assertions.Expect(page.Locator("#layer-list li[data-layer=measure]")).ToHaveCountAsync(0);
        await viewer.SetViewAsync(104.05, 30.49, 15);

        // A line of two clicks about 480 px apart: 1.9 km at zoom 15 (on Web Mercator's plane it would be 16% longer).
        var (lonA, latA, lonB, latB) = (104.0415, 30.4860, 104.0585, 30.4935);
        await page.Locator("#measure-distance").ClickAsync();
        await Assertions.Expect(page.Locator("#measure-distance")).ToHaveAttributeAsync("aria-pressed", "true");
        await viewer.ClickMapAsync(lonA, latA);
        var (bx, by) = await viewer.PagePointAsync(lonB, latB);
        await page.Mouse.DblClickAsync(bx, by);
        await Assertions.Expect(result).ToContainTextAsync("距离");
        var length = Measured(await result.TextContentAsync());
        var expectedLength = Haversine(lonA, latA, lonB, latB);
        output.WriteLine($"length {length:0.0} m, haversine {expectedLength:0.0} m");
        Assert.True(Math.Abs(length - expectedLength) / expectedLength < 0.005, $"measured {length:0.0} m, the sphere gives {expectedLength:0.0} m");
        await viewer.RenderedAsync();
        await viewer.MapScreenshotAsync(fixture, "tools-measure-distance");
        await Assertions.Expect(page.Locator("#layer-list li[data-layer=measure]")).ToHaveCountAsync(1);

        // A lon/lat rectangle about 400 × 300 px at zoom 16: its area on the sphere is R² Δλ (sin φ2 − sin φ1).
        var (west, south, east, north) = (104.0457, 30.4872, 104.0543, 30.4927);
        await viewer.SetViewAsync(104.05, 30.49, 16);
        await page.Locator("#measure-area").ClickAsync();
        await Assertions.Expect(page.Locator("#measure-distance")).ToHaveAttributeAsync("aria-pressed", "false");
        await viewer.ClickMapAsync(west, south);
        await viewer.ClickMapAsync(east, south);
        await viewer.ClickMapAsync(east, north);
        var (nx, ny) = await viewer.PagePointAsync(west, north);
        await page.Mouse.DblClickAsync(nx, ny);
        await Assertions.Expect(result).ToContainTextAsync("面积");
        var area = Measured(await result.TextContentAsync());
        var expectedArea = EarthRadius * EarthRadius * Radians(east - west) * (Math.Sin(Radians(north)) - Math.Sin(Radians(south)));
        output.WriteLine($"area {area:0} m², sphere {expectedArea:0} m² ({await result.TextContentAsync()})");
        Assert.True(Math.Abs(area - expectedArea) / expectedArea < 0.005, $"measured {area:0} m², the sphere gives {expectedArea:0} m²");
        StringAssert(await result.TextContentAsync(), "ha");
        await viewer.RenderedAsync();
        await viewer.MapScreenshotAsync(fixture, "tools-measure-area");

        // Escape cancels a drawing under way and ends the tool.
        await viewer.ClickMapAsync(104.045, 30.487);
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(page.Locator("#measure-area")).ToHaveAttributeAsync("aria-pressed", "false");
        await Assertions.Expect(viewer.Map).Not.ToHaveClassAsync(new Regex("picking"));

        // One tool at a time: the nearest tool ends measuring, measuring ends the nearest tool.
        await page.Locator("#measure-distance").ClickAsync();
        await page.Locator("#nearest-mode").CheckAsync();
        await Assertions.Expect(page.Locator("#measure-distance")).ToHaveAttributeAsync("aria-pressed", "false");
        await page.Locator("#measure-distance").ClickAsync();
        await Assertions.Expect(page.Locator("#nearest-mode")).Not.ToBeCheckedAsync();
        await page.Locator("#ring-mode").ClickAsync();
        await Assertions.Expect(page.Locator("#measure-distance")).ToHaveAttributeAsync("aria-pressed", "false");
        await Assertions.Expect(page.Locator("#ring-mode")).ToHaveAttributeAsync("aria-pressed", "true");

        // In English the units and words follow.
        await page.Locator("#measure-clear").ClickAsync();
        await page.Locator("#lang-en").ClickAsync();
        await viewer.SetViewAsync(104.05, 30.49, 15);
        await page.Locator("#measure-distance").ClickAsync();
        await viewer.ClickMapAsync(lonA, latA);
        (bx, by) = await viewer.PagePointAsync(lonB, latB);
        await page.Mouse.DblClickAsync(bx, by);
        await Assertions.Expect(result).ToHaveTextAsync(new Regex(@"^Distance 1\.\d{3} km$"));
        Assert.Empty(viewer.Errors);
    }

    [SkippableFact]
    public async Task Radius_rings_are_drawn_at_their_geodesic_radius_and_cleared()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        await using var viewer = await ViewerPage.OpenAsync(fixture);
        var page = viewer.Page;
        var ring = ViewerFixTests.Colour("#7a0177");
        // An open place in Nanhu; at zoom 16 a pixel is about 2 m.
        var (lon, lat) = (NanhuLon, NanhuLat);
        await Assertions.Expect(page.Locator("#layer-list li[data-layer=rings]")).ToHaveCountAsync(0);
        await viewer.SetViewAsync(lon, lat, 15.5);
        var before = await viewer.MapScreenshotAsync(fixture, "tools-rings-before");
        await page.Locator("#ring-mode").ClickAsync();
        await viewer.ClickMapAsync(lon, lat);
        await Assertions.Expect(page.Locator("#ring-result")).ToHaveTextAsync("已绘制半径圈：300 m / 500 m / 1 km");
        await viewer.RenderedAsync();
        var drawn = await viewer.MapScreenshotAsync(fixture, "tools-rings");
        await Assertions.Expect(page.Locator("#layer-list li[data-layer=rings]")).ToHaveCountAsync(1);

        foreach (var radius in new[] { 300.0, 500.0, 1000.0 })
        {
            // Due east, west and north of the centre, at the radius and 30 m either side of it.
            foreach (var bearing in new[] { 90.0, 270.0, 0.0 })
            {
                var onRing = await RingPixelsAsync(viewer, drawn, lon, lat, radius, bearing, ring);
                var inside = await RingPixelsAsync(viewer, drawn, lon, lat, radius - 30, bearing, ring);
                var outside = await RingPixelsAsync(viewer, drawn, lon, lat, radius + 30, bearing, ring);
                var earlier = await RingPixelsAsync(viewer, before, lon, lat, radius, bearing, ring);
                output.WriteLine($"{radius} m at {bearing}°: on {onRing}, inside {inside}, outside {outside}, before {earlier}");
                Assert.True(onRing >= 2, $"no ring at {radius} m, bearing {bearing}°");
                Assert.True(inside == 0 && outside == 0, $"the {radius} m ring is drawn 30 m off its radius (bearing {bearing}°)");
                Assert.Equal(0, earlier);
            }
        }

        // Each ring is labelled on its north-eastern side: far more of the ring's colour there (the label's letters) than at
        // the same place to the south-east, where only the ring passes.
        foreach (var radius in new[] { 300.0, 500.0, 1000.0 })
        {
            var (labelLon, labelLat) = Destination(lon, lat, radius, 45);
            var (plainLon, plainLat) = Destination(lon, lat, radius, 135);
            var (lx, ly) = await MapPixelAsync(viewer, labelLon, labelLat);
            var (px, py) = await MapPixelAsync(viewer, plainLon, plainLat);
            int[] Box(double x, double y) => [(int)x - 22, (int)y - 9, (int)x + 23, (int)y + 10];
            var labelled = await ViewerFixTests.CountColourAsync(viewer, drawn, Box(lx, ly), ring, 60);
            var plain = await ViewerFixTests.CountColourAsync(viewer, drawn, Box(px, py), ring, 60);
            output.WriteLine($"{radius} m label: {labelled} ring-coloured pixels, {plain} where unlabelled");
            Assert.True(labelled > plain + 40, $"the {radius} m ring has no label ({labelled} against {plain} pixels)");
        }

        // The clear button removes them.
        await page.Locator("#ring-clear").ClickAsync();
        await Assertions.Expect(page.Locator("#ring-result")).ToHaveTextAsync("单击地图放置半径圈。");
        await viewer.RenderedAsync();
        var cleared = await viewer.MapScreenshotAsync(fixture, "tools-rings-cleared");
        Assert.Equal(0, await RingPixelsAsync(viewer, cleared, lon, lat, 500, 90, ring));
        Assert.Empty(viewer.Errors);
    }


    /// <summary>Pixels of the ring's colour within 2 px of the point <paramref name="metres"/> from the centre on a bearing.</summary>
    private static async Task<int> RingPixelsAsync(ViewerPage viewer, byte[] png, double lon, double lat, double metres, double bearing, (int R, int G, int B) colour)
    {
        var (toLon, toLat) = Destination(lon, lat, metres, bearing);
        var (x, y) = await MapPixelAsync(viewer, toLon, toLat);
        return await ViewerFixTests.CountColourAsync(viewer, png, Around(x, y, 2), colour, 60);
    }

    /// <summary>The point <paramref name="metres"/> from a position on a bearing (degrees from north), on the sphere.</summary>
    private static (double Lon, double Lat) Destination(double lon, double lat, double metres, double bearing)
    {
        var d = metres / EarthRadius;
        var (φ, λ, θ) = (Radians(lat), Radians(lon), Radians(bearing));
        var φ2 = Math.Asin(Math.Sin(φ) * Math.Cos(d) + Math.Cos(φ) * Math.Sin(d) * Math.Cos(θ));
        var λ2 = λ + Math.Atan2(Math.Sin(θ) * Math.Sin(d) * Math.Cos(φ), Math.Cos(d) - Math.Sin(φ) * Math.Sin(φ2));
        return (λ2 * 180 / Math.PI, φ2 * 180 / Math.PI);
    }

    internal static double Haversine(double lon1, double lat1, double lon2, double lat2)
    {
        var (φ1, φ2) = (Radians(lat1), Radians(lat2));
        var a = Math.Pow(Math.Sin((φ2 - φ1) / 2), 2) + Math.Cos(φ1) * Math.Cos(φ2) * Math.Pow(Math.Sin(Radians(lon2 - lon1) / 2), 2);
        return 2 * EarthRadius * Math.Asin(Math.Sqrt(a));
    }

    private static double Radians(double degrees) => degrees * Math.PI / 180;

    /// <summary>A measurement as the tool writes it ("距离 1.234 km", "面积 12.34 ha") in metres or square metres.</summary>
    private static double Measured(string? text)
    {
        var match = MeasuredPattern().Match(text ?? "");
        Assert.True(match.Success, $"\"{text}\" is not a measurement");
        var value = double.Parse(match.Groups[1].Value.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch
        {
            "m" => value,
            "km" => value * 1000,
            "m²" => value,
            "ha" => value * 10_000,
            "km²" => value * 1_000_000,
            var unit => throw new InvalidOperationException($"unknown unit {unit}"),
        };
    }

    [GeneratedRegex(@"([\d,]+(?:\.\d+)?) (km²|m²|ha|km|m)$")]
    private static partial Regex MeasuredPattern();
}
