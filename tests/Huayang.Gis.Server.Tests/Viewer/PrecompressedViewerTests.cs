using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using Huayang.Gis.Server.Tests.Support;
using Huayang.Gis.Server.Viewer;

namespace Huayang.Gis.Server.Tests.Viewer;

/// <summary>
/// The viewer's text files are sent in the Brotli and gzip its build made (the <c>.br</c> and <c>.gz</c> beside each
/// file in wwwroot/viewer), as <c>Accept-Encoding</c> asks, not compressed per request.
/// </summary>
public sealed class PrecompressedViewerTests(ServerApp app) : IClassFixture<ServerApp>
{
    /// <summary>The page and its bundles: request path and file under wwwroot/viewer.</summary>
    public static TheoryData<string, string> Files()
    {
        var data = new TheoryData<string, string> { { "/viewer/", "index.html" } };
        foreach (var bundle in Directory.EnumerateFiles(Path.Combine(ViewerFiles.Folder, "assets"))
                     .Where(path => path.EndsWith(".js", StringComparison.Ordinal) || path.EndsWith(".css", StringComparison.Ordinal)))
        {
            data.Add($"/viewer/assets/{Path.GetFileName(bundle)}", $"assets/{Path.GetFileName(bundle)}");
        }
        return data;
    }

