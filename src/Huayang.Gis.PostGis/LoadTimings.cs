using System.Diagnostics;
using System.Globalization;

namespace Huayang.Gis.PostGis;

/// <summary>
/// The phases of a load, timed, on stderr when the environment variable <c>HUAYANG_LOAD_TIMINGS=1</c> is set: one
/// line per phase with its seconds since the previous mark and since the process started. A profiling aid for
/// <c>tests/bench/load-vs-ogr2ogr.sh</c>; nothing is measured or printed without the variable.
/// </summary>
public static class LoadTimings
{
    private static readonly bool Enabled = Environment.GetEnvironmentVariable("HUAYANG_LOAD_TIMINGS") == "1";
    private static readonly Lock Gate = new();
    private static long _last = Stopwatch.GetTimestamp();

    /// <summary>Ends the phase named <paramref name="phase"/>, begun at the previous <see cref="Mark"/>.</summary>
    public static void Mark(string phase)
    {
        if (Enabled)
        {
            lock (Gate)
            {
                var now = Stopwatch.GetTimestamp();
                Write(phase, Stopwatch.GetElapsedTime(_last, now));
                _last = now;
            }
        }
    }

    /// <summary>A phase that ran beside the others (its own start), not ending the current one.</summary>
    public static void Report(string phase, long startTimestamp)
    {
        if (Enabled)
        {
            lock (Gate)
            {
                Write(phase + " (concurrent)", Stopwatch.GetElapsedTime(startTimestamp));
            }
        }
    }

    private static void Write(string phase, TimeSpan took)
    {
        using var process = Process.GetCurrentProcess();
        var sinceStart = (DateTime.Now - process.StartTime).TotalSeconds;
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"timing {phase,-44} {took.TotalSeconds,7:F3} s  (at {sinceStart:F3} s; GC so far: {GC.GetTotalPauseDuration().TotalSeconds:F3} s paused, " +
            $"{GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)} collections of gen 0/1/2)"));
    }
}
