using System.Text.RegularExpressions;
using Huayang.Gis.Server.Tests.Support;
using Huayang.Gis.Tests;

namespace Huayang.Gis.Server.Tests.Rendering;

/// <summary>
/// GDAL's WMS driver, a real client, against the real server process: the capabilities list the layers as
/// subdatasets, and gdal_translate draws one into a non-blank PNG. Skipped without GDAL, a failure when <c>CI=true</c>.
/// </summary>
public sealed partial class GdalWmsTests
{
    [SkippableFact]
    public async Task Gdal_lists_the_layers_and_translates_a_GetMap_into_a_picture()
    {
        Tool.Require("gdalinfo", "gdal-bin");
        Tool.Require("gdal_translate", "gdal-bin");
        await using var server = await ServerProcess.StartAsync(readyPath: "wms?SERVICE=WMS&REQUEST=GetCapabilities");
        var capabilities = $"WMS:{server.BaseAddress}wms?SERVICE=WMS&VERSION=1.3.0&REQUEST=GetCapabilities";
        var (code, output, error) = await Tool.RunAsync("gdalinfo", capabilities);
        Assert.True(code == 0, $"gdalinfo failed: {error}\n{output}\n{server.Log}");
        var names = SubdatasetName().Matches(output).Select(m => m.Groups[1].Value.Trim()).ToList();
        foreach (var layer in new[] { "communities", "water", "roads", "plan", "sites" })
        {
            Assert.Contains(names, n => n.Contains($"LAYERS={layer}", StringComparison.Ordinal));
        }

        var communities = names.First(n => n.Contains("LAYERS=communities", StringComparison.Ordinal));
        var directory = Directory.CreateTempSubdirectory("huayang-wms-");
        try
        {
            var file = Path.Combine(directory.FullName, "out.png");
            (code, output, error) = await Tool.RunAsync("gdal_translate", "-of", "PNG", "-outsize", "512", "384", communities + "&FORMAT=image/png", file);
            Assert.True(code == 0, $"gdal_translate failed: {error}\n{output}\n{server.Log}");
            var artifacts = Directory.CreateDirectory(Path.Combine(RepositoryRoot.Path, "artifacts", "rendered"));
            File.Copy(file, Path.Combine(artifacts.FullName, "gdal-wms-communities.png"), overwrite: true);
            using var bitmap = SkiaSharp.SKBitmap.Decode(file);
            Assert.Equal((512, 384), (bitmap.Width, bitmap.Height));
            var colours = new HashSet<uint>();
            for (var y = 0; y < bitmap.Height; y += 3)
            {
                for (var x = 0; x < bitmap.Width; x += 3)
                {
                    colours.Add((uint)bitmap.GetPixel(x, y));
                }
            }
            Assert.True(colours.Count > 10, $"gdal_translate produced a near-blank picture ({colours.Count} colours)");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [GeneratedRegex(@"SUBDATASET_\d+_NAME=(.*)")]
    private static partial Regex SubdatasetName();
}
