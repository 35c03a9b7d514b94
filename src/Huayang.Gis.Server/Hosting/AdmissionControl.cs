using System.Globalization;
using System.Threading.RateLimiting;
using Huayang.Gis.Core.Model;
using Microsoft.AspNetCore.RateLimiting;

namespace Huayang.Gis.Server.Hosting;

/// <summary>The kinds of request that are limited separately, so that expensive ones cannot crowd out cheap ones.</summary>
public enum RequestClass
{
    /// <summary>Not limited: health, readiness, the landing page, OpenAPI, the viewer's files, the style, WMS capabilities.</summary>
    Unlimited,

    /// <summary>Map pictures: <c>/map.png</c> and WMS <c>GetMap</c>. Each holds a bitmap of up to 4096×4096 (64 MB).</summary>
    Render,

    /// <summary>Population coverage and its gaps: seconds of geometry work on large datasets.</summary>
    Analysis,

    /// <summary>Vector tiles.</summary>
    Tiles,

    /// <summary>OGC API items and features, nearest / within / community: short index-driven queries.</summary>
    Queries,
}

/// <summary>
/// How many requests of one <see cref="RequestClass"/> run at once, and how many wait in line; configuration section
/// <c>Limits:{Class}</c> (e.g. <c>Limits:Render:Concurrency</c>). A request beyond both is answered 503 with
/// <c>Retry-After</c> at once.
/// </summary>
public sealed class ClassLimit
{
    /// <summary>Requests that run at once (at least 1).</summary>
    public int Concurrency { get; set; }

    /// <summary>Requests that wait for a place, oldest first (0 or more); a client that leaves gives up its place.</summary>
    public int Queue { get; set; }

    /// <summary>The <c>Retry-After</c> seconds of a refusal.</summary>
    public int RetryAfterSeconds { get; set; }
}

/// <summary>The limits of every class (configuration section <c>Limits</c>); defaults scale with the processor count.</summary>
public sealed class AdmissionOptions
{
    public const string Section = "Limits";

    private static readonly int Cores = Math.Max(1, Environment.ProcessorCount);

    /// <summary>
    /// Half the cores for each heavy class: measured on 2 cores (tests/bench/mixed-load.sh), one picture and one analysis
    /// at a time kept the cheap requests' p99 at 26 ms under a saturating heavy load, against 616 ms with two of each,
    /// and the heavy requests' own throughput rose (267 against 199 a second).
    /// </summary>
    private static readonly int HalfTheCores = Math.Max(1, Cores / 2);

    public ClassLimit Render { get; set; } = new() { Concurrency = HalfTheCores, Queue = 4 * Cores, RetryAfterSeconds = 2 };

    public ClassLimit Analysis { get; set; } = new() { Concurrency = HalfTheCores, Queue = 32 * Cores, RetryAfterSeconds = 5 };

    /// <summary>
    /// Two tiles a core at a time: measured on 2 cores (tests/bench/http-vs-mapserver.sh, uncached z15 tiles at 16
    /// connections), eight at a time let PostgreSQL's backends and the server share the cores so unevenly that the p99
    /// was 234 ms (MapServer's 112); four at a time, 18 ms at 81% of the throughput; two at a time lost a third of it.
    /// The others wait in line, oldest first.
    /// </summary>
    public ClassLimit Tiles { get; set; } = new() { Concurrency = 2 * Cores, Queue = 256 * Cores, RetryAfterSeconds = 1 };

    /// <summary>Per collection (and one line for the analysis queries), see <see cref="AdmissionControl"/>.</summary>
    public ClassLimit Queries { get; set; } = new() { Concurrency = 4 * Cores, Queue = 128 * Cores, RetryAfterSeconds = 1 };

    /// <summary>The limit of a class; null for <see cref="RequestClass.Unlimited"/>.</summary>
    public ClassLimit? For(RequestClass requestClass) => requestClass switch
    {
        RequestClass.Render => Render,
        RequestClass.Analysis => Analysis,
        RequestClass.Tiles => Tiles,
        RequestClass.Queries => Queries,
        _ => null,
    };

    /// <summary>Every limited class with its limit, for start-up checks and the log.</summary>
    public IEnumerable<(RequestClass Class, ClassLimit Limit)> All =>
        [(RequestClass.Render, Render), (RequestClass.Analysis, Analysis), (RequestClass.Tiles, Tiles), (RequestClass.Queries, Queries)];

    /// <summary>The first wrong setting, named, or null.</summary>
    public string? Problem() => All
        .Select(entry => entry.Limit.Concurrency < 1 ? $"{Section}:{entry.Class}:Concurrency must be at least 1 (is {entry.Limit.Concurrency})"
            : entry.Limit.Queue < 0 ? $"{Section}:{entry.Class}:Queue must be 0 or more (is {entry.Limit.Queue})"
            : entry.Limit.RetryAfterSeconds < 1 ? $"{Section}:{entry.Class}:RetryAfterSeconds must be at least 1 (is {entry.Limit.RetryAfterSeconds})"
            : null)
        .FirstOrDefault(problem => problem is not null);
}

