using System.Text.RegularExpressions;
using Huayang.Gis.Cli.Tests.Support;
using Huayang.Gis.Server.Tests.Support;
using Huayang.Gis.Core.Tiles;
using SkiaSharp;

namespace Huayang.Gis.Cli.Tests.Tiles;

/// <summary>
/// Real clients read the exported archive: GDAL's MBTiles driver (<c>ogrinfo</c>, gdal-bin) and QGIS 3.22
/// (python3-qgis, headless), which draws it into <c>artifacts/mbtiles/qgis-z10-16.png</c>. Skipped without the
/// tools, a failure when <c>CI=true</c>.
/// </summary>
[Collection(ExportedArchiveCollection.Name)]
public sealed partial class ArchiveClientTests(ExportedArchive archive)
{
    /// <summary>The Debian Python that python3-qgis is built for (a python3 earlier on PATH may be another).</summary>
    private const string DebianPython = "/usr/bin/python3";

    private const string QgisModule = "/usr/lib/python3/dist-packages/qgis/core/__init__.py";

    [SkippableFact]
    public async Task Ogrinfo_lists_every_layer_and_reads_chinese_names_intact()
    {
        Tool.Require("ogrinfo", "gdal-bin");
        Assert.True(archive.ExitCode == HuayangCli.Success, archive.Error);

        var (code, summary, error) = await Tool.RunAsync("ogrinfo", "-ro", "-so", archive.Path);
        Assert.True(code == 0, error);
        Assert.Contains("using driver `MBTiles' successful", summary, StringComparison.Ordinal);
        var layers = LayerLine().Matches(summary).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(TestData.Store.Dataset.Registry.Names, layers);

        (code, var sites, error) = await Tool.RunAsync("ogrinfo", "-ro", "-oo", "ZOOM_LEVEL=14", archive.Path, "sites");
        Assert.True(code == 0, error);
        var names = TestData.Store.Dataset.Sites.ToDictionary(s => s.Id, s => s.NameZh, StringComparer.Ordinal);
        var features = SiteFeature().Matches(sites.Replace("\r\n", "\n", StringComparison.Ordinal)).ToList();
        Assert.True(features.Count >= names.Count / 2, $"{features.Count} site features at zoom 14:\n{sites[..Math.Min(3000, sites.Length)]}");
        foreach (var feature in features)
        {
            var id = feature.Groups["id"].Value;
            Assert.True(names.TryGetValue(id, out var name), $"unknown site {id}");
            Assert.Equal(name, feature.Groups["name"].Value);
        }
        Assert.Contains(features, f => f.Groups["name"].Value.Any(c => c is >= '\u4e00' and <= '\u9fff'));
    }

    [SkippableFact]
    public async Task Qgis_opens_the_archive_as_a_vector_tile_layer_and_draws_it()
    {
        Tool.RequireFile(QgisModule, "QGIS's Python bindings", "python3-qgis");
        Assert.True(archive.ExitCode == HuayangCli.Success, archive.Error);
        var picture = Path.Combine(ExportedArchive.Directory, "qgis-z10-16.png");
        File.Delete(picture);
        var state = await new InMemoryTileSource(TestData.Store).GetStateAsync();
        var extent = state.BoundsOf(state.Layers.Names)!;
        string Degrees(double v) => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

        var (code, output, error) = await Tool.RunAsync(DebianPython,
            Path.Combine(AppContext.BaseDirectory, "Tiles", "render_mbtiles.py"), archive.Path, picture, "800", "600",
            Degrees(extent.MinX), Degrees(extent.MinY), Degrees(extent.MaxX), Degrees(extent.MaxY));
        Assert.True(code == 0, $"exit {code}: {output}\n{error}");
        Assert.Contains("valid layer in EPSG:3857", output, StringComparison.Ordinal);

        using var bitmap = SKBitmap.Decode(picture);
        Assert.Equal((800, 600), (bitmap.Width, bitmap.Height));
        var background = bitmap.GetPixel(0, 0);
        var drawn = 0;
        for (var y = 0; y < bitmap.Height; y += 2)
        {
            for (var x = 0; x < bitmap.Width; x += 2)
            {
                if (bitmap.GetPixel(x, y) != background)
                {
                    drawn++;
                }
            }
        }
        // The communities fill most of the data's extent: far more than a tenth of the picture is drawn.
        var share = drawn / (bitmap.Width / 2.0 * (bitmap.Height / 2.0));
        Assert.True(share > 0.10, $"only {share:P1} of the picture differs from the background");
    }

    [GeneratedRegex(@"^\d+: (\S+)", RegexOptions.Multiline)]
    private static partial Regex LayerLine();

    [GeneratedRegex(@"^  id \(String\) = (?<id>.+)\n  name_zh \(String\) = (?<name>.+)$", RegexOptions.Multiline)]
    private static partial Regex SiteFeature();
}
