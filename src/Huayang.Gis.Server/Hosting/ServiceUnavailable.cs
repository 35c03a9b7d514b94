using System.Globalization;
using Microsoft.AspNetCore.Mvc;

namespace Huayang.Gis.Server.Hosting;

/// <summary>
/// The one way the server says "not now": 503 with <c>Retry-After</c>, as problem+json — or, on <c>/wms</c>, as the
/// WMS 1.3.0 ServiceExceptionReport that WMS clients read.
/// </summary>
internal static class ServiceUnavailable
{
    /// <summary>Writes the refusal unless the response has started (then there is nothing left to say).</summary>
    public static async Task WriteAsync(HttpContext http, string title, string detail, int retryAfterSeconds, CancellationToken cancellationToken)
    {
        if (http.Response.HasStarted)
        {
            return;
        }
        http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        http.Response.Headers.RetryAfter = retryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        http.Response.Headers.CacheControl = "no-store";
        if (IsWms(http.Request))
        {
            http.Response.ContentType = Maps.WmsEndpoints.ExceptionContentType;
            await http.Response.WriteAsync(Maps.WmsEndpoints.ExceptionReport(null, $"{title}: {detail}", null), cancellationToken);
            return;
        }
        var problem = new ProblemDetails { Status = StatusCodes.Status503ServiceUnavailable, Title = title, Detail = detail };
        problem.Extensions["retry_after_s"] = retryAfterSeconds;
        await http.Response.WriteAsJsonAsync(problem, typeof(ProblemDetails), options: null, ProblemJsonFallbackWriter.ContentType, cancellationToken);
    }

    /// <summary>Whether the request is a WMS request, whose errors are ServiceExceptionReports.</summary>
    public static bool IsWms(HttpRequest request) => request.Path.Equals("/wms", StringComparison.OrdinalIgnoreCase);
}
