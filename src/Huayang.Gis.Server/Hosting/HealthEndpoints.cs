using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Huayang.Gis.Server.Hosting;

/// <summary><c>/health</c> (the process answers) and <c>/ready</c> (the store answers), and the gate that refuses data requests while it does not.</summary>
internal static class HealthEndpoints
{
    /// <summary>Maps <c>/health</c> (no checks: 200 while the process serves) and <c>/ready</c> (the store check: 200 or 503).</summary>
    public static WebApplication MapHealthEndpoints(this WebApplication app)
    {
        app.MapHealthChecks("/health", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync })
            .WithTags("Health").WithSummary("200 while the process serves");
        app.MapHealthChecks("/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready"), ResponseWriter = WriteAsync })
            .WithTags("Health").WithSummary("200 when the store answers, 503 when it does not");
        return app;
    }

    /// <summary>
    /// While <see cref="StoreHealth"/> says the database is down, every request that would need it is answered 503 with
    /// <c>Retry-After</c> at once (problem+json; WMS: ServiceExceptionReport), instead of waiting for a timeout.
    /// </summary>
    public static WebApplication UseStoreHealthGate(this WebApplication app)
    {
        var health = app.Services.GetRequiredService<StoreHealth>();
        app.Use(async (context, next) =>
        {
            if (health.DownReason is { } reason && NeedsStore(context.Request.Path))
            {
                await ServiceUnavailable.WriteAsync(context, "Database unavailable",
                    $"The database does not answer ({reason}); the server keeps checking and serves again as soon as it does.",
                    StoreFailures.RetryAfterSeconds, context.RequestAborted);
                return;
            }
            await next(context);
        });
        return app;
    }

    private static bool NeedsStore(PathString path) =>
        !(path.StartsWithSegments("/health") || path.StartsWithSegments("/ready") || path.StartsWithSegments("/viewer")
          || path.StartsWithSegments("/api") || path.StartsWithSegments("/api.html") || path.StartsWithSegments("/map/style.json")
          || path.StartsWithSegments("/conformance") || path.StartsWithSegments("/favicon.ico"));

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        }));
    }
}
