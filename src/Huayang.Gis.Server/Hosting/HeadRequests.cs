namespace Huayang.Gis.Server.Hosting;

/// <summary>
/// <c>HEAD</c> for every <c>GET</c> route: the request is routed and answered as a <c>GET</c> — the same status and
/// headers (<c>ETag</c>, <c>Content-Type</c>, <c>Cache-Control</c>, conditional 304) — and the body is thrown away.
/// </summary>
/// <remarks>
/// It must run before routing (the endpoints are mapped for GET only). Kestrel writes no body for a HEAD request
/// anyway; the body is discarded here too so no host sends one.
/// </remarks>
internal static class HeadRequests
{
    public static IApplicationBuilder UseHeadAsGet(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await next(context);
            return;
        }
        context.Request.Method = HttpMethods.Get;
        var body = context.Response.Body;
        context.Response.Body = Stream.Null;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = body;
            context.Request.Method = HttpMethods.Head;
        }
    });
}
