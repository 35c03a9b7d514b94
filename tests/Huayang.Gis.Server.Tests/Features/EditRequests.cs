using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace Huayang.Gis.Server.Tests.Features;

/// <summary>The requests the edit, change-feed and scale-out tests make, each failing the test unless answered as expected.</summary>
internal static class EditRequests
{
    /// <summary>Where the tests put their new sites (in the Hubin community, in the education and talent zone).</summary>
    public const double Lon = 104.0688;

    public const double Lat = 30.4857;

    private const string Position = "[104.0688, 30.4857]";

    /// <summary>POSTs a planned talent-service site named <paramref name="name"/>; its id and ETag.</summary>
    public static async Task<(string Id, EntityTagHeaderValue Tag)> CreateSiteAsync(HttpClient client, string name, string nameZh = "变更测试")
    {
        var body = $$$"""
            {"type": "Feature", "geometry": {"type": "Point", "coordinates": {{{Position}}}},
             "properties": {"name_zh": "{{{nameZh}}}", "name_en": "{{{name}}}", "category": "talent_service", "status": "planned",
                            "capacity": 10, "plan_element": "zone-education-talent", "community_id": "hubin"}}
            """;
        using var created = await client.PostAsync("collections/sites/items", EditApp.GeoJson(body));
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        return (created.Headers.Location!.AbsolutePath.Split('/')[^1], created.Headers.ETag!);
    }

    /// <summary>A merge patch of a site with If-Match.</summary>
    public static HttpRequestMessage Patch(string id, EntityTagHeaderValue tag, string patch)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, $"collections/sites/items/{id}")
        {
            Content = EditApp.GeoJson(patch, "application/merge-patch+json"),
        };
        request.Headers.IfMatch.Add(tag);
        return request;
    }

    /// <summary>A merge patch setting the site's English name.</summary>
    public static HttpRequestMessage Rename(string id, EntityTagHeaderValue tag, string name) =>
        Patch(id, tag, new JsonObject { ["properties"] = new JsonObject { ["name_en"] = name } }.ToJsonString());

    /// <summary>Sends the patch; fails unless 204; the new ETag.</summary>
    public static async Task<EntityTagHeaderValue> SendAsync(HttpClient client, HttpRequestMessage patch)
    {
        using (patch)
        {
            using var response = await client.SendAsync(patch);
            Assert.True(response.StatusCode == HttpStatusCode.NoContent, await response.Content.ReadAsStringAsync());
            return response.Headers.ETag!;
        }
    }

    /// <summary>GET of a site as GeoJSON with its ETag.</summary>
    public static async Task<(JsonNode Feature, EntityTagHeaderValue ETag)> GetSiteAsync(HttpClient client, string id)
    {
        using var response = await client.GetAsync($"collections/sites/items/{id}?f=json");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET sites/{id}: {(int)response.StatusCode} {text}");
        return (JsonNode.Parse(text)!, response.Headers.ETag!);
    }

    public static async Task<JsonNode> JsonAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    /// <summary>The address of the tile of <paramref name="layers"/> holding a point, <paramref name="dy"/> rows further.</summary>
    public static string TileOf(double lon, double lat, int z, string layers = "sites", int dy = 0)
    {
        var (ux, uy) = Huayang.Gis.Core.Tiles.VectorTileThinning.WorldUnits(lon, lat, z);
        var extent = Huayang.Gis.Core.Tiles.VectorTileGrid.Extent;
        return $"tiles/{layers}/{z}/{(int)(ux / extent)}/{(int)(uy / extent) + dy}.mvt";
    }

    /// <summary>A tile's ETag (200 or 204 both have one).</summary>
    public static async Task<string> TileTagAsync(HttpClient client, string tile)
    {
        using var response = await client.GetAsync(tile);
        Assert.True(response.IsSuccessStatusCode, $"{tile}: {(int)response.StatusCode}");
        return response.Headers.ETag!.ToString();
    }
}
