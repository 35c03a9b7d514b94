using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Huayang.Gis.Tests;

namespace Huayang.Gis.Server.Tests.Features;

/// <summary>The HTML pages: Chinese and English names, paging links, and every value escaped.</summary>
public sealed class HtmlTests(FeaturesApp app) : IClassFixture<FeaturesApp>
{
    [Theory]
    [InlineData("/?f=html", "华阳街道")]
    [InlineData("/conformance?f=html", "ogcapi-features-2/1.0/conf/crs")]
    [InlineData("/collections?f=html", "设施")]
    [InlineData("/collections?f=html", "Walkways")]
    [InlineData("/collections/plan?f=html", "一轴二点、一带三片")]
    [InlineData("/collections/communities/items?f=html", "白马寺社区")]
    [InlineData("/collections/sites/items?f=html&category=kindergarten", "kindergarten")]
    [InlineData("/collections/sites/items/site-baimasi-culture-1?f=html", "白马寺社区文化活动室")]
    public async Task Pages_are_self_contained_html_with_chinese_names(string path, string expected)
    {
        using var client = app.CreateClient();
        using var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.Contains(expected, html);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("<link", html);
    }

    [Fact]
    public async Task Items_pages_link_to_the_next_and_previous_pages()
    {
        using var client = app.CreateClient();
        var first = await client.GetStringAsync("/collections/sites/items?f=html&limit=10");
        Assert.Contains("offset=10", first);
        Assert.Contains("next", first);
        var second = await client.GetStringAsync("/collections/sites/items?f=html&limit=10&offset=10");
        Assert.Contains("previous", second);
        Assert.Contains("offset=20", second);
    }

    [Fact]
    public async Task Request_values_are_escaped()
    {
        using var client = app.CreateClient();
        var html = await client.GetStringAsync("/collections/sites/items?f=html&category=%3Cscript%3Ealert(1)%3C%2Fscript%3E%22");
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("alert(1)</", html);
    }

    [Fact]
    public async Task Data_values_are_escaped()
    {
        await using var hostile = new HostileDataApp();
        using var client = hostile.CreateClient();
        var items = await client.GetStringAsync("/collections/sites/items?f=html&limit=10000");
        var feature = await client.GetStringAsync($"/collections/sites/items/{HostileDataApp.SiteId}?f=html");
        foreach (var html in new[] { items, feature })
        {
            Assert.DoesNotContain(HostileDataApp.Name, html);
            Assert.DoesNotContain("<script", html);
            Assert.Contains("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;quoted&quot; 文化", html);
        }
        using var json = JsonDocument.Parse(await client.GetStringAsync($"/collections/sites/items/{HostileDataApp.SiteId}"));
        Assert.Equal(HostileDataApp.Name, json.RootElement.GetProperty("properties").GetProperty("name_en").GetString());
    }

    /// <summary>The bundled data with one site renamed to markup, in a temporary directory.</summary>
    private sealed class HostileDataApp() : FeaturesApp(CopyWithHostileName())
    {
        public const string SiteId = "site-baimasi-culture-1";
        public const string Name = "<script>alert('x')</script> & \"quoted\" 文化";

        public override async ValueTask DisposeAsync()
        {
            await base.DisposeAsync();
            Directory.Delete(Directory.GetParent(Reference.Dataset.Source + Path.DirectorySeparatorChar)!.FullName, recursive: true);
        }

        private static string CopyWithHostileName()
        {
            var directory = Path.Combine(Path.GetTempPath(), "huayang-hostile-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(directory);
            foreach (var file in Directory.GetFiles(RepositoryRoot.DataDirectory))
            {
                File.Copy(file, Path.Combine(directory, Path.GetFileName(file)));
            }
            var path = Path.Combine(directory, "sites.geojson");
            var sites = JsonNode.Parse(File.ReadAllText(path))!;
            var site = sites["features"]!.AsArray().Single(f => (string?)f!["properties"]!["id"] == SiteId)!;
            site["properties"]!["name_en"] = Name;
            File.WriteAllText(path, sites.ToJsonString());
            return directory;
        }
    }
}
