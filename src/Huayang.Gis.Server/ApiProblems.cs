using Huayang.Gis.Core.Analysis;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Huayang.Gis.Server;

/// <summary>RFC 9457 problem details that name the parameter at fault and what it accepts.</summary>
internal static class ApiProblems
{
    /// <summary>400: <paramref name="parameter"/> has a value the API does not accept (worded by <see cref="ParameterText.Refusal"/>, as the CLI words it).</summary>
    /// <param name="hint">A sentence that helps beyond the allowed values (e.g. "are lon and lat swapped?"), appended to the detail.</param>
    public static ProblemHttpResult BadParameter(string parameter, string? value, string allowed, string? hint = null) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status400BadRequest,
            title: $"Bad value for parameter '{parameter}'",
            detail: ParameterText.Refusal($"'{parameter}'", value, allowed, hint),
            extensions: new Dictionary<string, object?> { ["parameter"] = parameter, ["allowed"] = allowed });

    /// <summary>404: nothing at this address, with what was looked for.</summary>
    public static ProblemHttpResult NotFound(string what) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: what);

    /// <summary>400 naming every parameter not in <paramref name="allowed"/>, or null.</summary>
    public static ProblemHttpResult? Unknown(IQueryCollection query, IReadOnlyList<string> allowed)
    {
        var unknown = query.Keys.Where(k => !allowed.Contains(k, StringComparer.Ordinal)).Order(StringComparer.Ordinal).ToList();
        return unknown.Count == 0
            ? null
            : BadParameter(string.Join(", ", unknown), query[unknown[0]].ToString(),
                $"parameters {string.Join(", ", allowed)}");
    }

    /// <summary>400 for a parameter given more than once, or null.</summary>
    public static ProblemHttpResult? Repeated(IQueryCollection query)
    {
        var repeated = query.FirstOrDefault(p => p.Value.Count > 1);
        return repeated.Key is null ? null : BadParameter(repeated.Key, repeated.Value.ToString(), "one value (given more than once)");
    }
}
