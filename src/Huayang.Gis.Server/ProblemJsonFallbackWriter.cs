using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Huayang.Gis.Server;

/// <summary>
/// Writes problem+json when no other problem-details writer accepts the request's <c>Accept</c> header
/// (ASP.NET Core's own writer declines <c>Accept: text/html</c> or <c>image/png</c>). Without it a 404 or
/// 405 from the status-code pages would be plain text, and an exception that <see cref="ApiExceptionHandler"/>
/// could not write would be rethrown as a 500. An error is sent in the one form the API has.
/// Registered after <c>AddProblemDetails</c>, so it is asked last.
/// </summary>
internal sealed class ProblemJsonFallbackWriter(IOptions<ProblemDetailsOptions> options) : IProblemDetailsWriter
{
    public const string ContentType = "application/problem+json";

    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        var problem = context.ProblemDetails;
        problem.Status ??= http.Response.StatusCode;
        problem.Title ??= ReasonPhrases.GetReasonPhrase(problem.Status.Value);
        options.Value.CustomizeProblemDetails?.Invoke(context);
        return new ValueTask(http.Response.WriteAsJsonAsync(problem, typeof(ProblemDetails), options: null, ContentType, http.RequestAborted));
    }
}
