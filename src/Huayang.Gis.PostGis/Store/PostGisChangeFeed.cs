using Huayang.Gis.Core.Store;
using Microsoft.Extensions.Logging;
using NetTopologySuite.Geometries;
using Npgsql;

namespace Huayang.Gis.PostGis.Store;

/// <summary>
/// The change log of a PostGIS store as one server follows it: <c>huayang.feature_history</c> (written in each edit's
/// transaction, seq in commit order) read after a watermark, woken by <c>NOTIFY huayang_changes</c> (sent by every edit
/// and every load when it commits) on a dedicated <c>LISTEN</c> connection to the primary, and read again every poll
/// interval in case a notification was lost. After a lost connection it reconnects and reads everything after its
/// watermark, so nothing is missed. Loads are followed by the latest load's version.
/// </summary>
public sealed class PostGisChangeFeed(NpgsqlDataSource primary, TimeSpan pollInterval, ILogger logger)
{
    /// <summary>The <c>application_name</c> of the listening connection (in <c>pg_stat_activity</c>).</summary>
    public const string ApplicationName = "huayang change feed";

    /// <summary>The most entries read in one query.</summary>
    public const int PageSize = 1000;

    private long _watermark = -1;
    private long _loadVersion = -1;
    private volatile bool _listening;

    /// <summary>Raised with each page of new entries, oldest first, from the feed's own task.</summary>
    public event Action<IReadOnlyList<FeatureChange>>? Changed;

    /// <summary>Raised with the new load's dataset version when a load has committed.</summary>
    public event Action<long>? Loaded;

    /// <summary>The seq of the newest entry this server has seen (−1 before the first reading).</summary>
    public long Watermark => Interlocked.Read(ref _watermark);

    /// <summary>Whether the LISTEN connection is up now.</summary>
    public bool Listening => _listening;

    /// <summary>Follows the log until <paramref name="stop"/>: listens, reads after the watermark, reconnects after failures.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        var backoff = TimeSpan.FromMilliseconds(250);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await using var connection = await primary.OpenConnectionAsync(stop);
                await using (var setup = new NpgsqlCommand($"SET application_name = '{ApplicationName}'; LISTEN {PostGisSpatialStore.ChangeChannel}", connection))
                {
                    await setup.ExecuteNonQueryAsync(stop);
                }

                _listening = true;
                backoff = TimeSpan.FromMilliseconds(250);
                // Whatever happened while not listening is read now, before waiting.
                await CatchUpAsync(connection, stop);
                while (!stop.IsCancellationRequested)
                {
                    // A notification (any payload) or the poll interval: either way read what is new.
                    await connection.WaitAsync(pollInterval, stop);
                    await CatchUpAsync(connection, stop);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (!stop.IsCancellationRequested)
            {
                _listening = false;
                logger.LogWarning("Change feed: lost the connection to the primary ({Reason}); reconnecting in {Delay} ms, then reading every change after seq {Watermark}",
                    e.Message.Split('\n')[0], (int)backoff.TotalMilliseconds, Watermark);
                try
                {
                    await Task.Delay(backoff, stop);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
        }

        _listening = false;
    }

    /// <summary>The entries after <paramref name="seq"/> (at most <see cref="PageSize"/>), for a client catching up.</summary>
    public async Task<ChangePage> SinceAsync(long seq, CancellationToken cancellationToken)
    {
        await using var connection = await primary.OpenConnectionAsync(cancellationToken);
        return await ReadAsync(connection, seq, cancellationToken);
    }

    private async Task CatchUpAsync(NpgsqlConnection connection, CancellationToken stop)
    {
        if (Watermark < 0)
        {
            // The first reading: what happened before this server started is already in what it reads.
            await using var end = new NpgsqlCommand(EndSql, connection);
            await using var reader = await end.ExecuteReaderAsync(stop);
            await reader.ReadAsync(stop);
            Interlocked.Exchange(ref _loadVersion, reader.GetInt64(1));
            Interlocked.Exchange(ref _watermark, reader.GetInt64(0));
            return;
        }

        while (true)
        {
            var page = await ReadAsync(connection, Watermark, stop);

            if (page.LoadVersion > Interlocked.Read(ref _loadVersion))
            {
                Interlocked.Exchange(ref _loadVersion, page.LoadVersion);
                Loaded?.Invoke(page.LoadVersion);
            }

            if (page.Changes.Count > 0)
            {
                // Told first, then the watermark moves: whoever reads Watermark (a stream starting, a replay from the
                // hub's memory) then never counts an entry as seen that the listeners have not been given yet.
                Changed?.Invoke(page.Changes);
                Interlocked.Exchange(ref _watermark, page.Changes[^1].Seq);
            }

            if (page.Complete)
            {
                return;
            }
        }
    }

    /// <summary>The newest entry's seq and the latest load's version.</summary>
    private const string EndSql = """
        SELECT (SELECT coalesce(max(seq), 0) FROM huayang.feature_history),
               (SELECT coalesce(max(version), 0) FROM huayang.dataset_versions WHERE kind = 'load')
        """;

    private static async Task<ChangePage> ReadAsync(NpgsqlConnection connection, long after, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                // The log's end first: the entries read next (a later snapshot) include everything up to it.
                new NpgsqlBatchCommand(EndSql),
                new NpgsqlBatchCommand("""
                    SELECT h.seq, h.collection, h.feature_id, h.operation, h.version, h.key_name, h.at,
                           ST_XMin(h.bounds), ST_YMin(h.bounds), ST_XMax(h.bounds), ST_YMax(h.bounds)
                    FROM huayang.feature_history h
                    WHERE h.seq > $1 ORDER BY h.seq LIMIT $2
                    """) { Parameters = { new NpgsqlParameter<long> { TypedValue = after }, new NpgsqlParameter<int> { TypedValue = PageSize + 1 } } },
            },
        };
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var logEnd = reader.GetInt64(0);
        var loadVersion = reader.GetInt64(1);
        await reader.NextResultAsync(cancellationToken);
        var changes = new List<FeatureChange>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var bounds = reader.IsDBNull(7) ? null : new Envelope(reader.GetDouble(7), reader.GetDouble(9), reader.GetDouble(8), reader.GetDouble(10));
            changes.Add(new FeatureChange(
                reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt64(4),
                reader.GetString(5), reader.GetFieldValue<DateTimeOffset>(6), bounds));
        }

        var complete = changes.Count <= PageSize;
        if (!complete)
        {
            changes.RemoveAt(changes.Count - 1);
        }

        var through = changes.Count > 0 ? changes[^1].Seq : after;
        return new ChangePage(changes, complete ? Math.Max(logEnd, through) : through, loadVersion, complete);
    }
}
