using Microsoft.Net.Http.Headers;

namespace Huayang.Gis.Server.Hosting;

/// <summary>
/// Cross-origin requests from browser apps on other origins: allowed for the origins listed in
/// <c>Cors:AllowedOrigins</c> (default: none, so browsers keep other origins out). A preflight is answered by the
/// middleware; the headers a client needs to read (<c>ETag</c>, <c>Content-Crs</c>, <c>Link</c>, <c>Location</c>,
/// <c>Retry-After</c>) are exposed. <c>*</c> allows every origin; no credentials (cookies) are ever allowed, as the API
/// keys go in the <c>Authorization</c> header.
/// </summary>
internal static class CorsSetup
{
    public const string Section = "Cors:AllowedOrigins";
    private const string Policy = "huayang";

    /// <summary>The headers a cross-origin script may read besides the CORS-safelisted ones.</summary>
    public static IReadOnlyList<string> ExposedHeaders { get; } =
        [HeaderNames.ETag, "Content-Crs", HeaderNames.Link, HeaderNames.Location, HeaderNames.RetryAfter, HeaderNames.LastModified];

    /// <summary>The request headers a cross-origin script may send.</summary>
    public static IReadOnlyList<string> AllowedHeaders { get; } =
    [
        HeaderNames.Accept, HeaderNames.AcceptLanguage, HeaderNames.ContentType, HeaderNames.Authorization, HeaderNames.IfMatch,
        HeaderNames.IfNoneMatch, HeaderNames.IfModifiedSince, "Content-Crs", "Last-Event-ID",
    ];

    /// <summary>The allowed origins from configuration, each checked.</summary>
    /// <exception cref="InvalidOperationException">An entry is not <c>*</c> or an origin such as <c>https://app.example.org</c>.</exception>
    public static IReadOnlyList<string> AllowedOrigins(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        // A list (Cors__AllowedOrigins__0=…) or one comma-separated value (Cors__AllowedOrigins=a,b).
        var entries = section.GetChildren().Select(child => child.Value ?? "")
            .Concat(section.Value is { } single ? single.Split(',') : [])
            .Select(entry => entry.Trim()).Where(entry => entry.Length > 0).ToList();
        foreach (var entry in entries)
        {
            if (entry == "*")
            {
                continue;
            }
            if (!Uri.TryCreate(entry, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
                || uri.UserInfo.Length > 0 || uri.PathAndQuery != "/" || uri.Fragment.Length > 0 || entry.EndsWith('/'))
            {
                throw new InvalidOperationException(
                    $"{Section}: \"{entry}\" is not an origin; write scheme, host and port only (e.g. https://app.example.org or http://localhost:5173), or *");
            }
        }
        return entries;
    }

    public static IServiceCollection AddConfiguredCors(this IServiceCollection services, IReadOnlyList<string> origins) =>
        services.AddCors(options => options.AddPolicy(Policy, policy =>
        {
            if (origins.Contains("*"))
            {
                policy.AllowAnyOrigin();
            }
            else
            {
                policy.WithOrigins([.. origins]);
            }
            policy.WithMethods(HttpMethods.Get, HttpMethods.Head, HttpMethods.Post, HttpMethods.Put, HttpMethods.Patch, HttpMethods.Delete, HttpMethods.Options)
                .WithHeaders([.. AllowedHeaders])
                .WithExposedHeaders([.. ExposedHeaders])
                .SetPreflightMaxAge(TimeSpan.FromHours(1));
        }));

    public static IApplicationBuilder UseConfiguredCors(this IApplicationBuilder app) => app.UseCors(Policy);
}
