using Huayang.Gis.Core.Crs;
using SkiaSharp;

namespace Huayang.Gis.Rendering.Tests;

/// <summary>
/// Fixed scenes compared with the PNGs under <c>Golden/</c>: at most 0.5% of the pixels may differ by more than
/// 16 in a channel (anti-aliasing and font hinting move a few). Run with <c>HUAYANG_REFRESH_GOLDEN=1</c> to write
/// the current pictures as the new golden ones; the rendered pictures are always kept in <c>artifacts/rendered/</c>.
/// </summary>
public sealed class GoldenImageTests
{
    private const double AllowedShare = 0.005;
    private const int ChannelTolerance = 16;

    public static TheoryData<string> SceneNames => new() { "plan-report", "coverage-kindergarten-5min", "wms-4544-no-decorations" };

    [Theory]
    [MemberData(nameof(SceneNames))]
    public void Scene_matches_its_golden_picture(string scene)
    {
        var png = Render(scene);
        using var actual = Scenes.Save(scene, png);
        var golden = Path.Combine(Scenes.GoldenDirectory, scene + ".png");
        if (Environment.GetEnvironmentVariable("HUAYANG_REFRESH_GOLDEN") == "1")
        {
            File.WriteAllBytes(golden, png);
        }
        Assert.True(File.Exists(golden), $"no golden picture {golden}; run the tests with HUAYANG_REFRESH_GOLDEN=1 to create it");
        using var expected = SKBitmap.Decode(golden);
        Assert.Equal((expected.Width, expected.Height), (actual.Width, actual.Height));

        var differing = 0;
        for (var y = 0; y < actual.Height; y++)
        {
            for (var x = 0; x < actual.Width; x++)
            {
                var a = actual.GetPixel(x, y);
                var e = expected.GetPixel(x, y);
                if (Math.Abs(a.Red - e.Red) > ChannelTolerance || Math.Abs(a.Green - e.Green) > ChannelTolerance
                    || Math.Abs(a.Blue - e.Blue) > ChannelTolerance || Math.Abs(a.Alpha - e.Alpha) > ChannelTolerance)
                {
                    differing++;
                }
            }
        }
        var share = (double)differing / (actual.Width * actual.Height);
        Assert.True(share <= AllowedShare,
            $"{scene}: {share:P2} of the pixels differ (allowed {AllowedShare:P1}); compare artifacts/rendered/{scene}.png with Golden/{scene}.png, "
            + "and refresh with HUAYANG_REFRESH_GOLDEN=1 if the change is intended");
    }

    internal static byte[] Render(string scene)
    {
        var renderer = MapRenderer.CreateDefault();
        return scene switch
        {
            "plan-report" => renderer.RenderPng(
                Scenes.Request(MapExtent.ForReport(Scenes.Street), 1200, 900, MapLayers.All), Scenes.Load(MapLayers.All)),
            "coverage-kindergarten-5min" => renderer.RenderPng(
                Scenes.Request(MapExtent.ForReport(Scenes.Street), 1000, 750, ["communities", "water", "roads", "sites"]),
                Scenes.Load(["communities", "water", "roads", "sites"], new CoverageTheme("kindergarten", "5min"))),
            "wms-4544-no-decorations" => renderer.RenderPng(
                Scenes.Request(Scenes.Street, 512, 512, MapLayers.All, CrsId.GaussKrugerCm105, decorations: false), Scenes.Load(MapLayers.All)),
            _ => throw new ArgumentOutOfRangeException(nameof(scene), scene, "unknown scene"),
        };
    }
}
