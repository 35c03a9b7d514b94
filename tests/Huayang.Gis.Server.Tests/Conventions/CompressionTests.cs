using System.IO.Compression;
using System.Net;
using Huayang.Gis.Server.Tests.Features;
using Huayang.Gis.Tests;

namespace Huayang.Gis.Server.Tests.Conventions;

/// <summary>Responses compressed with Brotli or gzip for clients that accept them, and decompressing to the same bytes.</summary>
public sealed class CompressionTests(FeaturesApp app) : IClassFixture<FeaturesApp>
{
    [Theory]
    [InlineData("/collections/population/items?limit=1000", "br")]
    [InlineData("/collections/population/items?limit=1000", "gzip")]
    [InlineData("/tiles/communities,water,population,roads,walkways,plan,sites/12/3232/1683.mvt", "br")]
    [InlineData("/tiles/communities,water,population,roads,walkways,plan,sites/12/3232/1683.mvt", "gzip")]
    [InlineData("/collections", "gzip")]
    [InlineData("/fonts/Noto Sans CJK SC Regular/0-255.pbf", "br")]
    public async Task A_client_that_accepts_an_encoding_gets_it_and_the_same_bytes_when_decoded(string path, string encoding)
    {
        using var client = app.CreateClient();
        var plain = await client.GetByteArrayAsync(path);
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Accept-Encoding", $"{encoding}");
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([encoding], response.Content.Headers.ContentEncoding);
        Assert.Contains("Accept-Encoding", response.Headers.Vary);
        var compressed = await response.Content.ReadAsByteArrayAsync();
        Assert.True(compressed.Length < plain.Length * 0.7, $"{path}: {compressed.Length} of {plain.Length} bytes");
        await using Stream decoder = encoding == "br"
            ? new BrotliStream(new MemoryStream(compressed), CompressionMode.Decompress)
            : new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress);
        using var decoded = new MemoryStream();
        await decoder.CopyToAsync(decoded);
        // Items carry the second they were answered in (timeStamp): the two answers may differ in it alone.
        Assert.Equal(WithoutTimeStamp(plain), WithoutTimeStamp(decoded.ToArray()));
    }

    private static string WithoutTimeStamp(byte[] body) =>
        System.Text.RegularExpressions.Regex.Replace(System.Text.Encoding.Latin1.GetString(body),
            "\"timeStamp\":\"[^\"]*\"", "\"timeStamp\":\"\"");

    [Fact]
    public async Task Pictures_are_not_compressed_again_and_a_client_without_accept_encoding_gets_plain_bytes()
    {
        using var client = app.CreateClient();
        using var picture = new HttpRequestMessage(HttpMethod.Get, "/map.png?width=200&height=150");
        picture.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip, br");
        using var answer = await client.SendAsync(picture);
        Assert.Empty(answer.Content.Headers.ContentEncoding);
        using var plain = await client.GetAsync("/collections/sites/items?limit=5");
        Assert.Empty(plain.Content.Headers.ContentEncoding);
        Assert.DoesNotContain("text/event-stream", Hosting.Compression.MimeTypes);
    }

    [Fact]
    public async Task A_wrong_level_stops_the_start_naming_it()
    {
        var (code, output) = await ServerProcess.RunToExitAsync(new Dictionary<string, string> { ["Compression__Level"] = "Maximum" });
        Assert.Equal(1, code);
        Assert.Contains("Compression:Level: \"Maximum\" is not a level", output, StringComparison.Ordinal);
    }
}
