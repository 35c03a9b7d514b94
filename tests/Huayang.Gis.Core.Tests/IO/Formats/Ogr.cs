using System.Diagnostics;
using Xunit.Abstractions;

namespace Huayang.Gis.Core.Tests.IO.Formats;

/// <summary>
/// GDAL's ogr2ogr, which makes the GeoPackage and Shapefile fixtures. Without it on PATH a test returns early
/// with a message, except under CI=true, where it fails.
/// </summary>
internal static class Ogr
{
    private static readonly Lazy<string?> Path2Ogr = new(() => FindOnPath("ogr2ogr"));

    /// <summary>True when ogr2ogr can be run; otherwise writes why the test is skipped (or fails under CI).</summary>
    public static bool Available(ITestOutputHelper output)
    {
        if (Path2Ogr.Value is not null)
        {
            return true;
        }

        const string message = "ogr2ogr (GDAL) is not on PATH; install gdal-bin to test GeoPackage and Shapefile reading.";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail(message);
        }

        output.WriteLine(message + " Skipped.");
        return false;
    }

    /// <summary>Runs ogr2ogr with the arguments and fails the test when it fails.</summary>
    public static void Run(params string[] arguments)
    {
        var start = new ProcessStartInfo(Path2Ogr.Value ?? "ogr2ogr")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0,
            $"ogr2ogr {string.Join(' ', arguments)} failed with exit code {process.ExitCode}: {stderr.Result}");
    }

    /// <summary>Converts a GeoJSON file into a one-table GeoPackage whose table is <paramref name="table"/>.</summary>
    public static void ToGeoPackage(string geojson, string gpkg, string table, params string[] extra) =>
        Run(["-f", "GPKG", gpkg, geojson, "-nln", table, .. extra]);

    /// <summary>Adds a GeoJSON file as table <paramref name="table"/> of an existing (or new) GeoPackage.</summary>
    public static void AppendToGeoPackage(string geojson, string gpkg, string table) =>
        Run(File.Exists(gpkg)
            ? ["-f", "GPKG", "-update", gpkg, geojson, "-nln", table]
            : ["-f", "GPKG", gpkg, geojson, "-nln", table]);

    /// <summary>Converts a GeoJSON file into a UTF-8 shapefile (<c>.shp</c>, <c>.shx</c>, <c>.dbf</c>, <c>.prj</c>, <c>.cpg</c>).</summary>
    public static void ToShapefile(string geojson, string shp, params string[] extra) =>
        Run(["-f", "ESRI Shapefile", shp, geojson, "-lco", "ENCODING=UTF-8", .. extra]);

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
}