    public static TheoryData<string, string, string> FilesAndEncodings()
    {
        // Accept-Encoding (empty: none sent), and the encoding expected ("" for the plain file).
        (string Accept, string Expected)[] cases =
        [
            ("br", "br"), ("gzip", "gzip"), ("gzip, br", "br"), ("br, gzip", "br"), ("gzip, deflate, br, zstd", "br"),
            ("br;q=0.5, gzip", "gzip"), ("*", "br"), ("", ""), ("deflate", ""), ("br;q=0, gzip;q=0", ""),
            ("*;q=0", ""), ("gzip;q=0, *", "br"), ("identity", ""), ("identity, br;q=0.5", ""),
        ];
        var data = new TheoryData<string, string, string>();
        foreach (var row in Files())
        {
            foreach (var (accept, expected) in cases)
            {
                data.Add((string)row[0], accept, expected);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(FilesAndEncodings))]
    public async Task Each_file_comes_in_the_accepted_encoding_from_the_build_and_decodes_to_the_file(string path, string accept, string expected)
    {
        var file = Files().Single(row => (string)row[0] == path)[1].ToString()!;
        var plain = await File.ReadAllBytesAsync(Path.Combine(ViewerFiles.Folder, file));
        using var client = app.CreateClient();
        using var first = await GetAsync(client, path, accept);
        using var second = await GetAsync(client, path, accept);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var body = await first.Content.ReadAsByteArrayAsync();
        Assert.Equal(body.Length, first.Content.Headers.ContentLength);
        Assert.Contains("Accept-Encoding", first.Headers.Vary);
        Assert.Equal(file == "index.html" ? "no-cache" : "public, max-age=31536000, immutable", first.Headers.CacheControl?.ToString());
        Assert.Equal(file.EndsWith(".css", StringComparison.Ordinal) ? "text/css" : file.EndsWith(".js", StringComparison.Ordinal) ? "text/javascript" : "text/html",
            first.Content.Headers.ContentType?.MediaType);
        Assert.Equal(body, await second.Content.ReadAsByteArrayAsync());
        if (expected == "")
        {
            Assert.Empty(first.Content.Headers.ContentEncoding);
            Assert.Equal(plain, body);
            return;
        }
        Assert.Equal([expected], first.Content.Headers.ContentEncoding);
        // The very bytes the build wrote: not compressed now (the middleware's level would give other bytes), and
        // not compressed twice (decoding once gives the file).
        var built = await File.ReadAllBytesAsync(Path.Combine(ViewerFiles.Folder, file + (expected == "br" ? ".br" : ".gz")));
        Assert.Equal(built, body);
        Assert.Equal(plain, await DecodeAsync(expected, body));
        Assert.True(body.Length < plain.Length * 0.5, $"{file}: {body.Length} of {plain.Length} bytes");
    }

    [Fact]
    public async Task The_build_compressed_harder_than_the_per_request_compression_would()
    {
        var script = Files().Select(row => row[1].ToString()!).Single(file => file.EndsWith(".js", StringComparison.Ordinal));
        var plain = await File.ReadAllBytesAsync(Path.Combine(ViewerFiles.Folder, script));
        using var optimal = new MemoryStream();
        await using (var brotli = new BrotliStream(optimal, CompressionLevel.Optimal, leaveOpen: true))
        {
            await brotli.WriteAsync(plain);
        }
        var built = await File.ReadAllBytesAsync(Path.Combine(ViewerFiles.Folder, script + ".br"));
        Assert.True(built.Length < optimal.Length, $"{script}: built {built.Length} B, Optimal {optimal.Length} B");
    }

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Each_encoding_has_its_own_ETag_and_If_None_Match_gives_304(string path, string file)
    {
        using var client = app.CreateClient();
        var tags = new Dictionary<string, EntityTagHeaderValue>();
        foreach (var accept in new[] { "br", "gzip", "" })
        {
            using var answer = await GetAsync(client, path, accept);
            tags[accept] = answer.Headers.ETag ?? throw new InvalidOperationException($"{file} ({accept}): no ETag");
        }
        Assert.Equal(3, tags.Values.Select(tag => tag.Tag).Distinct().Count());
        foreach (var (accept, tag) in tags)
        {
            using var revalidated = await GetAsync(client, path, accept, request => request.Headers.IfNoneMatch.Add(tag));
            Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
            Assert.Empty(await revalidated.Content.ReadAsByteArrayAsync());
            Assert.Equal(tag, revalidated.Headers.ETag);
        }
        // Another encoding's tag does not validate this one.
        using var other = await GetAsync(client, path, "br", request => request.Headers.IfNoneMatch.Add(tags["gzip"]));
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.Equal(["br"], other.Content.Headers.ContentEncoding);
        using var since = await GetAsync(client, path, "gzip", request => request.Headers.IfModifiedSince = DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.Equal(HttpStatusCode.NotModified, since.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public async Task HEAD_gives_the_headers_of_the_GET_and_no_body(string path, string file)
    {
        using var client = app.CreateClient();
        foreach (var accept in new[] { "br", "gzip" })
        {
            using var get = await GetAsync(client, path, accept);
            using var head = await GetAsync(client, path, accept, request => request.Method = HttpMethod.Head);
            Assert.Equal(HttpStatusCode.OK, head.StatusCode);
            Assert.Empty(await head.Content.ReadAsByteArrayAsync());
            Assert.Equal(get.Content.Headers.ContentLength, head.Content.Headers.ContentLength);
            Assert.Equal(get.Content.Headers.ContentEncoding, head.Content.Headers.ContentEncoding);
            Assert.Equal(get.Content.Headers.ContentType, head.Content.Headers.ContentType);
            Assert.Equal(get.Headers.ETag, head.Headers.ETag);
            Assert.True(head.Content.Headers.ContentLength > 0, file);
        }
    }

    [Fact]
    public async Task A_range_of_an_encoded_file_is_answered_whole_and_the_plain_file_keeps_its_ranges()
    {
        using var client = app.CreateClient();
        using var encoded = await GetAsync(client, "/viewer/", "br", request => request.Headers.Range = new RangeHeaderValue(0, 99));
        Assert.Equal(HttpStatusCode.OK, encoded.StatusCode);
        Assert.Equal("none", string.Join(",", encoded.Headers.AcceptRanges));
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(ViewerFiles.Folder, "index.html.br")), await encoded.Content.ReadAsByteArrayAsync());
        using var plain = await GetAsync(client, "/viewer/", "", request => request.Headers.Range = new RangeHeaderValue(0, 99));
        Assert.Equal(HttpStatusCode.PartialContent, plain.StatusCode);
        Assert.Equal(100, (await plain.Content.ReadAsByteArrayAsync()).Length);
    }

    [Fact]
    public async Task The_encoded_copies_are_not_files_of_their_own()
    {
        using var client = app.CreateClient();
        using var answer = await client.GetAsync("/viewer/index.html.br");
        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
    }

    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, string path, string accept, Action<HttpRequestMessage>? change = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (accept != "")
        {
            request.Headers.TryAddWithoutValidation("Accept-Encoding", accept);
        }
        change?.Invoke(request);
        return await client.SendAsync(request);
    }

    private static async Task<byte[]> DecodeAsync(string encoding, byte[] body)
    {
        await using Stream decoder = encoding == "br"
            ? new BrotliStream(new MemoryStream(body), CompressionMode.Decompress)
            : new GZipStream(new MemoryStream(body), CompressionMode.Decompress);
        using var decoded = new MemoryStream();
        await decoder.CopyToAsync(decoded);
        return decoded.ToArray();
    }
}
