using System.Diagnostics;

namespace Huayang.Gis.Server.Hosting;

/// <summary>
/// One log entry per request that a person can read: method, path with query, status, time and bytes
/// (<c>GET /collections/sites/items?limit=5 → 200 in 3.1 ms, 2,345 B</c>). With <c>Logging:Format=json</c> the
/// console writes one JSON object per line instead, with the same values as named fields
/// (<c>Method</c>, <c>Path</c>, <c>Status</c>, <c>Milliseconds</c>, <c>Bytes</c>).
/// </summary>
internal static class RequestLogging
{
    /// <summary>The configuration key choosing the console's format: <c>text</c> (default) or <c>json</c>.</summary>
    public const string FormatKey = "Logging:Format";

    /// <summary>The log category of the request entries.</summary>
    public const string Category = "Huayang.Gis.Server.Requests";

    /// <summary>Chooses the console formatter from <see cref="FormatKey"/>.</summary>
    /// <exception cref="InvalidOperationException">The setting is neither text nor json.</exception>
    public static void AddConsoleFormat(this ILoggingBuilder logging, IConfiguration configuration)
    {
        var format = configuration[FormatKey];
        if (string.IsNullOrEmpty(format) || string.Equals(format, "text", StringComparison.OrdinalIgnoreCase))
        {
            logging.AddSimpleConsole(options =>
            {
                options.SingleLine = true;
                options.TimestampFormat = "HH:mm:ss.fff ";
            });
        }
        else if (string.Equals(format, "json", StringComparison.OrdinalIgnoreCase))
        {
            logging.ClearProviders();
            logging.AddJsonConsole(options => options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ");
        }
        else
        {
            throw new InvalidOperationException($"{FormatKey}: \"{format}\" is not a log format; allowed: text, json");
        }
    }

    public static IApplicationBuilder UseRequestLogging(this IApplicationBuilder app)
    {
        var log = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(Category);
        return app.Use(async (context, next) =>
        {
            var started = Stopwatch.GetTimestamp();
            // HEAD is answered as GET further in: the method is read before that.
            var method = context.Request.Method;
            try
            {
                await next(context);
            }
            finally
            {
                if (log.IsEnabled(LogLevel.Information))
                {
                    var request = context.Request;
                    var path = $"{request.PathBase}{request.Path}{request.QueryString}";
                    var status = context.RequestAborted.IsCancellationRequested ? 499 : context.Response.StatusCode;
                    var milliseconds = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    if (context.Response.ContentLength is { } bytes)
                    {
                        log.LogInformation("{Method} {Path} → {Status} in {Milliseconds:0.0} ms, {Bytes:N0} B", method, path, status, milliseconds, bytes);
                    }
                    else
                    {
                        log.LogInformation("{Method} {Path} → {Status} in {Milliseconds:0.0} ms", method, path, status, milliseconds);
                    }
                }
            }
        });
    }
}
