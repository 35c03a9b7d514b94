using System.Security.Cryptography;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Huayang.Gis.Server.Viewer;

/// <summary>
/// The viewer's text files in the Brotli and gzip its build made beside them (<c>index.html.br</c>,
/// <c>index.html.gz</c>: src/Huayang.Gis.Viewer/precompress.mjs, Brotli quality 11 and gzip level 9), read once at
/// start and sent as the request's <c>Accept-Encoding</c> asks, so no request compresses them.
/// </summary>
/// <remarks>
/// <para>
/// Why at build and not at start or with <c>MapStaticAssets</c>: the strongest levels cost about a second of CPU for
/// the JavaScript bundle, which every start of the server (and every test host) would pay again; and
/// <c>MapStaticAssets</c> wants the SDK's static web assets (files in the project's wwwroot, its own fingerprints and
/// levels), not Vite's dist copied beside the assembly with Vite's hashed names.
/// </para>
/// <para>
/// Encoding: the highest q of <c>br</c> and <c>gzip</c> (<c>*</c> counts for both), Brotli on a tie; <c>q=0</c>
/// refuses; an explicit <c>identity</c> with a higher q wins. When neither is chosen the request goes on to the
/// static files, which send the plain file as before (with its ranges). An encoded answer has its own strong
/// <c>ETag</c> (a hash of the encoded bytes), <c>Content-Encoding</c>, <c>Content-Length</c>, <c>Vary:
/// Accept-Encoding</c> and the static files' <c>Content-Type</c>, <c>Last-Modified</c> and <c>Cache-Control</c>;
/// <c>If-None-Match</c> (weak comparison, as the static files) or else <c>If-Modified-Since</c> give 304. It ignores
/// <c>Range</c> and says <c>Accept-Ranges: none</c> — a whole 200 is a correct answer to a range request. The
/// response compression leaves it alone: it compresses nothing that has a <c>Content-Encoding</c> already.
/// </para>
/// </remarks>
internal sealed class PrecompressedFiles
{
    /// <summary>The encodings made at build, by file suffix, in the order preferred on a tie.</summary>
    private static readonly (string Coding, string Suffix)[] Encodings = [("br", ".br"), ("gzip", ".gz")];

    private readonly Dictionary<string, Entry> entries;

    private PrecompressedFiles(Dictionary<string, Entry> entries) => this.entries = entries;

    /// <summary>Reads the encoded copies of every file of <paramref name="folder"/> that has them.</summary>
    public static PrecompressedFiles Load(string folder, Func<string, string> contentTypeOf, Func<string, string> cacheControlOf)
    {
        var entries = new Dictionary<string, Entry>(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            var variants = Encodings
                .Where(encoding => File.Exists(path + encoding.Suffix))
                .Select(encoding => Variant.Of(encoding.Coding, File.ReadAllBytes(path + encoding.Suffix)))
                .ToArray();
            if (variants.Length == 0)
            {
                continue;
            }
            var name = Path.GetFileName(path);
            var modified = new DateTimeOffset(File.GetLastWriteTimeUtc(path));
            // Whole seconds, as Last-Modified carries them and as the static files compare.
            modified = modified.AddTicks(-(modified.Ticks % TimeSpan.TicksPerSecond));
            var requestPath = "/" + Path.GetRelativePath(folder, path).Replace(Path.DirectorySeparatorChar, '/');
            entries[requestPath] = new Entry(contentTypeOf(name), cacheControlOf(name), modified, variants);
        }
        return new PrecompressedFiles(entries);
    }

    /// <summary>Whether the file at <paramref name="path"/> (under the viewer) has encoded copies, so its plain answer varies too.</summary>
    public bool HasVariants(PathString path) => path.Value is { } value && entries.ContainsKey(value);

    /// <summary>
    /// Answers a GET (or HEAD, which runs as GET here) for <paramref name="path"/> with an encoded copy, or returns
    /// <see langword="null"/> when there is none to send (no copies, or the client accepts neither encoding).
    /// </summary>
    public Task? TryServe(HttpContext context, PathString path)
    {
        var request = context.Request;
        if (!(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            || path.Value is not { } value || !entries.TryGetValue(value, out var entry)
            || Choose(request.Headers.AcceptEncoding, entry.Variants) is not { } variant)
        {
            return null;
        }
        var response = context.Response;
        response.Headers.Append(HeaderNames.Vary, HeaderNames.AcceptEncoding);
        response.Headers.ETag = variant.ETag.ToString();
        response.Headers.LastModified = HeaderUtilities.FormatDate(entry.LastModified);
        response.Headers.CacheControl = entry.CacheControl;
        if (NotModified(request, variant.ETag, entry.LastModified))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = entry.ContentType;
        response.Headers.ContentEncoding = variant.Coding;
        response.Headers.AcceptRanges = "none";
        response.ContentLength = variant.Body.Length;
        return response.Body.WriteAsync(variant.Body, context.RequestAborted).AsTask();
    }

    /// <summary>The copy to send for an <c>Accept-Encoding</c>, or <see langword="null"/> for the plain file.</summary>
    internal static Variant? Choose(StringValues acceptEncoding, IReadOnlyList<Variant> variants)
    {
        if (!StringWithQualityHeaderValue.TryParseList(acceptEncoding, out var accepted) || accepted.Count == 0)
        {
            return null;
        }
        double? QualityOf(string coding)
        {
            var named = accepted.Where(a => StringSegment.Equals(a.Value, coding, StringComparison.OrdinalIgnoreCase)).ToList();
            return named.Count > 0 ? named.Max(a => a.Quality ?? 1) : null;
        }
        var any = QualityOf("*");
        Variant? best = null;
        var bestQuality = 0.0;
        foreach (var variant in variants)
        {
            // Strictly higher: the earlier (Brotli) wins a tie.
            var quality = QualityOf(variant.Coding) ?? any ?? 0;
            if (quality > bestQuality)
            {
                (best, bestQuality) = (variant, quality);
            }
        }
        return QualityOf("identity") is { } identity && identity > bestQuality ? null : best;
    }

    private static bool NotModified(HttpRequest request, EntityTagHeaderValue etag, DateTimeOffset lastModified)
    {
        var headers = request.GetTypedHeaders();
        if (headers.IfNoneMatch is { Count: > 0 } ifNoneMatch)
        {
            return ifNoneMatch.Any(candidate => candidate.Equals(EntityTagHeaderValue.Any) || candidate.Compare(etag, useStrongComparison: false));
        }
        return headers.IfModifiedSince is { } since && since >= lastModified;
    }

    /// <summary>One encoded copy: its coding (<c>br</c>, <c>gzip</c>), bytes and strong ETag.</summary>
    internal sealed record Variant(string Coding, byte[] Body, EntityTagHeaderValue ETag)
    {
        public static Variant Of(string coding, byte[] body) =>
            new(coding, body, new EntityTagHeaderValue($"\"{Convert.ToHexStringLower(SHA256.HashData(body))[..24]}\""));
    }

    private sealed record Entry(string ContentType, string CacheControl, DateTimeOffset LastModified, IReadOnlyList<Variant> Variants);
}
