using System.Net;
using System.Text.Json.Nodes;

namespace Huayang.Gis.Server.Tests.Support;

/// <summary>GET a URL and read its JSON, failing with the status and body unless it answers 200.</summary>
internal static class HttpJson
{
    public static async Task<JsonNode> GetJsonAsync(this HttpClient http, string url)
    {
        using var response = await http.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!;
    }
}
