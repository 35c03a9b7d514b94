using Huayang.Gis.Core.Model;
using Npgsql;

namespace Huayang.Gis.PostGis;

/// <summary>
/// The transaction of one load, begun before its dataset is ready: <see cref="BeginAsync"/> connects, begins the
/// transaction, takes the loaders' advisory lock and applies any missing migration inside it, which
/// <c>huayang load</c> does while it still reads and validates the files; <see cref="LoadAsync"/> then loads the
/// dataset in that same transaction and commits. Disposing a session that did not commit rolls everything back,
/// migrations included, so a load that fails anywhere — validation included — leaves the database as it was.
/// </summary>
public sealed class LoadSession : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;
    private bool _used;

    private LoadSession(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        _connection = connection;
        _transaction = transaction;
    }

    /// <summary>Opens a load's transaction on <paramref name="dataSource"/>, locked and migrated.</summary>
    /// <exception cref="NpgsqlException">The database could not be reached or a migration failed; nothing was written.</exception>
    public static async Task<LoadSession> BeginAsync(NpgsqlDataSource dataSource, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var connection = await dataSource.OpenConnectionAsync(ct);
        NpgsqlTransaction? transaction = null;
        try
        {
            transaction = await connection.BeginTransactionAsync(ct);
            await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1)", connection, transaction))
            {
                lockCommand.Parameters.Add(new NpgsqlParameter<long> { TypedValue = PostGisLoader.AdvisoryLockKey });
                await lockCommand.ExecuteNonQueryAsync(ct);
            }

            await PostGisMigrator.ApplyInTransactionAsync(connection, transaction, ct);
            // The backend's first ST_Transform opens PROJ and reads the CRS definitions (about 60 ms); the generated
            // metric columns (geom_m, point_m) need it in the first COPY. Done here, it is done while the files are read.
            await connection.ExecuteAsync(
                transaction, "SELECT ST_IsValid(ST_Transform('SRID=4326;POINT(104.06 30.5)'::geometry, 4544))", ct);
            LoadTimings.Report("session: connect, lock, migrations", started);
            return new LoadSession(connection, transaction);
        }
        catch
        {
            if (transaction is not null)
            {
                await transaction.DisposeAsync();
            }
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Loads <paramref name="dataset"/> in this session's transaction and commits; once per session.</summary>
    /// <inheritdoc cref="PostGisLoader.LoadAsync" path="/returns"/>
    /// <inheritdoc cref="PostGisLoader.LoadAsync" path="/exception"/>
    /// <inheritdoc cref="PostGisLoader.LoadAsync" path="/param[@name='progress']"/>
    public Task<LoadResult> LoadAsync(
        Dataset dataset, LoadOptions options, IProgress<LoadProgress>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(options);
        if (_used)
        {
            throw new InvalidOperationException("a load session loads one dataset");
        }

        _used = true;
        return PostGisLoader.LoadInAsync(_connection, _transaction, dataset, options, progress, ct);
    }

    /// <summary>Ends the session; a transaction that was not committed is rolled back.</summary>
    public async ValueTask DisposeAsync()
    {
        await _transaction.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
