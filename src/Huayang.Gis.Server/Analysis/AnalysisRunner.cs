using Microsoft.Extensions.Options;

namespace Huayang.Gis.Server.Analysis;

/// <summary>Where an analysis answer came from, as the <c>X-Analysis-Cache</c> response header says it.</summary>
internal enum AnalysisSource
{
    /// <summary><c>hit</c>: a kept answer for the same question and data version; nothing was computed.</summary>
    Hit,

    /// <summary><c>miss</c>: this request started the computation.</summary>
    Miss,

    /// <summary><c>shared</c>: an identical question was already being computed; this request waited for it.</summary>
    Shared,
}

/// <summary>An analysis computation ran past <see cref="AnalysisOptions.TimeoutSeconds"/> and was stopped.</summary>
internal sealed class AnalysisTimeoutException(TimeSpan limit, Exception? inner)
    : TimeoutException($"the computation exceeded the analysis time limit of {limit.TotalSeconds:0.###} s and was stopped", inner)
{
    public TimeSpan Limit { get; } = limit;
}

/// <summary>
/// Runs analysis computations under the configured time limit, once per question: identical questions
/// (same key, which names the endpoint's computation, its normalized parameters and the data version) asked
/// while one is being computed wait for that computation (single flight), and finished answers are kept in a
/// least-recently-used cache of <see cref="AnalysisOptions.CacheEntries"/> entries, dropped when an answer for
/// another data version is stored.
/// </summary>
/// <remarks>
/// A computation runs on the thread pool with its own cancellation token, not the token of the request that
/// started it: a client that leaves does not stop an answer others still wait for. When the last waiting
/// request leaves, the computation is cancelled (and forgotten, so that the next identical question starts a
/// new one); when it exceeds the time limit it is cancelled and every waiter gets
/// <see cref="AnalysisTimeoutException"/> at the limit, as does an identical question asked while the stopped
/// computation is still winding down. Failures are not cached. Thread-safe.
/// </remarks>
internal sealed class AnalysisRunner(IOptions<AnalysisOptions> options)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Flight> _flights = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LinkedListNode<Entry>> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _recent = new();
    private readonly AnalysisOptions _options = options.Value;

    /// <summary>The configured time limit.</summary>
    public TimeSpan Limit => _options.Timeout;

    /// <summary>What a 503 for a computation past the limit puts in <c>Retry-After</c>.</summary>
    public int RetryAfterSeconds => _options.RetryAfterSeconds;

    /// <summary>The answer to the question <paramref name="key"/> of data version <paramref name="version"/>:
    /// kept, shared with a computation under way, or computed by <paramref name="compute"/>.</summary>
    /// <exception cref="AnalysisTimeoutException">The computation exceeded the time limit.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="requestAborted"/> was cancelled.</exception>
    /// <param name="source">Told where the answer comes from before it is awaited, so that a caller can say it
    /// even when the wait ends in a timeout.</param>
    public async Task<T> RunAsync<T>(
        string version, string key, Func<CancellationToken, Task<T>> compute, Action<AnalysisSource> source,
        CancellationToken requestAborted)
        where T : class
    {
        requestAborted.ThrowIfCancellationRequested();
        var fullKey = version + "\n" + key;
        Flight? flight = null;
        object? kept = null;
        AnalysisSource from;
        lock (_gate)
        {
            if (_entries.TryGetValue(fullKey, out var node))
            {
                _recent.Remove(node);
                _recent.AddFirst(node);
                kept = node.Value.Value;
                from = AnalysisSource.Hit;
            }
            else if (_flights.TryGetValue(fullKey, out var running))
            {
                flight = running;
                flight.Waiters++;
                from = AnalysisSource.Shared;
            }
            else
            {
                flight = new Flight { Waiters = 1, Deadline = DateTime.UtcNow + Limit };
                flight.Cancel.CancelAfter(Limit);
                var token = flight.Cancel.Token;
                flight.Task = Task.Run(async () => (object)(await compute(token)), token);
                _flights[fullKey] = flight;
                from = AnalysisSource.Miss;
                var started = flight;
                _ = flight.Task.ContinueWith(
                    done => Finish(version, fullKey, started, done), CancellationToken.None,
                    TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }

        source(from);
        if (flight is null)
        {
            return (T)kept!;
        }

        // Waiters stop waiting at the deadline even when the computation has not yet reached a point where it
        // notices its cancellation (an overlay in progress), so that the answer comes at the limit.
        var remaining = flight.Deadline - DateTime.UtcNow;
        try
        {
            return (T)await flight.Task.WaitAsync(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, requestAborted);
        }
        catch (OperationCanceledException) when (requestAborted.IsCancellationRequested)
        {
            Leave(fullKey, flight);
            throw;
        }
        catch (TimeoutException e) when (!flight.Task.IsCompleted)
        {
            throw new AnalysisTimeoutException(Limit, e);
        }
        catch (Exception e) when (flight.TimedOut)
        {
            throw new AnalysisTimeoutException(Limit, e);
        }
    }

    /// <summary>Runs a computation that is neither shared nor kept under the time limit.</summary>
    /// <exception cref="AnalysisTimeoutException">The computation exceeded the time limit.</exception>
    public async Task<T> LimitAsync<T>(Func<CancellationToken, Task<T>> compute, CancellationToken requestAborted)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
        limit.CancelAfter(Limit);
        try
        {
            return await compute(limit.Token);
        }
        catch (Exception e) when (limit.IsCancellationRequested && !requestAborted.IsCancellationRequested)
        {
            throw new AnalysisTimeoutException(Limit, e);
        }
    }

    private void Leave(string fullKey, Flight flight)
    {
        lock (_gate)
        {
            flight.Waiters--;
            if (flight.Waiters > 0 || flight.Task.IsCompleted)
            {
                return;
            }
            flight.Abandoned = true;
            if (_flights.TryGetValue(fullKey, out var current) && current == flight)
            {
                _flights.Remove(fullKey);
            }
        }
        // No one waits any more: stop the work (outside the lock, since cancelling runs the computation's
        // registrations, such as the database's cancel request). An abandoned flight's token is disposed here,
        // any other's by Finish.
        flight.Cancel.Cancel();
        flight.Cancel.Dispose();
    }

    private void Finish(string version, string fullKey, Flight flight, Task<object> done)
    {
        lock (_gate)
        {
            if (_flights.TryGetValue(fullKey, out var current) && current == flight)
            {
                _flights.Remove(fullKey);
            }
            if (flight.Abandoned)
            {
                return;
            }
            if (done.IsCompletedSuccessfully && _options.CacheEntries > 0)
            {
                Keep(version, fullKey, done.Result);
            }
        }
        flight.Cancel.Dispose();
    }

    private void Keep(string version, string fullKey, object value)
    {
        // A new data version makes every answer of the others useless.
        for (var node = _recent.First; node is not null;)
        {
            var next = node.Next;
            if (!string.Equals(node.Value.Version, version, StringComparison.Ordinal))
            {
                _entries.Remove(node.Value.FullKey);
                _recent.Remove(node);
            }
            node = next;
        }
        if (_entries.Remove(fullKey, out var old))
        {
            _recent.Remove(old);
        }
        _entries[fullKey] = _recent.AddFirst(new Entry(version, fullKey, value));
        while (_recent.Count > _options.CacheEntries)
        {
            _entries.Remove(_recent.Last!.Value.FullKey);
            _recent.RemoveLast();
        }
    }

    private sealed record Entry(string Version, string FullKey, object Value);

    private sealed class Flight
    {
        public CancellationTokenSource Cancel { get; } = new();

        public Task<object> Task { get; set; } = null!;

        /// <summary>When the time limit runs out (UTC).</summary>
        public DateTime Deadline { get; init; }

        /// <summary>Requests waiting for the answer; changed under the runner's lock.</summary>
        public int Waiters { get; set; }

        /// <summary>True once every waiter left and the computation was cancelled for that reason.</summary>
        public bool Abandoned { get; set; }

        /// <summary>True when the computation was cancelled by the time limit rather than abandoned.</summary>
        public bool TimedOut => Cancel.IsCancellationRequested && !Abandoned;
    }
}
