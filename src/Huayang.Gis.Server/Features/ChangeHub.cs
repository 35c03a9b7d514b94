using System.Threading.Channels;
using Huayang.Gis.Core.Store;
using Huayang.Gis.PostGis.Store;

namespace Huayang.Gis.Server.Features;

/// <summary>The change feed's settings (configuration section <c>Changes</c>).</summary>
public sealed class ChangeOptions
{
    public const string Section = "Changes";

    /// <summary>How often the change log is read when no notification came (the safety net for a lost NOTIFY).</summary>
    public double PollSeconds { get; set; } = 5;

    /// <summary>How often an idle event stream gets a comment, so proxies and clients know it is alive.</summary>
    public double KeepAliveSeconds { get; set; } = 15;

    /// <summary>Event streams open at once; one more is answered 503.</summary>
    public int MaxSubscribers { get; set; } = 1000;

    /// <summary>The first wrong setting, named, or null.</summary>
    public string? Problem() =>
        PollSeconds is < 0.05 or > 3600 ? $"{Section}:PollSeconds must be between 0.05 and 3600 (is {PollSeconds})"
        : KeepAliveSeconds is < 0.05 or > 3600 ? $"{Section}:KeepAliveSeconds must be between 0.05 and 3600 (is {KeepAliveSeconds})"
        : MaxSubscribers < 1 ? $"{Section}:MaxSubscribers must be at least 1 (is {MaxSubscribers})"
        : null;
}

/// <summary>What an event stream is sent: a change, or "everything changed" (a load, or a client too slow to keep up).</summary>
internal sealed record ChangeMessage(FeatureChange? Change, long ReloadVersion = 0);

/// <summary>
/// One server's view of the change log: what its <see cref="PostGisChangeFeed"/> reads (every server's edits, this one's
/// too) tells the store and the tile source the version they must reach, is kept for clients that reconnect (the
/// latest entries), and is passed on to every open event stream. On the embedded store there is no feed and nothing
/// ever changes.
/// </summary>
internal sealed class ChangeHub
{
    private const int Kept = 2048;
    private const int PerSubscriber = 512;

    private readonly PostGisChangeFeed? _feed;
    private readonly Lock _gate = new();
    private readonly Queue<FeatureChange> _recent = new();
    private readonly HashSet<Channel<ChangeMessage>> _subscribers = [];
    private readonly int _maxSubscribers;

    /// <summary>The watermark from which <see cref="_recent"/> holds every entry.</summary>
    private long _recentFrom = -1;

    public ChangeHub(PostGisChangeFeed? feed, ChangeOptions options, Action<long>? versionReached)
    {
        _feed = feed;
        _maxSubscribers = options.MaxSubscribers;
        if (feed is null)
        {
            return;
        }

        feed.Changed += changes =>
        {
            versionReached?.Invoke(changes[^1].DatasetVersion);
            Publish(changes);
        };
        feed.Loaded += version =>
        {
            versionReached?.Invoke(version);
            Broadcast(new ChangeMessage(null, version));
        };
    }

    /// <summary>The feed this hub follows; null on the embedded store.</summary>
    public PostGisChangeFeed? Feed => _feed;

    /// <summary>The newest entry this server has seen (0 on the embedded store).</summary>
    public long Latest => Math.Max(_feed?.Watermark ?? 0, 0);

    /// <summary>A new subscriber's messages, or null when <see cref="ChangeOptions.MaxSubscribers"/> are open.</summary>
    public Channel<ChangeMessage>? Subscribe()
    {
        var channel = Channel.CreateBounded<ChangeMessage>(new BoundedChannelOptions(PerSubscriber) { SingleReader = true });
        lock (_gate)
        {
            if (_subscribers.Count >= _maxSubscribers)
            {
                return null;
            }
            _subscribers.Add(channel);
        }

        return channel;
    }

    public void Unsubscribe(Channel<ChangeMessage> channel)
    {
        lock (_gate)
        {
            _subscribers.Remove(channel);
        }
    }

    /// <summary>The entries after <paramref name="seq"/>: from memory when it holds them all, else from the log.</summary>
    public async Task<ChangePage> SinceAsync(long seq, CancellationToken cancellationToken)
    {
        if (_feed is null)
        {
            return new ChangePage([], 0, 0, true);
        }

        lock (_gate)
        {
            if (_recentFrom >= 0 && seq >= _recentFrom && seq <= Latest)
            {
                var changes = _recent.Where(c => c.Seq > seq).Take(PostGisChangeFeed.PageSize).ToList();
                var complete = changes.Count == _recent.Count(c => c.Seq > seq);
                return new ChangePage(changes, complete ? Latest : changes[^1].Seq, -1, complete);
            }
        }

        return await _feed.SinceAsync(seq, cancellationToken);
    }

    private void Publish(IReadOnlyList<FeatureChange> changes)
    {
        lock (_gate)
        {
            if (_recentFrom < 0)
            {
                _recentFrom = changes[0].Seq - 1;
            }

            foreach (var change in changes)
            {
                _recent.Enqueue(change);
            }

            while (_recent.Count > Kept)
            {
                _recentFrom = _recent.Dequeue().Seq;
            }

            foreach (var subscriber in _subscribers)
            {
                foreach (var change in changes)
                {
                    if (!subscriber.Writer.TryWrite(new ChangeMessage(change)))
                    {
                        // Too slow to keep up: told to start again, and the stream ends (the client reconnects).
                        subscriber.Writer.TryComplete(new ChannelClosedException("overflow"));
                        break;
                    }
                }
            }
        }
    }

    private void Broadcast(ChangeMessage message)
    {
        lock (_gate)
        {
            foreach (var subscriber in _subscribers)
            {
                if (!subscriber.Writer.TryWrite(message))
                {
                    subscriber.Writer.TryComplete(new ChannelClosedException("overflow"));
                }
            }
        }
    }
}

/// <summary>Runs the PostGIS store's change feed for the server's lifetime.</summary>
internal sealed class ChangeFeedService(ChangeHub hub) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        hub.Feed is { } feed ? feed.RunAsync(stoppingToken) : Task.CompletedTask;
}
