using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace Huayang.Gis.Server.Features;

/// <summary>The representations the features API serves.</summary>
internal enum OutputFormat
{
    Json,
    Html,
}

/// <summary>
/// Chooses JSON or HTML: <c>f=json|html</c> wins; otherwise HTML only when the <c>Accept</c> header prefers
/// <c>text/html</c> over every JSON type (a browser), JSON for everything else (GDAL, curl, scripts).
/// </summary>
internal static class Negotiation
{
    public const string Allowed = "json, html";

    public static bool TryChoose(HttpRequest request, out OutputFormat format, out ProblemHttpResult? problem)
    {
        problem = null;
        format = OutputFormat.Json;
        if (request.Query.TryGetValue("f", out var f))
        {
            switch (f.ToString())
            {
                case "json":
                    return true;
                case "html":
                    format = OutputFormat.Html;
                    return true;
                default:
                    problem = ApiProblems.BadParameter("f", f.ToString(), Allowed);
                    return false;
            }
        }
        if (!MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out var accepted))
        {
            return true;
        }
        double html = 0, json = 0;
        foreach (var range in accepted)
        {
            var q = range.Quality ?? 1.0;
            var type = range.MediaType.Value ?? "";
            if (type.Equals("text/html", StringComparison.OrdinalIgnoreCase) || type.Equals("text/*", StringComparison.OrdinalIgnoreCase))
            {
                html = Math.Max(html, q);
            }
            else if (type.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && type.Contains("json", StringComparison.OrdinalIgnoreCase)
                || type.Equals("application/*", StringComparison.OrdinalIgnoreCase) || type.Equals("*/*", StringComparison.Ordinal))
            {
                json = Math.Max(json, q);
            }
        }
        format = html > json ? OutputFormat.Html : OutputFormat.Json;
        return true;
    }
}
