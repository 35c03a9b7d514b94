using System.Globalization;
using Microsoft.Playwright;
using Huayang.Gis.Viewer.Tests.Support;

namespace Huayang.Gis.Viewer.Tests;

/// <summary>The suggestion tool: the server's chosen sites drawn where the answer puts them, listed, and its bound stated.</summary>
public sealed partial class AnalysisToolTests
{
    /// <summary>The suggested sites' markers (suggestTool.js).</summary>
    private const string MarkerColour = "#d95f02";

    [SkippableFact]
    public async Task Suggested_sites_are_drawn_at_the_answers_positions_listed_with_the_residents_they_add_and_go_to_their_site()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        var answer = await GetJsonAsync("analysis/suggest?category=kindergarten&level=5min&count=3&candidates=planned&method=network");
        var chosen = answer.GetProperty("chosen").EnumerateArray().ToList();
        Assert.Equal(3, chosen.Count);

        await using var viewer = await ViewerPage.OpenAsync(fixture);
        var page = viewer.Page;
        await Assertions.Expect(page.Locator("#layer-list li[data-layer=suggest]")).ToHaveCountAsync(0);
        var (lons, lats) = (chosen.Select(c => c.GetProperty("lon").GetDouble()).ToList(), chosen.Select(c => c.GetProperty("lat").GetDouble()).ToList());
        await viewer.SetViewAsync((lons.Min() + lons.Max()) / 2, (lats.Min() + lats.Max()) / 2, 13.5);
        var before = await viewer.MapScreenshotAsync(fixture, "analysis-suggest-before");

        await page.Locator("#suggest-category").SelectOptionAsync("kindergarten");
        await page.Locator("#suggest-level").SelectOptionAsync("5min");
        await page.Locator("#suggest-goal").SelectOptionAsync("count");
        await page.Locator("#suggest-value").FillAsync("3");
        await page.Locator("#suggest-candidates").SelectOptionAsync("planned");
        await page.Locator("#suggest-method").SelectOptionAsync("network");
        await page.Locator("#suggest-run").ClickAsync();
        var items = page.Locator("#suggest-list li");
        await Assertions.Expect(items).ToHaveCountAsync(3);
        for (var i = 0; i < chosen.Count; i++)
        {
            var site = chosen[i];
            await Assertions.Expect(items.Nth(i)).ToHaveAttributeAsync("data-site-id", site.GetProperty("id").GetString()!);
            await Assertions.Expect(items.Nth(i)).ToHaveTextAsync($"{site.GetProperty("name_zh").GetString()} +{Grouped(site.GetProperty("added_residents").GetDouble())} 人");
        }
        var summary = page.Locator("#suggest-summary");
        await Assertions.Expect(summary).ToContainTextAsync(
            $"覆盖 {Percent(answer.GetProperty("share_before").GetDouble())} → {Percent(answer.GetProperty("share_after").GetDouble())}"
            + $"（{Grouped(answer.GetProperty("covered_before").GetDouble())} → {Grouped(answer.GetProperty("covered_after").GetDouble())} 人）");
        await Assertions.Expect(summary).ToContainTextAsync($"方法：{answer.GetProperty("solver").GetString()}，{answer.GetProperty("candidate_count").GetInt32()} 个候选点");
        Assert.True(answer.GetProperty("optimal").GetBoolean(), "the planned kindergartens' answer is no longer proven optimal: choose another question");
        await Assertions.Expect(summary).ToContainTextAsync("已证明为最优解");
        await viewer.RenderedAsync();
        var drawn = await viewer.MapScreenshotAsync(fixture, "analysis-suggest");
        await Assertions.Expect(page.Locator("#layer-list li[data-layer=suggest]")).ToHaveCountAsync(1);

        // A marker at each answer's position (its number is white, its label above), none there before.
        var marker = ViewerFixTests.Colour(MarkerColour);
        for (var i = 0; i < chosen.Count; i++)
        {
            var (x, y) = await ViewerToolTests.MapPixelAsync(viewer, lons[i], lats[i]);
            var now = await ViewerFixTests.CountColourAsync(viewer, drawn, ViewerToolTests.Around(x, y, 9), marker, 40);
            var then = await ViewerFixTests.CountColourAsync(viewer, before, ViewerToolTests.Around(x, y, 9), marker, 40);
            output.WriteLine($"site {i + 1} at {x:0},{y:0}: {now} marker pixels, {then} before");
            Assert.True(now >= 150 && then == 0, $"no marker at suggested site {i + 1} ({now} pixels of its colour, {then} before)");
        }

