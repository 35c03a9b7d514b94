using System.Security.Cryptography;
using System.Text;
using Huayang.Gis.Core.Store;
using Microsoft.Net.Http.Headers;

namespace Huayang.Gis.Server.Features;

/// <summary>
/// Validators and caching for the OGC API resources (landing page, conformance, collections, items, a feature, the
/// OpenAPI document): a weak <c>ETag</c> of the data version and the request (path, query, <c>Accept</c>, scheme and
/// <c>Host</c>, which the absolute links contain), <c>Cache-Control: public, no-cache</c> (keep it, but ask again each
/// time: an edit may change it any moment) and <c>Vary: Accept, Host</c>. A matching <c>If-None-Match</c> is 304
/// before the handler runs. A handler's own <c>ETag</c> (a feature of an editable layer: its strong edit version,
/// which <c>If-Match</c> names) is kept, and <c>If-None-Match</c> is compared with it instead.
/// </summary>
internal static class ConditionalGet
{
    public const string CacheControlValue = "public, no-cache";
    public const string VaryValue = "Accept, Host";

    public static async ValueTask<object?> FilterAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var http = invocation.HttpContext;
        var store = http.RequestServices.GetRequiredService<ISpatialStore>();
        var version = (await store.GetStateAsync(http.RequestAborted)).Version;
        var etag = ETagOf(version, http.Request);
        var ifNoneMatch = http.Request.GetTypedHeaders().IfNoneMatch;
        if (Matches(ifNoneMatch, etag))
        {
            SetCaching(http.Response, etag);
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }
        var result = await next(invocation);
        // A handler's Results<…> union holds the result it chose.
        if ((result is INestedHttpResult nested ? nested.Result : result) is IStatusCodeHttpResult { StatusCode: >= 300 })
        {
            return result;
        }
        if (http.Response.GetTypedHeaders().ETag is { } own)
        {
            SetCaching(http.Response, own);
            return Matches(ifNoneMatch, own) ? TypedResults.StatusCode(StatusCodes.Status304NotModified) : result;
        }
        SetCaching(http.Response, etag);
        return result;
    }

    private static void SetCaching(HttpResponse response, EntityTagHeaderValue etag)
    {
        response.GetTypedHeaders().ETag = etag;
        response.Headers.CacheControl = CacheControlValue;
        response.Headers.Append(HeaderNames.Vary, VaryValue);
    }

    internal static EntityTagHeaderValue ETagOf(string version, HttpRequest request)
    {
        var key = $"{version}\n{request.Scheme}://{request.Host}{request.PathBase}{request.Path}{request.QueryString}\n{request.Headers.Accept}";
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..24];
        return new EntityTagHeaderValue($"\"{hash}\"", isWeak: true);
    }

    /// <summary>If-None-Match uses the weak comparison (RFC 9110 §13.1.2); <c>*</c> matches any current representation.</summary>
    internal static bool Matches(IList<EntityTagHeaderValue> ifNoneMatch, EntityTagHeaderValue etag) =>
        ifNoneMatch.Any(candidate => candidate.Equals(EntityTagHeaderValue.Any) || candidate.Compare(etag, useStrongComparison: false));
}
