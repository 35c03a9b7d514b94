using System.Reflection;
using Microsoft.AspNetCore.Mvc;

namespace Huayang.Gis.Server.Analysis;

/// <summary>
/// An endpoint filter that refuses a query parameter the handler does not read (a misspelt <c>categroy=park</c> would
/// otherwise answer for every category) with 400 naming it. The handler's own
/// <c>[FromQuery]</c> parameters are the list, so it cannot drift from what the endpoint reads.
/// </summary>
internal static class KnownParameters
{
    public static RouteGroupBuilder RefuseUnknownParameters(this RouteGroupBuilder group)
    {
        group.AddEndpointFilterFactory((factory, next) =>
        {
            var allowed = factory.MethodInfo.GetParameters()
                .Select(p => p.GetCustomAttribute<FromQueryAttribute>() is { } query ? query.Name ?? p.Name : null)
                .OfType<string>()
                .ToArray();
            // A repeated parameter is the handler's to refuse (it names what the parameter accepts).
            return context => ApiProblems.Unknown(context.HttpContext.Request.Query, allowed) is { } problem
                ? ValueTask.FromResult<object?>(problem)
                : next(context);
        });
        return group;
    }
}
