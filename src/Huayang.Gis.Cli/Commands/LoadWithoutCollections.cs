using System.Runtime;

namespace Huayang.Gis.Cli.Commands;

/// <summary>
/// Runs <c>huayang load</c> inside a region where the garbage collector does not run. Every feature read lives until
/// the load ends, so a collection finds almost nothing to free and copies the features it keeps: at
/// <c>--scale 100</c> (64 MB of GeoJSON, 339,021 population cells) the read had spent 1.0–1.6 s paused in 13
/// collections, and a region that ended after the read moved the cost to the first collection after it (1.6–2.1 s
/// during the COPY). So the region lasts for the whole load, and the process ends without collecting. It is sized
/// from the input (<see cref="BytesPerInputByte"/>), within a quarter of the memory the process may use; when the
/// runtime refuses that size, or the load allocates more, the collector simply runs as usual.
/// </summary>
internal sealed class LoadWithoutCollections : IDisposable
{
    /// <summary>Bytes allowed per byte of input: a load's peak was about 11 per byte of GeoJSON at scale 100.</summary>
    public const long BytesPerInputByte = 16;

    private readonly bool _started;

    private LoadWithoutCollections(bool started) => _started = started;

    /// <summary>Starts the region for a load of <paramref name="path"/> (a file or a directory), if worthwhile.</summary>
    public static LoadWithoutCollections Begin(string path) => new(TryStart(Budget(path)));

    /// <summary>Ends the region, if it is still on.</summary>
    public void Dispose()
    {
        if (_started && GCSettings.LatencyMode == GCLatencyMode.NoGCRegion)
        {
            try
            {
                GC.EndNoGCRegion();
            }
            catch (InvalidOperationException)
            {
                // The region had already ended (the load allocated more than it allowed, or something collected).
            }
        }
    }

    private static long Budget(string path)
    {
        long input;
        try
        {
            input = File.Exists(path)
                ? new FileInfo(path).Length
                : new DirectoryInfo(path).EnumerateFiles("*", SearchOption.TopDirectoryOnly).Sum(f => f.Length);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }

        var allowed = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 4;
        return Math.Min(input * BytesPerInputByte, allowed);
    }

    /// <summary>True when the region is on for this load.</summary>
    public bool Started => _started;

    private static bool TryStart(long bytes)
    {
        // A small input is loaded before a collection would come.
        if (bytes < 64L << 20)
        {
            return false;
        }

        try
        {
            return GC.TryStartNoGCRegion(bytes);
        }
        catch (ArgumentOutOfRangeException)
        {
            // More than the runtime can set aside at once: load with the collector as usual.
            return false;
        }
        catch (InvalidOperationException)
        {
            // A region is on already (a host running loads side by side): this load goes as usual.
            return false;
        }
    }
}
