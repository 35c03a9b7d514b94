using System.Net;

namespace Huayang.Gis.Server.Tests.Features;

/// <summary>
/// The embedded store keeps its data in memory: an edit would vanish at restart, so every write is 405 problem+json
/// saying edits need PostGIS, OPTIONS allows reading only, and conformance does not claim Part 4.
/// </summary>
public sealed class EmbeddedEditTests(FeaturesApp app) : IClassFixture<FeaturesApp>
{
    [Theory]
    [InlineData("POST", "collections/sites/items")]
    [InlineData("PUT", "collections/sites/items/site-sports-town")]
    [InlineData("PATCH", "collections/sites/items/site-sports-town")]
    [InlineData("DELETE", "collections/sites/items/site-sports-town")]
    public async Task Every_write_is_405_saying_edits_need_PostGIS(string method, string path)
    {
        using var client = app.CreateClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = new StringContent("""{"type": "Feature", "geometry": null, "properties": {}}""", System.Text.Encoding.UTF8, "application/geo+json"),
        };
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("PostGIS", text, StringComparison.Ordinal);
        Assert.Contains("lost work", text, StringComparison.Ordinal);
        Assert.Equal("GET, OPTIONS", string.Join(", ", response.Content.Headers.Allow));
        // Nothing changed.
        Assert.Equal("健康运动小镇", (string?)(await app.GetJsonAsync("collections/sites/items/site-sports-town?f=json")).GetProperty("properties").GetProperty("name_zh").GetString());
    }

    [Fact]
    public async Task The_change_feed_is_there_and_never_changes()
    {
        using var client = app.CreateClient();
        var page = await app.GetJsonAsync("changes?f=json");
        Assert.Equal(0, page.GetProperty("changes").GetArrayLength());
        Assert.Equal(0, page.GetProperty("latest").GetInt64());

        await using var stream = await ChangeStream.OpenAsync(client);
    }

    [Fact]
    public async Task Options_allow_reading_only_and_conformance_does_not_claim_part_4()
    {
        using var client = app.CreateClient();
        using var options = await client.SendAsync(new HttpRequestMessage(HttpMethod.Options, "collections/sites/items"));
        Assert.Equal(HttpStatusCode.NoContent, options.StatusCode);
        Assert.Equal("GET, OPTIONS", string.Join(", ", options.Content.Headers.Allow));
        var conformance = await app.GetJsonAsync("conformance?f=json");
        Assert.DoesNotContain(conformance.GetProperty("conformsTo").EnumerateArray(), c => c.GetString()!.Contains("features-4", StringComparison.Ordinal));
        Assert.Contains(conformance.GetProperty("conformsTo").EnumerateArray(), c => c.GetString()!.EndsWith("/conf/core", StringComparison.Ordinal));
    }
}
