using Huayang.Gis.Core.Tiles;

namespace Huayang.Gis.Core.Tests.Tiles;

public sealed class TileCacheTests
{
    private static byte[] Tile(int seed, int length)
    {
        var random = new Random(seed);
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    [Fact]
    public async Task A_tile_is_built_once_then_served_from_the_cache_compressed()
    {
        var cache = new TileCache(1 << 20);
        var builds = 0;
        var tile = Tile(1, 5000);
        Task<byte[]> Build(CancellationToken _)
        {
            Interlocked.Increment(ref builds);
            return Task.FromResult(tile);
        }
        var first = await cache.GetOrBuildAsync("v1|sites|14/1/1", Build, CancellationToken.None);
        var second = await cache.GetOrBuildAsync("v1|sites|14/1/1", Build, CancellationToken.None);
        Assert.Equal(1, builds);
        Assert.Equal(tile, TileCache.Decompress(second.Gzip));
        Assert.Equal(tile.Length, first.Length);
        var statistics = cache.Statistics;
        Assert.Equal((1, 1, 1, 1), (statistics.Entries, statistics.Hits, statistics.Misses, statistics.Builds));
        // Another version of the same tile is another entry.
        await cache.GetOrBuildAsync("v2|sites|14/1/1", Build, CancellationToken.None);
        Assert.Equal(2, builds);
    }

    [Fact]
    public async Task Concurrent_requests_for_a_missing_tile_build_it_once()
    {
        var cache = new TileCache(1 << 20);
        var builds = 0;
        var release = new TaskCompletionSource();
        async Task<byte[]> Build(CancellationToken _)
        {
            Interlocked.Increment(ref builds);
            await release.Task;
            return Tile(2, 100);
        }
        var waiting = Enumerable.Range(0, 20).Select(_ => cache.GetOrBuildAsync("k", Build, CancellationToken.None)).ToList();
        release.SetResult();
        var answers = await Task.WhenAll(waiting);
        Assert.Equal(1, builds);
        Assert.All(answers, a => Assert.Equal(answers[0].Gzip, a.Gzip));
        Assert.Equal(20, cache.Statistics.Misses);
    }

    [Fact]
    public async Task The_least_recently_used_tiles_leave_first_when_the_bytes_run_out()
    {
        // Random bytes do not compress: each entry is a little over 10,000 bytes, three fit in 35,000.
        var cache = new TileCache(35_000);
        for (var i = 0; i < 3; i++)
        {
            await cache.GetOrBuildAsync($"t{i}", _ => Task.FromResult(Tile(i, 10_000)), CancellationToken.None);
        }
        await cache.GetOrBuildAsync("t0", _ => throw new InvalidOperationException("t0 must be cached"), CancellationToken.None);
        await cache.GetOrBuildAsync("t3", _ => Task.FromResult(Tile(3, 10_000)), CancellationToken.None);
        var statistics = cache.Statistics;
        Assert.Equal(3, statistics.Entries);
        Assert.Equal(1, statistics.Evictions);
        Assert.True(statistics.Bytes <= 35_000);
        // t1 was the least recently used: it is built again; t0 was used since and is still there.
        var rebuilt = false;
        await cache.GetOrBuildAsync("t1", _ => { rebuilt = true; return Task.FromResult(Tile(1, 10_000)); }, CancellationToken.None);
        Assert.True(rebuilt);
    }

    [Fact]
    public async Task A_failed_build_is_not_kept_and_an_empty_tile_is()
    {
        var cache = new TileCache(1 << 20);
        await Assert.ThrowsAsync<InvalidOperationException>(() => cache.GetOrBuildAsync("k", _ => throw new InvalidOperationException("database gone"), CancellationToken.None));
        var answer = await cache.GetOrBuildAsync("k", _ => Task.FromResult(Array.Empty<byte>()), CancellationToken.None);
        Assert.Equal(0, answer.Length);
        Assert.Equal(1, cache.Statistics.Entries);
    }
}
