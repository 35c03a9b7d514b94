using System.Net;
using Huayang.Gis.Cli;

namespace Huayang.Gis.Server.Tests.Features;

/// <summary>
/// <c>huayang restore</c> on the PostGIS store an edited server serves: a site deleted through the API comes back as it
/// was, the server sees it at once, and the history names the restore and who ran it; what cannot be restored is
/// refused and changes nothing (table checksums).
/// </summary>
public sealed class RestoreCommandTests(EditApp app) : IClassFixture<EditApp>
{
    private const string Site = """
        {"type": "Feature",
         "geometry": {"type": "Point", "coordinates": [104.0655, 30.4921]},
         "properties": {"name_zh": "华阳国际生活服务站", "name_en": "Huayang International Life Services", "category": "talent_service",
                        "status": "planned", "capacity": 40, "plan_element": "zone-education-talent", "community_id": "hubin"}}
        """;

    [SkippableFact]
    public async Task A_site_deleted_through_the_api_is_restored_by_the_command_as_it_was()
    {
        using var alice = app.Client(EditApp.AliceKey);
        using var created = await alice.PostAsync("collections/sites/items", EditApp.GeoJson(Site));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = created.Headers.Location!.AbsolutePath.Split('/')[^1];
        var (original, tag) = await EditRequests.GetSiteAsync(alice, id);
        using (var delete = new HttpRequestMessage(HttpMethod.Delete, $"collections/sites/items/{id}"))
        {
            delete.Headers.IfMatch.Add(tag);
            using var deleted = await alice.SendAsync(delete);
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        using (var gone = await alice.GetAsync($"collections/sites/items/{id}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        }

        var (code, output, error) = await RunAsync("restore", "sites", id, "--as", "carol");
        Assert.True(code == HuayangCli.Success, error);
        Assert.Contains($"restored sites/{id}", output, StringComparison.Ordinal);
        Assert.Contains("it had been deleted and exists again", output, StringComparison.Ordinal);

        var (back, _) = await EditRequests.GetSiteAsync(alice, id);
        Assert.Equal(original["properties"]!.ToJsonString(), back["properties"]!.ToJsonString());
        Assert.Equal(original["geometry"]!.ToJsonString(), back["geometry"]!.ToJsonString());
        var changes = (await EditRequests.JsonAsync(alice, $"collections/sites/items/{id}/history"))["changes"]!.AsArray();
        Assert.Equal(["create", "delete", "restore"], changes.Select(c => (string?)c!["operation"]));
        Assert.Equal("carol", (string?)changes[^1]!["key"]);
    }

    [SkippableFact]
    public async Task What_cannot_be_restored_is_refused_and_nothing_changes()
    {
        var before = await app.TablesChecksumAsync();

        var (code, _, error) = await RunAsync("restore", "sites", "no-such-site");
        Assert.Equal(HuayangCli.DataProblems, code);
        Assert.Contains("sites/no-such-site has no history", error, StringComparison.Ordinal);

        (code, _, error) = await RunAsync("restore", "communities", "hubin");
        Assert.Equal(HuayangCli.BadArguments, code);
        Assert.Contains("collection \"communities\": not an editable collection (editable: ", error, StringComparison.Ordinal);

        (code, _, error) = await RunAsync("restore", "sites", "no-such-site", "--as", "two words");
        Assert.Equal(HuayangCli.BadArguments, code);
        Assert.Contains("--as \"two words\"", error, StringComparison.Ordinal);

        Assert.Equal(before, await app.TablesChecksumAsync());
    }

    private async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await HuayangCli.RunAsync([.. args, "--pg", app.ConnectionString], output, error);
        return (code, output.ToString(), error.ToString());
    }

}
