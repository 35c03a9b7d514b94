using System.Diagnostics;
using System.Globalization;
using System.Text;
using Huayang.Gis.Core.Crs;
using Xunit.Abstractions;

namespace Huayang.Gis.Core.Tests.Crs;

/// <summary>
/// Runs PROJ's cs2cs on a sample of the fixture's points, so cs2cs-reference.csv cannot drift
/// from the PROJ installed here unnoticed. Without cs2cs on PATH the test returns early with a
/// message, except under CI=true, where it fails.
/// </summary>
public sealed class Cs2csLiveTests(ITestOutputHelper output)
{
    [SkippableFact]
    public void Live_cs2cs_agrees_with_the_fixture_and_the_transformer()
    {
        var cs2cs = FindOnPath("cs2cs");
        if (cs2cs is null)
        {
            const string message = "cs2cs (PROJ) is not on PATH; install proj-bin to check the fixture against live PROJ.";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                Assert.Fail(message);
            }

            Skip.If(true, message);
        }

        var sample = Cs2csReference.Points.Where((_, i) => i % 17 == 0).ToList();
        foreach (var code in new[] { "EPSG:4544", "EPSG:32648", "EPSG:3857", "EPSG:4490" })
        {
            var crs = CrsId.Parse(code);
            var live = Run(cs2cs, crs, sample);
            for (var i = 0; i < sample.Count; i++)
            {
                var p = sample[i];
                var (fx, fy) = p.In(crs);
                var (tx, ty) = CoordinateTransformer.Transform(p.Lon, p.Lat, CrsId.Wgs84, crs);
                var tolerance = crs.IsGeographic ? 1e-9 : 1e-5;
                Assert.True(
                    Math.Abs(live[i].X - fx) <= tolerance && Math.Abs(live[i].Y - fy) <= tolerance,
                    $"{code} at {p.Lon}, {p.Lat}: live cs2cs {live[i]} but the fixture has ({fx}, {fy}); rerun make-cs2cs-reference.sh.");
                Assert.True(
                    Math.Abs(live[i].X - tx) <= 0.01 && Math.Abs(live[i].Y - ty) <= 0.01,
                    $"{code} at {p.Lon}, {p.Lat}: live cs2cs {live[i]} but CoordinateTransformer gives ({tx}, {ty}).");
            }

            output.WriteLine($"{code}: {sample.Count} points agree with live cs2cs.");
        }
    }

    /// <summary>
    /// Projects WGS84 points with cs2cs, feeding and reading EPSG axis order (latitude first for
    /// 4326 and 4490, northing first for 4544) and returning x, y order.
    /// </summary>
    private static List<(double X, double Y)> Run(string cs2cs, CrsId crs, List<Cs2csPoint> points)
    {
        var start = new ProcessStartInfo(cs2cs)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "-d", crs.IsGeographic ? "10" : "6", "EPSG:4326", crs.Code })
        {
            start.ArgumentList.Add(arg);
        }

        var input = new StringBuilder();
        foreach (var p in points)
        {
            input.Append(CultureInfo.InvariantCulture, $"{p.Lat:R} {p.Lon:R}\n");
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("cs2cs did not start.");
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(input.ToString());
        process.StandardInput.Close();
        var lines = process.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(30)), "cs2cs did not finish in 30 s.");
        Assert.True(process.ExitCode == 0 && lines.Length == points.Count, $"cs2cs failed: {stderr.Result}");

        var northFirst = crs == CrsId.GaussKrugerCm105 || crs == CrsId.Cgcs2000;
        return lines
            .Select(line =>
            {
                var f = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
                var a = double.Parse(f[0], CultureInfo.InvariantCulture);
                var b = double.Parse(f[1], CultureInfo.InvariantCulture);
                return northFirst ? (b, a) : (a, b);
            })
            .ToList();
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(dir => new[] { Path.Combine(dir, name), Path.Combine(dir, name + ".exe") })
            .FirstOrDefault(File.Exists);
}
