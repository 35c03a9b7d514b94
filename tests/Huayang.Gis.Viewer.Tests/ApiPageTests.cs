using Huayang.Gis.Viewer.Tests.Support;
using Microsoft.Playwright;

namespace Huayang.Gis.Viewer.Tests;

/// <summary>The API page (/api.html) in headless Chromium: a request tried from its form, answered in the page, with nothing from elsewhere.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ApiPageTests(BrowserFixture fixture)
{
    [SkippableFact]
    public async Task A_request_tried_on_the_api_page_shows_the_servers_answer()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        var context = await fixture.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var foreign = new List<string>();
        page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(fixture.Server.BaseAddress.ToString(), StringComparison.Ordinal) && !request.Url.StartsWith("blob:", StringComparison.Ordinal))
            {
                foreign.Add(request.Url);
            }
        };
        await page.GotoAsync(new Uri(fixture.Server.BaseAddress, "api.html").ToString());
        var items = page.Locator("details").Filter(new LocatorFilterOptions { HasText = "/collections/{collectionId}/items —" }).First;
        await items.Locator("summary").ClickAsync();
        await items.Locator("input[name=collectionId]").FillAsync("sites");
        await items.Locator("input[name=limit]").FillAsync("2");
        await items.Locator("button").ClickAsync();
        await Assertions.Expect(items.Locator("pre.headers")).ToContainTextAsync("200");
        await Assertions.Expect(items.Locator("pre.body")).ToContainTextAsync("\"FeatureCollection\"");
        await Assertions.Expect(items.Locator("pre.body")).ToContainTextAsync("numberReturned\":2");

        var picture = page.Locator("details").Filter(new LocatorFilterOptions { HasText = "/map.png —" }).First;
        await picture.Locator("summary").ClickAsync();
        await picture.Locator("input[name=width]").FillAsync("200");
        await picture.Locator("input[name=height]").FillAsync("150");
        await picture.Locator("button").ClickAsync();
        await Assertions.Expect(picture.Locator("img")).ToBeVisibleAsync();
        var width = await picture.Locator("img").EvaluateAsync<int>("img => img.decode().then(() => img.naturalWidth)");
        Assert.Equal(200, width);
        Assert.Empty(foreign);
        await context.CloseAsync();
    }
}
