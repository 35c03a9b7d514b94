using System.IO.Compression;
using Microsoft.AspNetCore.ResponseCompression;

namespace Huayang.Gis.Server.Hosting;

/// <summary>
/// Response compression: Brotli or gzip, whichever the client accepts (Brotli first), for JSON, GeoJSON, problem+json,
/// vector tiles, glyphs, HTML, XML, text, scripts and styles — never for pictures (already compressed) or the change
/// feed's event stream (compression would hold its events back). The viewer's files come compressed from its build
/// (<see cref="Viewer.PrecompressedFiles"/>): an answer with a <c>Content-Encoding</c> is not compressed again. <c>Compression:Level</c> is
/// <c>Optimal</c> (the default, chosen by measurement: see the README), <c>Fastest</c>, <c>SmallestSize</c> or
/// <c>NoCompression</c> (off).
/// </summary>
internal static class Compression
{
    public const string LevelKey = "Compression:Level";

    /// <summary>The content types compressed.</summary>
    public static IReadOnlyList<string> MimeTypes { get; } =
    [
        "application/json", "application/geo+json", "application/problem+json", "application/schema+json",
        "application/vnd.oai.openapi+json", "application/vnd.mapbox-vector-tile", "application/x-protobuf",
        "text/html", "text/plain", "text/xml", "text/css", "application/javascript", "text/javascript", "image/svg+xml",
    ];

    /// <summary>The configured level.</summary>
    /// <exception cref="InvalidOperationException">The setting names no level.</exception>
    public static CompressionLevel LevelFrom(IConfiguration configuration)
    {
        var text = configuration[LevelKey];
        if (string.IsNullOrEmpty(text))
        {
            return CompressionLevel.Optimal;
        }
        return Enum.TryParse<CompressionLevel>(text, ignoreCase: true, out var level) && Enum.IsDefined(level)
            ? level
            : throw new InvalidOperationException($"{LevelKey}: \"{text}\" is not a level; allowed: Fastest, Optimal, SmallestSize, NoCompression");
    }

    public static IServiceCollection AddConfiguredCompression(this IServiceCollection services, CompressionLevel level)
    {
        if (level == CompressionLevel.NoCompression)
        {
            return services;
        }
        services.AddResponseCompression(options =>
        {
            options.EnableForHttps = true;
            options.Providers.Add<BrotliCompressionProvider>();
            options.Providers.Add<GzipCompressionProvider>();
            options.MimeTypes = MimeTypes;
        });
        services.Configure<BrotliCompressionProviderOptions>(options => options.Level = level);
        services.Configure<GzipCompressionProviderOptions>(options => options.Level = level);
        return services;
    }

    public static IApplicationBuilder UseConfiguredCompression(this IApplicationBuilder app, CompressionLevel level) =>
        level == CompressionLevel.NoCompression ? app : app.UseResponseCompression();
}
