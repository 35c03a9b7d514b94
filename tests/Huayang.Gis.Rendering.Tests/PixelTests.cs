using Huayang.Gis.Rendering.Styles;
using Huayang.Gis.Rendering.Text;
using SkiaSharp;

namespace Huayang.Gis.Rendering.Tests;

/// <summary>Pixels where a person expects them: water, a site symbol, Chinese labels; and the font they are drawn with.</summary>
public sealed class PixelTests
{
    private static readonly MapRenderer Renderer = MapRenderer.CreateDefault();

    [Fact]
    public void Luhu_lake_is_water_blue_and_a_community_is_paper()
    {
        var request = Scenes.Request(Scenes.Street, 800, 800, ["communities", "water"], decorations: false);
        using var bitmap = Scenes.Save("pixels-water", Renderer.RenderPng(request, Scenes.Load(["communities", "water"])));
        var lake = Scenes.Store.Dataset.Layers["water"].Single(f => (string)f.Attributes["id"] == "luhu-lake").Geometry;
        // A point well inside the lake, away from its label.
        var inside = lake.Buffer(-0.002).InteriorPoint;
        var at = Scenes.PixelOf(request, inside.X, inside.Y + 0.0015);
        var water = MapStyle.Color(MapStyle.Default.Water.Fill);
        AssertNear(water, bitmap.GetPixel(at.X, at.Y), $"Luhu lake at {at}");

        var community = Scenes.Store.Dataset.Communities.Single(c => c.Id == "baimasi").Geometry.InteriorPoint;
        var land = Scenes.PixelOf(request, community.X, community.Y + 0.004);
        var pixel = bitmap.GetPixel(land.X, land.Y);
        Assert.True(pixel.Blue < pixel.Red + 10, $"Baimasi at {land} should be paper-coloured, not blue: {pixel}");
    }

    [Fact]
    public void A_known_site_has_its_category_colour_at_its_position()
    {
        var request = Scenes.Request(Scenes.Street, 800, 800, ["communities", "sites"], decorations: false);
        using var bitmap = Scenes.Save("pixels-site", Renderer.RenderPng(request, Scenes.Load(["communities", "sites"])));
        var site = Scenes.Store.Dataset.Sites.Single(s => s.Id == "site-intl-school-tianfu");
        var at = Scenes.PixelOf(request, site.Geometry.X, site.Geometry.Y);
        AssertNear(MapStyle.Color(MapStyle.Default.SiteStyle("international_school").Color), bitmap.GetPixel(at.X, at.Y), $"the international school at {at}");
    }

    [Fact]
    public void Chinese_labels_are_drawn_in_a_CJK_font_and_their_boxes_hold_ink()
    {
        var fonts = CjkFonts.Installed;
        Assert.Contains("CJK", fonts.Regular.FamilyName, StringComparison.Ordinal);
        using (var font = new SKFont(fonts.Regular))
        {
            Assert.True(font.ContainsGlyphs("华阳街道白马寺社区"));
        }

        var request = Scenes.Request(Scenes.Street, 900, 900, ["communities"], decorations: false);
        using var bitmap = Renderer.Render(request, Scenes.Load(["communities"]), out var labels);
        Assert.True(labels.Count >= 15, $"only {labels.Count} community labels placed");
        for (var i = 0; i < labels.Count; i++)
        {
            for (var j = i + 1; j < labels.Count; j++)
            {
                Assert.False(labels[i].IntersectsWith(labels[j]), $"labels {labels[i]} and {labels[j]} overlap");
            }
        }
        foreach (var box in labels)
        {
            var ink = 0;
            for (var y = (int)box.Top; y < (int)box.Bottom; y++)
            {
                for (var x = (int)box.Left; x < (int)box.Right; x++)
                {
                    var p = bitmap.GetPixel(x, y);
                    // Label ink is dark grey on a white halo, over a pale fill.
                    if (p.Red + p.Green + p.Blue < 3 * 150)
                    {
                        ink++;
                    }
                }
            }
            // Real glyphs cover a tenth or so of their box; tofu outlines or nothing at all cover far less.
            Assert.True(ink > box.Width * box.Height * 0.04, $"label box {box} holds only {ink} dark pixels");
        }
    }

    [Fact]
    public void A_missing_CJK_font_is_an_error_that_names_the_package()
    {
        var empty = Directory.CreateTempSubdirectory("huayang-no-fonts-");
        try
        {
            var e = Assert.Throws<MissingFontException>(() => CjkFonts.Find([empty.FullName]));
            Assert.Contains("fonts-noto-cjk", e.Message, StringComparison.Ordinal);
            Assert.Contains(empty.FullName, e.Message, StringComparison.Ordinal);
        }
        finally
        {
            empty.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData(0, 100)]
    [InlineData(100, 5000)]
    public void Sizes_outside_the_limits_are_refused(int width, int height)
    {
        var request = Scenes.Request(Scenes.Street, 100, 100, ["communities"]) with { Width = width, Height = height };
        Assert.Throws<ArgumentException>(() => Renderer.RenderPng(request, Scenes.Load(["communities"])));
    }

    private static void AssertNear(SKColor expected, SKColor actual, string where)
    {
        var distance = Math.Abs(expected.Red - actual.Red) + Math.Abs(expected.Green - actual.Green) + Math.Abs(expected.Blue - actual.Blue);
        Assert.True(distance < 40, $"{where}: expected about {expected}, found {actual}");
    }
}
