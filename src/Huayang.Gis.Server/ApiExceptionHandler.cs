using Huayang.Gis.Core.Store;
using Microsoft.AspNetCore.Diagnostics;

namespace Huayang.Gis.Server;

/// <summary>
/// Last line of defence: an exception that escapes a handler becomes problem+json. A bad request that a
/// handler failed to catch is still a 4xx; anything else is logged as the bug it is.
/// </summary>
internal sealed class ApiExceptionHandler(IProblemDetailsService problems, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title) = exception switch
        {
            UnknownLayerException => (StatusCodes.Status404NotFound, "Not found"),
            BadHttpRequestException bad => (bad.StatusCode, "Bad request"),
            ArgumentException or FormatException or OverflowException => (StatusCodes.Status400BadRequest, "Bad request"),
            OperationCanceledException when httpContext.RequestAborted.IsCancellationRequested => (499, "Client closed request"),
            _ => (StatusCodes.Status500InternalServerError, "Internal error"),
        };
        if (status >= 500)
        {
            logger.LogError(exception, "Unhandled error for {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
        }
        httpContext.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = status, Title = title, Detail = status < 500 ? exception.Message : null },
        });
    }
}
