using System.IO.Compression;

namespace Huayang.Gis.Core.Tiles;

/// <summary>What a cache holds and has done: entries, bytes, and hits, misses, builds and evictions since it began.</summary>
public sealed record TileCacheStatistics(long Entries, long Bytes, long CapacityBytes, long Hits, long Misses, long Builds, long Evictions);

/// <summary>
/// A bounded in-memory cache of built tiles, least recently used first out. A key names the layers, the tile and the
/// tile's version (<see cref="IVectorTileSource.TileVersionAsync"/>: the latest load and the latest change meeting the
/// tile), so an edit makes new keys for exactly the tiles it touched — on every server, as each follows the change log —
/// and a load makes new keys for all; old entries age out. Tiles are kept gzip-compressed (the form clients that accept
/// gzip are sent). Concurrent requests for a missing tile build it once.
/// </summary>
public sealed class TileCache
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, LinkedListNode<(string Key, byte[] Gzip, int Length)>> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<(string Key, byte[] Gzip, int Length)> _order = new();
    private readonly Dictionary<string, Task<(byte[] Gzip, int Length)>> _building = new(StringComparer.Ordinal);
    private long _bytes, _hits, _misses, _builds, _evictions;

    /// <param name="capacityBytes">The most compressed bytes kept (0 keeps nothing).</param>
    public TileCache(long capacityBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacityBytes);
        CapacityBytes = capacityBytes;
    }

    public long CapacityBytes { get; }

    /// <summary>The key of a tile of these layers at this version.</summary>
    public static string KeyOf(string version, IReadOnlyList<string> layers, int z, int x, int y) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{version}|{string.Join(',', layers)}|{z}/{x}/{y}");

    /// <summary>
    /// The tile, gzip-compressed, with its uncompressed length (0: an empty tile): from the cache, or built by
    /// <paramref name="build"/> once however many ask at the same time. A build that fails or is cancelled is not kept.
    /// </summary>
    public async Task<(byte[] Gzip, int Length)> GetOrBuildAsync(string key, Func<CancellationToken, Task<byte[]>> build, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(build);
        Task<(byte[] Gzip, int Length)> task;
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var node))
            {
                _order.Remove(node);
                _order.AddFirst(node);
                _hits++;
                return (node.Value.Gzip, node.Value.Length);
            }
            _misses++;
            if (!_building.TryGetValue(key, out task!))
            {
                _builds++;
                // The build runs to its end for every waiter; a waiter that leaves stops waiting, not the build.
                task = BuildAsync(key, build);
                _building[key] = task;
            }
        }
        return await task.WaitAsync(cancellationToken);
    }

    private async Task<(byte[] Gzip, int Length)> BuildAsync(string key, Func<CancellationToken, Task<byte[]>> build)
    {
        // Started under the lock: nothing of it may run before the caller has recorded it as building.
        await Task.Yield();
        try
        {
            var tile = await build(CancellationToken.None).ConfigureAwait(false);
            var gzip = Compress(tile);
            lock (_lock)
            {
                Add(key, gzip, tile.Length);
            }
            return (gzip, tile.Length);
        }
        finally
        {
            lock (_lock)
            {
                _building.Remove(key);
            }
        }
    }

    private void Add(string key, byte[] gzip, int length)
    {
        if (gzip.Length > CapacityBytes || _entries.ContainsKey(key))
        {
            return;
        }
        _entries[key] = _order.AddFirst((key, gzip, length));
        _bytes += gzip.Length;
        while (_bytes > CapacityBytes && _order.Last is { } oldest)
        {
            _order.RemoveLast();
            _entries.Remove(oldest.Value.Key);
            _bytes -= oldest.Value.Gzip.Length;
            _evictions++;
        }
    }

    public TileCacheStatistics Statistics
    {
        get
        {
            lock (_lock)
            {
                return new TileCacheStatistics(_entries.Count, _bytes, CapacityBytes, _hits, _misses, _builds, _evictions);
            }
        }
    }

    /// <summary>gzip at the optimal level (the level chosen for responses): a tile is built once and sent many times.</summary>
    public static byte[] Compress(byte[] tile)
    {
        using var output = new MemoryStream(tile.Length / 2 + 64);
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(tile);
        }
        return output.ToArray();
    }

    public static byte[] Decompress(byte[] gzip)
    {
        using var input = new GZipStream(new MemoryStream(gzip), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }
}
