namespace Huayang.Gis.Core.Tiles;

/// <summary>Which tiles an archive holds: layers (each at most once, in the order they go into every tile) and zooms.</summary>
public sealed record TileExportRequest(IReadOnlyList<string> Layers, int MinZoom, int MaxZoom);

/// <summary>How far an export is: candidates dealt with (built, or skipped with an empty parent) of all, tiles written.</summary>
public readonly record struct TileExportProgress(long Done, long Candidates, long Written);

/// <summary>What an export did.</summary>
/// <param name="Written">Tiles with data, written to the archive.</param>
/// <param name="Candidates">Tiles of the zoom range whose buffered square meets the layers' extent (<see cref="TilePyramid"/>).</param>
/// <param name="Built">Candidates asked of the tile source (the others lie under a tile without any feature, or
/// every layer starts deeper).</param>
/// <param name="TileBytes">The tiles' bytes as stored (compressed).</param>
/// <param name="FileBytes">The archive's size.</param>
/// <param name="Elapsed">From the first tile asked to the archive in place.</param>
public sealed record TileExportResult(long Written, long Candidates, long Built, long TileBytes, long FileBytes, TimeSpan Elapsed);

/// <summary>
/// Walks the tile pyramid of a request over the layers' extent, zoom by zoom, and hands every tile with data to a
/// writer. A tile is asked of the source only when it is a candidate (<see cref="TilePyramid"/>) and
/// <see cref="IVectorTileSource.MayHaveFeaturesAsync"/> did not rule it out; when that says no feature is near, the
/// tiles under it are not visited at all. Below every layer's minimum zoom nothing is built (the server answers
/// 204 there too), but the walk goes on beneath. Up to one tile per processor is built at once; tiles reach the
/// writer in a fixed order (zoom, then row, then column of the tiles visited) on one thread at a time.
/// </summary>
internal static class TileExport
{
    /// <summary>Tiles built at once before they are handed on in order.</summary>
    private const int Batch = 64;

    public static async Task<(long Written, long Candidates, long Built)> WalkAsync(
        IVectorTileSource source, TileExportRequest request, Func<TileAddress, byte[], CancellationToken, Task> write,
        IProgress<TileExportProgress>? progress, CancellationToken cancellationToken)
    {
        var state = await source.GetStateAsync(cancellationToken);
        var layers = request.Layers.Select(state.Layers.Get).ToList();
        var extent = state.BoundsOf(request.Layers);
        if (extent is null)
        {
            progress?.Report(new TileExportProgress(0, 0, 0));
            return (0, 0, 0);
        }
        var pyramid = new TilePyramid(extent, request.MinZoom, request.MaxZoom);
        var candidates = pyramid.Count;
        long done = 0, written = 0, built = 0;
        progress?.Report(new TileExportProgress(0, candidates, 0));

        var first = pyramid.Range(request.MinZoom);
        var level = new List<TileAddress>();
        for (var y = first.MinY; y <= first.MaxY; y++)
        {
            for (var x = first.MinX; x <= first.MaxX; x++)
            {
                level.Add(new TileAddress(request.MinZoom, x, y));
            }
        }
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken };
        while (level.Count > 0)
        {
            var next = new List<TileAddress>();
            for (var start = 0; start < level.Count; start += Batch)
            {
                var batch = level.GetRange(start, Math.Min(Batch, level.Count - start));
                var tiles = new (bool Near, byte[]? Bytes)[batch.Count];
                await Parallel.ForAsync(0, batch.Count, parallel, async (i, ct) =>
                {
                    var (z, x, y) = batch[i];
                    if (!await source.MayHaveFeaturesAsync(request.Layers, z, x, y, ct))
                    {
                        tiles[i] = (false, null);
                        return;
                    }
                    tiles[i] = layers.All(layer => z < layer.TileMinZoom)
                        ? (true, null)
                        : (true, await source.GetTileAsync(request.Layers, z, x, y, ct));
                }).ConfigureAwait(false);
                for (var i = 0; i < batch.Count; i++)
                {
                    var (near, bytes) = tiles[i];
                    done++;
                    if (!near)
                    {
                        done += pyramid.CountBelow(batch[i]);
                        continue;
                    }
                    next.AddRange(pyramid.Children(batch[i]));
                    if (bytes is null)
                    {
                        continue;
                    }
                    built++;
                    if (bytes.Length > 0)
                    {
                        await write(batch[i], bytes, cancellationToken).ConfigureAwait(false);
                        written++;
                    }
                }
                progress?.Report(new TileExportProgress(done, candidates, written));
            }
            // Children were added parent by parent; the next zoom is visited row by row.
            next.Sort((a, b) => a.Y != b.Y ? a.Y.CompareTo(b.Y) : a.X.CompareTo(b.X));
            level = next;
        }
        return (written, candidates, built);
    }
}
