using System.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Huayang.Gis.Server.Hosting;

/// <summary>
/// Whether the store can answer now. The embedded store always can; for PostGIS a background probe (<c>SELECT 1</c> on a
/// connection of its own, outside the request pool, so a busy pool never looks like a dead database) runs every
/// <see cref="DatabaseOptions.ProbeIntervalSeconds"/>, and at once when a request has just lost its connection.
/// After <see cref="DatabaseOptions.FailuresBeforeDown"/> failed probes in a row the store is down: data requests are
/// answered 503 at once instead of each waiting for a timeout; the first probe that succeeds brings it back.
/// </summary>
internal sealed class StoreHealth : BackgroundService, IHealthCheck
{
    private readonly NpgsqlDataSource? _probe;
    private readonly DatabaseOptions _options;
    private readonly ILogger<StoreHealth> _logger;
    private readonly SemaphoreSlim _wake = new(0, 1);
    private volatile string? _down;
    private int _failures;

    /// <param name="probeConnectionString">The store's connection string, or null for the embedded store.</param>
    public StoreHealth(string? probeConnectionString, DatabaseOptions options, ILogger<StoreHealth> logger)
    {
        _options = options;
        _logger = logger;
        if (probeConnectionString is not null)
        {
            var builder = new NpgsqlConnectionStringBuilder(probeConnectionString)
            {
                MaxPoolSize = 1,
                Timeout = options.ProbeTimeoutSeconds,
                CommandTimeout = options.ProbeTimeoutSeconds,
                ApplicationName = "huayang-health",
            };
            _probe = NpgsqlDataSource.Create(builder.ConnectionString);
        }
    }

    /// <summary>Why the store is down (for the 503's detail), or null while it answers.</summary>
    public string? DownReason => _down;

    /// <summary>A request just lost its database connection: probe now rather than at the next interval.</summary>
    public void Suspect()
    {
        if (_probe is not null && _wake.CurrentCount == 0)
        {
            try
            {
                _wake.Release();
            }
            catch (SemaphoreFullException)
            {
                // A probe is already due.
            }
        }
    }

    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_down is { } reason
            ? HealthCheckResult.Unhealthy($"the database does not answer: {reason}")
            : HealthCheckResult.Healthy(_probe is null ? "embedded store" : "the database answers"));

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_probe is null)
        {
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            await ProbeOnceAsync(stoppingToken);
            try
            {
                await _wake.WaitAsync(TimeSpan.FromSeconds(_options.ProbeIntervalSeconds), stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task ProbeOnceAsync(CancellationToken stoppingToken)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(_options.ProbeTimeoutSeconds));
            await using var command = _probe!.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(timeout.Token);
            _failures = 0;
            if (_down is not null)
            {
                _logger.LogWarning("The database answers again (after {Reason}); serving resumes", _down);
                _down = null;
            }
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or OperationCanceledException && !stoppingToken.IsCancellationRequested)
        {
            _probe!.Clear();
            if (++_failures >= _options.FailuresBeforeDown && _down is null)
            {
                _down = e is OperationCanceledException
                    ? $"no answer within {_options.ProbeTimeoutSeconds} s"
                    : e.Message.Split('\n')[0];
                _logger.LogError("The database does not answer ({Reason}, probe took {Ms} ms): data requests get 503 until it does", _down, watch.ElapsedMilliseconds);
            }
        }
    }

    public override void Dispose()
    {
        _probe?.Dispose();
        _wake.Dispose();
        base.Dispose();
    }
}

/// <summary>Database timeouts and the health probe; configuration section <c>Database</c>.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>Seconds between health probes.</summary>
    public int ProbeIntervalSeconds { get; set; } = 2;

    /// <summary>Seconds a probe may take (connecting and <c>SELECT 1</c>) before it counts as failed.</summary>
    public int ProbeTimeoutSeconds { get; set; } = 2;

    /// <summary>Failed probes in a row that mark the database down.</summary>
    public int FailuresBeforeDown { get; set; } = 2;

    /// <summary>Seconds a request waits to connect or for a free pooled connection (Npgsql <c>Timeout</c>), unless the connection string sets it.</summary>
    public int ConnectTimeoutSeconds { get; set; } = 5;

    /// <summary>Seconds a statement may run (Npgsql <c>Command Timeout</c>), unless the connection string sets it.</summary>
    public int CommandTimeoutSeconds { get; set; } = 30;

    /// <summary>Milliseconds a statement waits for a table lock another session holds (PostgreSQL <c>lock_timeout</c>).</summary>
    public int LockTimeoutMilliseconds { get; set; } = 2000;

    /// <summary>Largest number of pooled connections (Npgsql <c>Max Pool Size</c>), unless the connection string sets it.</summary>
    public int MaxPoolSize { get; set; } = 100;

    /// <summary>The first wrong setting, named, or null.</summary>
    public string? Problem() =>
        ProbeIntervalSeconds < 1 ? $"{Section}:ProbeIntervalSeconds must be at least 1"
        : ProbeTimeoutSeconds < 1 ? $"{Section}:ProbeTimeoutSeconds must be at least 1"
        : FailuresBeforeDown < 1 ? $"{Section}:FailuresBeforeDown must be at least 1"
        : ConnectTimeoutSeconds < 1 ? $"{Section}:ConnectTimeoutSeconds must be at least 1"
        : CommandTimeoutSeconds < 1 ? $"{Section}:CommandTimeoutSeconds must be at least 1"
        : LockTimeoutMilliseconds < 1 ? $"{Section}:LockTimeoutMilliseconds must be at least 1"
        : MaxPoolSize < 1 ? $"{Section}:MaxPoolSize must be at least 1"
        : null;
}
