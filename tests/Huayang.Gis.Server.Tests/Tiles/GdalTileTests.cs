using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Huayang.Gis.Core.Store;
using Huayang.Gis.Core.Tiles;
using Huayang.Gis.Tests;
using Huayang.Gis.Tests.Tiles;

namespace Huayang.Gis.Server.Tests.Tiles;

/// <summary>
/// GDAL's MVT driver, a real client, reads a tile downloaded from the real server process. Skipped without
/// <c>ogrinfo</c> (gdal-bin), a failure when <c>CI=true</c>.
/// </summary>
public sealed partial class GdalTileTests
{
    [SkippableFact]
    public async Task Ogrinfo_reads_the_layers_and_feature_ids_of_a_served_tile()
    {
        RequireOgrinfo();
        await using var server = await ServerProcess.StartAsync(readyPath: "tiles/sites.json");
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        const int z = 14, x = 12927, y = 6733;
        using var response = await http.GetAsync($"tiles/sites,communities,walkways/{z}/{x}/{y}.mvt");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();

        var directory = Directory.CreateTempSubdirectory("huayang-mvt-");
        try
        {
            var file = Path.Combine(directory.FullName, "tile.mvt");
            await File.WriteAllBytesAsync(file, bytes);
            // X, Y and Z georeference the tile; CLIP=NO keeps the features that lie only in the buffer.
            var output = await RunAsync("ogrinfo", "-ro", "-al", "-oo", $"X={x}", "-oo", $"Y={y}", "-oo", $"Z={z}", "-oo", "CLIP=NO", file);

            var layers = LayerName().Matches(output).Select(m => m.Groups[1].Value).ToList();
            Assert.Equal(["sites", "communities", "walkways"], layers);
            var expected = MvtDecoder.Decode(bytes);
            foreach (var layer in expected)
            {
                var section = Section(output, layer.Name);
                var ids = IdField().Matches(section).Select(m => m.Groups[1].Value.Trim()).ToHashSet(StringComparer.Ordinal);
                Assert.Equal(layer.Features.Select(f => f.StringId).ToHashSet(StringComparer.Ordinal), ids);
                var mvtIds = MvtId().Matches(section).Select(m => ulong.Parse(m.Groups[1].Value)).ToHashSet();
                Assert.Equal(layer.Features.Select(f => f.Id).ToHashSet(), mvtIds);
            }

            // A site GDAL georeferenced lies where the dataset has it (EPSG:3857, within a tile unit of 2.4 m at z14).
            var store = InMemorySpatialStore.Open(RepositoryRoot.DataDirectory);
            var site = store.Dataset.Sites.First(s => Section(output, "sites").Contains($"id (String) = {s.Id}\n", StringComparison.Ordinal));
            var (mx, my) = Core.Crs.CoordinateTransformer.Transform(site.Geometry.X, site.Geometry.Y, Core.Crs.CrsId.Wgs84, Core.Crs.CrsId.WebMercator);
            var feature = Section(output, "sites")[Section(output, "sites").IndexOf($"id (String) = {site.Id}\n", StringComparison.Ordinal)..];
            var point = PointWkt().Match(feature);
            Assert.True(point.Success, feature[..Math.Min(400, feature.Length)]);
            var unit = VectorTileGrid.MercatorBounds(z, x, y).Width / VectorTileGrid.Extent;
            Assert.InRange(double.Parse(point.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), mx - unit, mx + unit);
            Assert.InRange(double.Parse(point.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture), my - unit, my + unit);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>The part of ogrinfo's output about one layer.</summary>
    private static string Section(string output, string layer)
    {
        var start = output.IndexOf($"Layer name: {layer}\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no layer {layer} in:\n{output[..Math.Min(2000, output.Length)]}");
        var next = output.IndexOf("Layer name: ", start + 1, StringComparison.Ordinal);
        return next < 0 ? output[start..] : output[start..next];
    }

    private static void RequireOgrinfo()
    {
        var found = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => File.Exists(Path.Combine(d, "ogrinfo")));
        if (found)
        {
            return;
        }
        const string why = "ogrinfo (gdal-bin) is not installed";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail(why + "; CI=true, so this is a failure");
        }
        Skip.If(true, why);
    }

    private static async Task<string> RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"{program} exited with {process.ExitCode}: {await error}");
        return (await output).Replace("\r\n", "\n", StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^Layer name: (\S+)$", RegexOptions.Multiline)]
    private static partial Regex LayerName();

    [GeneratedRegex(@"^  id \(String\) = (.+)$", RegexOptions.Multiline)]
    private static partial Regex IdField();

    [GeneratedRegex(@"^  mvt_id \(Integer64\) = (\d+)$", RegexOptions.Multiline)]
    private static partial Regex MvtId();

    [GeneratedRegex(@"POINT \(([-0-9.e+]+) ([-0-9.e+]+)\)")]
    private static partial Regex PointWkt();
}
