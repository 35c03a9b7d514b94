using Huayang.Gis.Core.Store;
using Huayang.Gis.Server.Hosting;
using Microsoft.AspNetCore.Diagnostics;

namespace Huayang.Gis.Server;

/// <summary>
/// Last line of defence: an exception that escapes a handler becomes problem+json. A bad request that a
/// handler failed to catch is still a 4xx; a database that cannot answer is a 503 with <c>Retry-After</c> (WMS: a
/// ServiceExceptionReport); anything else is logged as the bug it is.
/// </summary>
internal sealed class ApiExceptionHandler(IProblemDetailsService problems, StoreHealth health, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && httpContext.RequestAborted.IsCancellationRequested)
        {
            // The client has gone: nobody reads an answer. 499 is what the access log shows.
            httpContext.Response.StatusCode = 499;
            return true;
        }
        if (StoreFailures.IsUnavailable(exception))
        {
            if (StoreFailures.IsConnectionLoss(exception))
            {
                health.Suspect();
            }
            logger.LogWarning("The database could not answer {Method} {Path}: {Reason}",
                httpContext.Request.Method, httpContext.Request.Path, exception.Message.Split('\n')[0]);
            await ServiceUnavailable.WriteAsync(httpContext, "Database unavailable",
                $"The database could not answer this request now ({Describe(exception)}). Try again in {StoreFailures.RetryAfterSeconds} s.",
                StoreFailures.RetryAfterSeconds, cancellationToken);
            return true;
        }
        var (status, title) = exception switch
        {
            UnknownLayerException => (StatusCodes.Status404NotFound, "Not found"),
            BadHttpRequestException bad => (bad.StatusCode, "Bad request"),
            ArgumentException or FormatException or OverflowException => (StatusCodes.Status400BadRequest, "Bad request"),
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

    /// <summary>The cause in a few words, never the connection string.</summary>
    private static string Describe(Exception exception) => exception switch
    {
        Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.LockNotAvailable } => "a table it needs is locked by another session",
        Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.QueryCanceled } => "the statement ran past its time limit",
        Npgsql.PostgresException postgres => $"PostgreSQL {postgres.SqlState}: {postgres.MessageText}",
        Npgsql.NpgsqlException { InnerException: TimeoutException } => "no answer in time",
        TimeoutException => "no answer in time",
        _ => exception.Message.Split('\n')[0],
    };
}