        // An entry goes to its site and highlights it.
        var second = chosen[1];
        await items.Nth(1).Locator("button").ClickAsync();
        var view = await page.EvaluateAsync<double[]>(ViewerToolTests.SettledViewScript);
        var off = ViewerToolTests.Haversine(view[0], view[1], lons[1], lats[1]);
        Assert.True(off < 3 && view[2] >= 16.9, $"the entry went {off:0.0} m from the site at zoom {view[2]:0.0}");
        await viewer.RenderedAsync();
        var (hx, hy) = await ViewerToolTests.MapPixelAsync(viewer, lons[1], lats[1]);
        var highlighted = await viewer.MapScreenshotAsync(fixture, "analysis-suggest-entry");
        Assert.True(await ViewerFixTests.CountColourAsync(viewer, highlighted, ViewerToolTests.Around(hx, hy, 18), ViewerFixTests.Colour("#00b7ff"), 40) >= 30,
            $"{second.GetProperty("id").GetString()} is not highlighted");
        Assert.Empty(viewer.Errors);
    }

    [SkippableFact]
    public async Task A_suggestion_along_the_walkways_states_how_far_from_optimal_it_can_be_in_both_languages()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        var answer = await GetJsonAsync("analysis/suggest?category=kindergarten&level=5min&count=5&candidates=walkways&spacing_m=200&method=network");
        var chosen = answer.GetProperty("chosen").EnumerateArray().ToList();
        await using var viewer = await ViewerPage.OpenAsync(fixture, "?lang=en");
        var page = viewer.Page;
        await page.Locator("#suggest-category").SelectOptionAsync("kindergarten");
        await page.Locator("#suggest-level").SelectOptionAsync("5min");
        await page.Locator("#suggest-value").FillAsync("5");
        await page.Locator("#suggest-candidates").SelectOptionAsync("walkways");
        await Assertions.Expect(page.Locator("#suggest-spacing")).ToBeEnabledAsync();
        await page.Locator("#suggest-spacing").FillAsync("200");
        await page.Locator("#suggest-run").ClickAsync();
        var items = page.Locator("#suggest-list li");
        await Assertions.Expect(items).ToHaveCountAsync(chosen.Count);
        var english = CultureInfo.GetCultureInfo("en-GB");
        for (var i = 0; i < chosen.Count; i++)
        {
            var residents = Math.Round(chosen[i].GetProperty("added_residents").GetDouble()).ToString("N0", english);
            await Assertions.Expect(items.Nth(i)).ToHaveTextAsync($"Candidate {chosen[i].GetProperty("id").GetString()} +{residents} residents");
        }
        var summary = page.Locator("#suggest-summary");
        var bound = Math.Round(answer.GetProperty("bound").GetDouble()).ToString("N0", english);
        var expected = answer.GetProperty("optimal").GetBoolean() ? "proven optimal"
            : $"within {Percent(answer.GetProperty("relative_gap").GetDouble())} of optimal (bound {bound} residents)";
        output.WriteLine($"{answer.GetProperty("solver").GetString()}: {expected}");
        await Assertions.Expect(summary).ToContainTextAsync(expected);
        await Assertions.Expect(summary).ToContainTextAsync($"{answer.GetProperty("candidate_count").GetInt32().ToString("N0", english)} candidates");
        await viewer.RenderedAsync();
        await viewer.MapScreenshotAsync(fixture, "analysis-suggest-walkways-en");

        // In Chinese the same answer, and the clear button removes it.
        await page.Locator("#lang-zh").ClickAsync();
        await Assertions.Expect(items.First).ToContainTextAsync("候选点");
        await page.Locator("#suggest-clear").ClickAsync();
        await Assertions.Expect(items).ToHaveCountAsync(0);
        await Assertions.Expect(summary).ToHaveTextAsync("");

        // A target share: the fewest sites that reach it, as the server counts them.
        var fewest = await GetJsonAsync("analysis/suggest?category=kindergarten&level=5min&target_share=0.15&candidates=walkways&spacing_m=200&method=network");
        await page.Locator("#suggest-goal").SelectOptionAsync("share");
        await page.Locator("#suggest-value").FillAsync("15");
        await page.Locator("#suggest-run").ClickAsync();
        await Assertions.Expect(items).ToHaveCountAsync(fewest.GetProperty("chosen").GetArrayLength());
        await Assertions.Expect(summary).ToContainTextAsync($"覆盖 {Percent(fewest.GetProperty("share_before").GetDouble())} → {Percent(fewest.GetProperty("share_after").GetDouble())}");
        Assert.True(fewest.GetProperty("share_after").GetDouble() >= 0.15, "the server's answer does not reach the target share");
        Assert.Empty(viewer.Errors);
    }
}
