using System.Text.Json;
using Huayang.Gis.Viewer.Tests.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Huayang.Gis.Viewer.Tests;

/// <summary>
/// Issue 11, the viewer's editing and its change-feed listener: the viewer in headless Chromium against the real server
/// process on a real PostGIS database loaded for the class, with API keys. Every test edits its own site and checks
/// the result through the API (HttpClient), the feature's history, and what the map draws.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class EditingTests(BrowserFixture fixture, EditingServer server, ITestOutputHelper output) : IClassFixture<EditingServer>
{
    /// <summary>The map's view: its resolution (metres of Web Mercator per CSS pixel) and the map coordinate at a CSS pixel, as lon/lat.</summary>
    private const string LonLatAtPixelScript = """
        ([x, y]) => {
          const map = window.huayangViewerTestHooks.map;
          const [mx, my] = map.getCoordinateFromPixel([x, y]);
          const r = 6378137;
          return [mx / r * 180 / Math.PI, (2 * Math.atan(Math.exp(my / r)) - Math.PI / 2) * 180 / Math.PI, map.getView().getResolution()];
        }
        """;

    [SkippableFact]
    public async Task Dragging_a_site_moves_it_on_the_server_with_one_update_by_the_keys_name()
    {
        await using var viewer = await OpenAsync("?lang=en");
        var page = viewer.Page;
        var site = await LonelySiteAsync(0);
        await StartEditingAsync(viewer, EditingServer.AliceKey);
        await SelectAsync(viewer, site);

        var start = await page.EvaluateAsync<double[]>("([lon, lat]) => window.huayangViewerTestHooks.pixelOf(lon, lat)", new[] { site.Lon, site.Lat });
        const int dx = 70, dy = -45;
        var target = await page.EvaluateAsync<double[]>(LonLatAtPixelScript, new[] { start[0] + dx, start[1] + dy });
        var metresPerPixel = target[2] * Math.Cos(target[1] * Math.PI / 180);
        var (x, y) = await viewer.PagePointAsync(site.Lon, site.Lat);
        await page.Mouse.MoveAsync(x, y);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(x + dx, y + dy, new MouseMoveOptions { Steps = 12 });
        await page.Mouse.UpAsync();
        await StatusAsync(viewer, "Saved");

        var moved = await ExistingSiteAsync(site.Id);
        var off = Metres(moved.Lon, moved.Lat, target[0], target[1]);
        output.WriteLine($"{site.Id}: ({site.Lon}, {site.Lat}) → ({moved.Lon}, {moved.Lat}); dropped at ({target[0]:F7}, {target[1]:F7}), {off:F2} m off, a pixel is {metresPerPixel:F2} m");
        Assert.True(off <= metresPerPixel, $"the server has {site.Id} {off:F2} m from where it was dropped (a pixel is {metresPerPixel:F2} m)");
        Assert.True(Metres(site.Lon, site.Lat, moved.Lon, moved.Lat) > 50, "the site did not move");
        Assert.Equal(site.Properties.GetRawText(), moved.Properties.GetRawText());
        var history = await HistoryAsync(site.Id);
        Assert.Equal([("update", "alice")], history.Select(c => (c.Operation, c.Key)));
        // The map's tiles draw it where it now is, and no longer where it was.
        Assert.True(await EventuallyAsync(async () => await DrawnAtAsync(viewer, site.Id, moved.Lon, moved.Lat) && !await DrawnAtAsync(viewer, site.Id, site.Lon, site.Lat)),
            "the tiles still draw the site where it was");
        Assert.Equal($"{moved.Lon:F6}, {moved.Lat:F6}", await page.Locator("#edit-position").TextContentAsync());
        await ScreenshotAsync(viewer, "edit-moved-site");
        NoUnexpectedErrors(viewer);
    }

    [SkippableFact]
    public async Task The_form_shows_the_servers_problems_by_their_field_and_saves_the_fields_changed()
    {
        await using var viewer = await OpenAsync();
        var page = viewer.Page;
        var site = await LonelySiteAsync(1);
        await StartEditingAsync(viewer, EditingServer.AliceKey);
        await SelectAsync(viewer, site);

        await page.Locator("#edit-field-capacity").FillAsync("-5");
        await page.Locator("#edit-save").ClickAsync();
        var problem = page.Locator(".field-problem[data-field=capacity]:not([hidden])");
        await problem.WaitForAsync();
        Assert.Contains("-5", await problem.TextContentAsync());
        await StatusAsync(viewer, "未保存");
        await ScreenshotAsync(viewer, "edit-form-problem");
        Assert.Equal(site.Properties.GetRawText(), (await ExistingSiteAsync(site.Id)).Properties.GetRawText());
        Assert.Empty(await HistoryAsync(site.Id));

        var renamed = site.Properties.GetProperty("name_en").GetString() + " (renamed)";
        await page.Locator("#edit-field-capacity").FillAsync("120");
        await page.Locator("#edit-field-name_en").FillAsync(renamed);
        await page.Locator("#edit-save").ClickAsync();
        await StatusAsync(viewer, "已保存");
        Assert.True(await page.Locator(".field-problem:not([hidden])").CountAsync() == 0, "a problem is still shown after the save");

        var saved = await ExistingSiteAsync(site.Id);
        Assert.Equal(120, saved.Properties.GetProperty("capacity").GetInt32());
        Assert.Equal(renamed, saved.Properties.GetProperty("name_en").GetString());
        foreach (var field in new[] { "name_zh", "category", "status", "plan_element", "community_id" })
        {
            Assert.Equal(site.Properties.GetProperty(field).GetRawText(), saved.Properties.GetProperty(field).GetRawText());
        }
        Assert.Equal((site.Lon, site.Lat), (saved.Lon, saved.Lat));
        Assert.Equal([("update", "alice")], (await HistoryAsync(site.Id)).Select(c => (c.Operation, c.Key)));
        Assert.Equal(renamed, await page.Locator("#edit-field-name_en").InputValueAsync());
        NoUnexpectedErrors(viewer, 422);
    }

    [SkippableFact]
    public async Task A_site_is_added_where_the_map_is_clicked_and_another_deleted_after_confirming()
    {
        await using var viewer = await OpenAsync("?lang=en");
        var page = viewer.Page;
        var near = await LonelySiteAsync(2);
        var (lon, lat) = Offset(near.Lon, near.Lat, 0, 80);
        var name = $"Test kindergarten {Guid.NewGuid():N}"[..26];
        await StartEditingAsync(viewer, EditingServer.AliceKey);
        await viewer.SetViewAsync(lon, lat, 17);
        await page.Locator("#edit-add").ClickAsync();
        await viewer.ClickMapAsync(lon, lat);
        await page.Locator("#edit-form:not([hidden])").WaitForAsync();
        Assert.True(await page.Locator("#edit-delete").IsHiddenAsync(), "a site not yet saved offers Delete");
        await page.Locator("#edit-field-name_zh").FillAsync("测试新增幼儿园");
        await page.Locator("#edit-field-name_en").FillAsync(name);
        await page.Locator("#edit-field-category").SelectOptionAsync("kindergarten");
        await page.Locator("#edit-field-capacity").FillAsync("90");
        await page.Locator("#edit-save").ClickAsync();
        await StatusAsync(viewer, "Added");

        using var client = server.Client();
        var found = JsonDocument.Parse(await client.GetStringAsync($"collections/sites/items?name_en={Uri.EscapeDataString(name)}")).RootElement.GetProperty("features");
        Assert.Equal(1, found.GetArrayLength());
        var added = await ExistingSiteAsync(found[0].GetProperty("id").GetString()!);
        var resolution = (await page.EvaluateAsync<double[]>(LonLatAtPixelScript, new[] { 0.0, 0.0 }))[2];
        Assert.True(Metres(added.Lon, added.Lat, lon, lat) <= resolution * Math.Cos(lat * Math.PI / 180),
            $"the new site is {Metres(added.Lon, added.Lat, lon, lat):F2} m from the click");
        Assert.Equal(("测试新增幼儿园", "kindergarten", "planned", 90),
            (added.Properties.GetProperty("name_zh").GetString(), added.Properties.GetProperty("category").GetString(),
             added.Properties.GetProperty("status").GetString(), added.Properties.GetProperty("capacity").GetInt32()));
        Assert.Equal([("create", "alice")], (await HistoryAsync(added.Id)).Select(c => (c.Operation, c.Key)));
        Assert.True(await EventuallyAsync(() => DrawnAtAsync(viewer, added.Id, lon, lat)), "the tiles do not draw the new site");
        await ScreenshotAsync(viewer, "edit-added-site");

        var doomed = await LonelySiteAsync(3);
        await SelectAsync(viewer, doomed);
        await page.Locator("#edit-delete").ClickAsync();
        var dialog = page.Locator("#edit-delete-dialog[open]");
        await dialog.WaitForAsync();
        Assert.Contains(doomed.Properties.GetProperty("name_en").GetString()!, await dialog.TextContentAsync());
        await page.Locator("#edit-delete-ok").ClickAsync();
        await StatusAsync(viewer, "Deleted");
        Assert.Null(await SiteAsync(doomed.Id));
        Assert.Equal([("delete", "alice")], (await HistoryAsync(doomed.Id)).Select(c => (c.Operation, c.Key)));
        Assert.True(await page.Locator("#edit-form").IsHiddenAsync(), "the form of a deleted site stays open");
        Assert.True(await EventuallyAsync(async () => !await DrawnAtAsync(viewer, doomed.Id, doomed.Lon, doomed.Lat)), "the tiles still draw the deleted site");
        NoUnexpectedErrors(viewer);
    }

    [SkippableFact]
    public async Task The_key_is_asked_once_for_several_edits_and_a_wrong_key_says_so_and_changes_nothing()
    {
        await using var viewer = await OpenAsync("?lang=en");
        var page = viewer.Page;
        var site = await LonelySiteAsync(4);
        await page.EvaluateAsync(CountKeyDialogsScript);
        await StartEditingAsync(viewer, "not-the-key");
        await SelectAsync(viewer, site);
        await page.Locator("#edit-field-name_en").FillAsync("Renamed with a wrong key");
        await page.Locator("#edit-save").ClickAsync();
        var dialog = page.Locator("#edit-key-dialog[open]");
        await dialog.WaitForAsync();
        var message = await page.Locator("#edit-key-message").TextContentAsync();
        Assert.Contains("refused this key (401)", message);
        Assert.Contains("not one of the configured keys", message);
        await ScreenshotAsync(viewer, "edit-wrong-key");
        await page.Locator("#edit-key-cancel").ClickAsync();
        await StatusAsync(viewer, "Not saved");
        Assert.Equal(site.Properties.GetRawText(), (await ExistingSiteAsync(site.Id)).Properties.GetRawText());
        Assert.Empty(await HistoryAsync(site.Id));
        Assert.Null(await page.EvaluateAsync<string?>("() => sessionStorage.getItem('huayang.editKey')"));

        // Saved again, the key is asked for (the wrong one was forgotten); the right one is then kept for every edit.
        await page.Locator("#edit-save").ClickAsync();
        await dialog.WaitForAsync();
        await page.Locator("#edit-key-input").FillAsync(EditingServer.AliceKey);
        await page.Locator("#edit-key-ok").ClickAsync();
        await SavedAsync(viewer, site.Id, 1);
        Assert.Equal(3, await page.EvaluateAsync<int>("() => window.keyDialogOpened"));
        await page.Locator("#edit-field-capacity").FillAsync("33");
        await page.Locator("#edit-save").ClickAsync();
        await SavedAsync(viewer, site.Id, 2);
        await page.Locator("#edit-field-name_zh").FillAsync("第三次修改");
        await page.Locator("#edit-save").ClickAsync();
        await SavedAsync(viewer, site.Id, 3);

        Assert.Equal(3, await page.EvaluateAsync<int>("() => window.keyDialogOpened"));
        var saved = await ExistingSiteAsync(site.Id);
        Assert.Equal(("Renamed with a wrong key", 33, "第三次修改"),
            (saved.Properties.GetProperty("name_en").GetString(), saved.Properties.GetProperty("capacity").GetInt32(), saved.Properties.GetProperty("name_zh").GetString()));
        Assert.All(await HistoryAsync(site.Id), c => Assert.Equal(("update", "alice"), (c.Operation, c.Key)));
        NoUnexpectedErrors(viewer, 401);
    }

    [SkippableFact]
    public async Task A_change_made_meanwhile_is_shown_beside_mine_and_each_choice_does_what_it_says()
    {
        await using var viewer = await OpenAsync("?lang=en");
        var page = viewer.Page;
        var site = await LonelySiteAsync(5);
        await StartEditingAsync(viewer, EditingServer.AliceKey);
        await SelectAsync(viewer, site);

        // Bob renames it through the API while the viewer has it open; Alice's rename finds his version.
        await PatchAsBobAsync(site.Id, """{"properties":{"name_en":"Name by Bob"}}""");
        await page.Locator("#edit-field-name_en").FillAsync("Name by Alice");
        await page.Locator("#edit-save").ClickAsync();
        var dialog = page.Locator("#edit-conflict-dialog[open]");
        await dialog.WaitForAsync();
        var row = page.Locator("#edit-conflict-table tr[data-field=name_en]");
        Assert.Equal(("Name by Bob", "Name by Alice"), (await row.Locator(".theirs").TextContentAsync(), await row.Locator(".mine").TextContentAsync()));
        Assert.Contains("differs", await row.GetAttributeAsync("class") ?? "");
        Assert.Contains("bob changed it", await page.Locator("#edit-conflict-by").TextContentAsync());
        await ScreenshotAsync(viewer, "edit-conflict");

        // Keep theirs: nothing of Alice's is written, and the form shows Bob's version.
        await page.Locator("#edit-keep-theirs").ClickAsync();
        await StatusAsync(viewer, "discarded");
        await page.WaitForFunctionAsync("() => document.getElementById('edit-field-name_en').value === 'Name by Bob'");
        Assert.Equal("Name by Bob", (await ExistingSiteAsync(site.Id)).Properties.GetProperty("name_en").GetString());
        Assert.Equal([("update", "bob")], (await HistoryAsync(site.Id)).Select(c => (c.Operation, c.Key)));

        // Bob changes the capacity; Alice renames again and overwrites: her name, and his capacity, which her version
        // (his with her change) showed.
        await PatchAsBobAsync(site.Id, """{"properties":{"capacity":77}}""");
        await page.Locator("#edit-field-name_en").FillAsync("Name by Alice");
        await page.Locator("#edit-save").ClickAsync();
        await dialog.WaitForAsync();
        var capacity = page.Locator("#edit-conflict-table tr[data-field=capacity]");
        Assert.Equal(await capacity.Locator(".theirs").TextContentAsync(), await capacity.Locator(".mine").TextContentAsync());
        Assert.Contains("77", await capacity.Locator(".theirs").TextContentAsync());
        await page.Locator("#edit-overwrite").ClickAsync();
        await StatusAsync(viewer, "Saved");
        var saved = await ExistingSiteAsync(site.Id);
        Assert.Equal(("Name by Alice", 77), (saved.Properties.GetProperty("name_en").GetString(), saved.Properties.GetProperty("capacity").GetInt32()));
        Assert.Equal([("update", "bob"), ("update", "bob"), ("update", "alice")], (await HistoryAsync(site.Id)).Select(c => (c.Operation, c.Key)));
        NoUnexpectedErrors(viewer, 412);
    }

    [SkippableFact]
    public async Task A_change_made_through_the_API_appears_in_the_open_viewer_without_a_reload()
    {
        await using var viewer = await OpenAsync("?lang=en");
        var page = viewer.Page;
        var site = await LonelySiteAsync(6);
        // The site in the upper half of the map: the attribute table covers the lower part.
        await viewer.SetViewAsync(site.Lon, site.Lat - 0.0012, 17);
        Assert.True(await DrawnAtAsync(viewer, site.Id, site.Lon, site.Lat), "the site is not drawn before the change");
        await page.Locator("#table-layer").SelectOptionAsync("sites");
        await page.Locator("#table-open").ClickAsync();
        await page.Locator("#table-grid tbody tr").First.WaitForAsync();
        var rowsBefore = await page.Locator("#table-grid tbody tr").CountAsync();
        await viewer.ClickMapAsync(site.Lon, site.Lat);
        await page.Locator("#popup:not([hidden])").WaitForAsync();
        var before = await viewer.MapScreenshotAsync(fixture, "live-before");

        // Bob moves it 60 m east and renames it; then he adds a site.
        var (lon, lat) = Offset(site.Lon, site.Lat, 60, 0);
        var renamed = site.Properties.GetProperty("name_en").GetString() + " (moved)";
        await PatchAsBobAsync(site.Id, JsonSerializer.Serialize(new
        {
            geometry = new { type = "Point", coordinates = new[] { lon, lat } },
            properties = new { name_en = renamed },
        }));
        var name = $"Live site {Guid.NewGuid():N}"[..18];
        var west = Offset(site.Lon, site.Lat, -160, 0);
        var added = await PostAsBobAsync(new
        {
            type = "Feature",
            geometry = new { type = "Point", coordinates = new[] { west.Lon, west.Lat } },
            properties = new { name_zh = "实时新增设施", name_en = name, category = "park", status = "planned" },
        });

        var redrawn = await EventuallyAsync(async () => await DrawnAtAsync(viewer, site.Id, lon, lat) && !await DrawnAtAsync(viewer, site.Id, site.Lon, site.Lat));
        var after = await viewer.MapScreenshotAsync(fixture, "live-after");
        Assert.True(redrawn, "the open viewer still draws the site where it was before the API moved it (is GET /changes served?)");
        Assert.True(await EventuallyAsync(async () => await page.Locator("#popup .popup-name-en").TextContentAsync() == renamed),
            "the open popup does not show the new name");
        output.WriteLine($"{await viewer.DifferingPixelsAsync(before, after)} pixels differ");
        Assert.True(await EventuallyAsync(async () => await page.Locator($"#table-grid tbody tr[data-feature-id='{added}']").CountAsync() == 1),
            "the attribute table does not list the site the API added");
        Assert.Equal(rowsBefore + 1, await page.Locator("#table-grid tbody tr").CountAsync());
        await page.Locator("#search").FillAsync(name);
        Assert.Contains(name, await page.Locator("#search-results").TextContentAsync());
        NoUnexpectedErrors(viewer);
    }
}
