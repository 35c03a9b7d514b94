using System.ComponentModel.DataAnnotations;

namespace Huayang.Gis.Server.Analysis;

/// <summary>
/// Configuration section <c>Analysis</c> (environment <c>Analysis__TimeoutSeconds</c> and so on): how long an
/// analysis answer may take to compute and how many coverage answers are kept. Checked at start.
/// </summary>
public sealed class AnalysisOptions
{
    public const string Section = "Analysis";

    /// <summary>Seconds an analysis computation may run before it is stopped and the request answered 503
    /// (default 20; fractions allowed, e.g. 0.5).</summary>
    [Range(0.001, 3600)]
    public double TimeoutSeconds { get; set; } = 20;

    /// <summary>How many coverage reports are kept for repeat questions (least recently used forgotten first;
    /// 0 keeps none). Each is keyed by the data version, so a new load makes them miss (default 32).</summary>
    [Range(0, 100_000)]
    public int CacheEntries { get; set; } = 32;

    /// <summary>The <c>Retry-After</c> of a 503 answer for a computation that exceeded the limit, in seconds (default 30).</summary>
    [Range(1, 86_400)]
    public int RetryAfterSeconds { get; set; } = 30;

    /// <summary><see cref="TimeoutSeconds"/> as a time span.</summary>
    public TimeSpan Timeout => TimeSpan.FromSeconds(TimeoutSeconds);
}