/// <summary>
/// Admission control with ASP.NET Core's rate limiter: one concurrency limiter with a queue per
/// <see cref="RequestClass"/>, chosen from the request's path (and WMS's <c>REQUEST</c>).
/// </summary>
internal static class AdmissionControl
{
    /// <summary>The computations of the Analysis class: coverage and gaps, service areas, suggestions, compliance.</summary>
    private static readonly string[] AnalysisPaths =
        ["/analysis/coverage", "/analysis/service-area", "/analysis/suggest", "/analysis/compliance"];

    private static bool IsAnalysis(string path)
    {
        foreach (var prefix in AnalysisPaths)
        {
            if (path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The class of a request, from its path alone (before routing), so a refused request costs nothing.</summary>
    public static RequestClass Classify(HttpRequest request)
    {
        var path = request.Path.Value ?? "";
        if (path.Equals("/map.png", StringComparison.OrdinalIgnoreCase) || path.StartsWith("/fonts/", StringComparison.OrdinalIgnoreCase))
        {
            return RequestClass.Render;
        }
        if (path.Equals("/wms", StringComparison.OrdinalIgnoreCase))
        {
            // WMS parameter names are case-insensitive; only GetMap draws (GetCapabilities is a small document).
            var operation = request.Query.FirstOrDefault(p => p.Key.Equals("REQUEST", StringComparison.OrdinalIgnoreCase)).Value.ToString();
            return operation.Equals("GetCapabilities", StringComparison.OrdinalIgnoreCase) ? RequestClass.Unlimited : RequestClass.Render;
        }
        if (IsAnalysis(path))
        {
            return RequestClass.Analysis;
        }
        if (path.Contains("/map/tiles/", StringComparison.OrdinalIgnoreCase) && path.Count(c => c == '/') >= 6)
        {
            return RequestClass.Render;
        }
        if (IsCollectionTile(path))
        {
            return RequestClass.Tiles;
        }
        if (path.StartsWith("/analysis/", StringComparison.OrdinalIgnoreCase)
            || path.StartsWith("/collections/", StringComparison.OrdinalIgnoreCase))
        {
            return RequestClass.Queries;
        }
        if (path.StartsWith("/tiles/", StringComparison.OrdinalIgnoreCase))
        {
            return RequestClass.Tiles;
        }
        return RequestClass.Unlimited;
    }

    /// <summary>A tile of a collection (<c>/collections/{id}/tiles/{tms}/{z}/{row}/{col}</c>): made as any tile is.</summary>
    private static bool IsCollectionTile(string path)
    {
        if (!path.StartsWith("/collections/", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        var parts = path.Split('/');
        return parts.Length == 8 && parts[3].Equals("tiles", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Registers the limiter over <see cref="AdmissionOptions"/>.</summary>
    public static IServiceCollection AddAdmissionControl(this IServiceCollection services, AdmissionOptions limits)
    {
        services.AddSingleton(limits);
        services.AddRateLimiter(options =>
        {
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, (RequestClass, string)>(context =>
            {
                var requestClass = Classify(context.Request);
                var partition = (requestClass, PartitionOf(context.Request, requestClass));
                return limits.For(requestClass) is { } limit
                    ? RateLimitPartition.GetConcurrencyLimiter(partition, _ => new ConcurrencyLimiterOptions
                    {
                        PermitLimit = limit.Concurrency,
                        QueueLimit = limit.Queue,
                        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                    })
                    : RateLimitPartition.GetNoLimiter(partition);
            });
            options.OnRejected = (rejected, cancellationToken) => RefuseAsync(rejected, limits, cancellationToken);
        });
        return services;
    }

    /// <summary>
    /// Queries on each collection wait in a line of their own, so a table that another session has locked holds up only
    /// its own requests (each gives up after the lock timeout). Only the built-in layers' names become lines: anything
    /// else (a layer the data declared, an unknown name) shares one, so no request can create limiters without bound.
    /// </summary>
    private static string PartitionOf(HttpRequest request, RequestClass requestClass)
    {
        if (requestClass != RequestClass.Queries || !request.Path.StartsWithSegments("/collections", out var rest))
        {
            return "";
        }
        var segments = (rest.Value ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments.Length > 0 && Layers.All.Contains(segments[0], StringComparer.Ordinal) ? segments[0] : "";
    }

    private static async ValueTask RefuseAsync(OnRejectedContext rejected, AdmissionOptions limits, CancellationToken cancellationToken)
    {
        var http = rejected.HttpContext;
        var requestClass = Classify(http.Request);
        var limit = limits.For(requestClass)!;
        var detail = string.Create(CultureInfo.InvariantCulture,
            $"Too many {Describe(requestClass)} at once: {limit.Concurrency} run at a time and {limit.Queue} may wait " +
            $"({AdmissionOptions.Section}:{requestClass}). Try again in {limit.RetryAfterSeconds} s.");
        await ServiceUnavailable.WriteAsync(http, "Server busy", detail, limit.RetryAfterSeconds, cancellationToken);
    }

    private static string Describe(RequestClass requestClass) => requestClass switch
    {
        RequestClass.Render => "map pictures",
        RequestClass.Analysis => "coverage, service-area and siting analyses",
        RequestClass.Tiles => "tile requests",
        _ => "queries",
    };
}
