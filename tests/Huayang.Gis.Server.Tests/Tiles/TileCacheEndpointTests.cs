using System.IO.Compression;
using System.Net;
using System.Text.Json;
using Huayang.Gis.Server.Tests.Features;

namespace Huayang.Gis.Server.Tests.Tiles;

/// <summary>The server's tile cache: a tile asked again is a hit, gzip clients get the kept bytes, others the same tile plain.</summary>
public sealed class TileCacheEndpointTests(FeaturesApp app) : IClassFixture<FeaturesApp>
{
    private const string Tile = "/tiles/communities,sites/13/6463/3366.mvt";

    [Fact]
    public async Task A_tile_asked_again_comes_from_the_cache_in_gzip_for_clients_that_accept_it()
    {
        using var client = app.CreateClient();
        var before = await StatisticsAsync(client);
        using var first = await client.GetAsync(Tile);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var plain = await first.Content.ReadAsByteArrayAsync();
        Assert.Empty(first.Content.Headers.ContentEncoding);

        using var request = new HttpRequestMessage(HttpMethod.Get, Tile);
        request.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip");
        using var second = await client.SendAsync(request);
        Assert.Equal(["gzip"], second.Content.Headers.ContentEncoding);
        Assert.Contains("Accept-Encoding", second.Headers.Vary);
        Assert.Equal(first.Headers.ETag, second.Headers.ETag);
        await using var gzip = new GZipStream(new MemoryStream(await second.Content.ReadAsByteArrayAsync()), CompressionMode.Decompress);
        using var decoded = new MemoryStream();
        await gzip.CopyToAsync(decoded);
        Assert.Equal(plain, decoded.ToArray());

        var after = await StatisticsAsync(client);
        Assert.True(after.GetProperty("hits").GetInt64() >= before.GetProperty("hits").GetInt64() + 1, $"no hit: {after}");
        Assert.True(after.GetProperty("entries").GetInt64() >= 1);
        Assert.True(after.GetProperty("bytes").GetInt64() <= after.GetProperty("capacityBytes").GetInt64());
    }

    private static async Task<JsonElement> StatisticsAsync(HttpClient client)
    {
        using var document = JsonDocument.Parse(await client.GetStringAsync("/tiles/cache"));
        return document.RootElement.Clone();
    }
}
