using Huayang.Gis.Rendering.Text;
using Huayang.Gis.Tests.Support;
using NetTopologySuite.Geometries;
using SkiaSharp;

namespace Huayang.Gis.Rendering.Tests.Text;

/// <summary>
/// <see cref="LabelPlacer"/> as WKT in, WKT out: candidates (priority, anchor as a WKT point, offset, text) on a
/// 200 × 200 picture, the boxes drawn as polygons in the order they were placed. Labels are Chinese text at 16 px
/// in Noto Sans CJK, whose ideographs advance exactly one em: a label of n characters is 16 n wide and 20 high
/// (1.25 em), so every box is worked out by hand from the placer's rules (centred, then 0.6 h above, then below,
/// for areas; right, left, above, below at the offset for points; inside the picture and clear of what is placed,
/// both with 2 px of padding left and right and 1 px above and below).
/// </summary>
public sealed class LabelPlacerTests
{
    private const int Size = 200;
    private const float TextSize = 16;

    [Theory]
    // An area label centred on its anchor: 32 × 20 around (100 100).
    [InlineData("", "0; POINT(100 100); 0; 华阳", "MULTIPOLYGON(((84 90, 116 90, 116 110, 84 110, 84 90)))")]
    // At the top edge centred and above stick out; below (12 px down) fits. At the bottom edge, above fits.
    [InlineData("", "0; POINT(100 8); 0; 华阳", "MULTIPOLYGON(((84 10, 116 10, 116 30, 84 30, 84 10)))")]
    [InlineData("", "0; POINT(100 192); 0; 华阳", "MULTIPOLYGON(((84 170, 116 170, 116 190, 84 190, 84 170)))")]
    // Too near the left edge for every position (they share one x): not drawn.
    [InlineData("", "0; POINT(5 100); 0; 华阳", "MULTIPOLYGON EMPTY")]
    // The padding may reach the picture's edge exactly (left 2 − 2 = 0), not beyond it (1.5 − 2 < 0).
    [InlineData("", "0; POINT(18 100); 0; 华阳", "MULTIPOLYGON(((2 90, 34 90, 34 110, 2 110, 2 90)))")]
    [InlineData("", "0; POINT(17.5 100); 0; 华阳", "MULTIPOLYGON EMPTY")]
    // A point label 6 px to the right of its point; near the right edge to the left; in the top-right corner below.
    [InlineData("", "0; POINT(100 100); 6; 华阳", "MULTIPOLYGON(((106 90, 138 90, 138 110, 106 110, 106 90)))")]
    [InlineData("", "0; POINT(180 100); 6; 华阳", "MULTIPOLYGON(((142 90, 174 90, 174 110, 142 110, 142 90)))")]
    [InlineData("", "0; POINT(180 5); 6; 华阳", "MULTIPOLYGON(((164 11, 196 11, 196 31, 164 31, 164 11)))")]
    // Two labels at one place: the second overlaps the first in all three positions and is not drawn.
    [InlineData("", "0; POINT(100 100); 0; 华阳 | 0; POINT(100 100); 0; 社区", "MULTIPOLYGON(((84 90, 116 90, 116 110, 84 110, 84 90)))")]
    // Lower priority first, whatever the order given; equal priorities in the order given.
    [InlineData("", "5; POINT(100 100); 0; 华阳街道 | 1; POINT(100 100); 0; 华阳", "MULTIPOLYGON(((84 90, 116 90, 116 110, 84 110, 84 90)))")]
    [InlineData("", "1; POINT(100 100); 0; 华阳街道 | 1; POINT(100 100); 0; 华阳", "MULTIPOLYGON(((68 90, 132 90, 132 110, 68 110, 68 90)))")]
    // Side by side: padded boxes that touch (118 = 118) are both drawn; one pixel closer and the second has nowhere to go.
    [InlineData("", "0; POINT(100 100); 0; 华阳 | 0; POINT(136 100); 0; 社区",
        "MULTIPOLYGON(((84 90, 116 90, 116 110, 84 110, 84 90)), ((120 90, 152 90, 152 110, 120 110, 120 90)))")]
    [InlineData("", "0; POINT(100 100); 0; 华阳 | 0; POINT(135 100); 0; 社区", "MULTIPOLYGON(((84 90, 116 90, 116 110, 84 110, 84 90)))")]
    // Stacked: touching padded boxes (111 = 111) are both drawn; one pixel closer, the second moves 12 px down.
    [InlineData("", "0; POINT(100 100); 0; 华阳 | 0; POINT(100 122); 0; 社区",
        "MULTIPOLYGON(((84 90, 116 90, 116 110, 84 110, 84 90)), ((84 112, 116 112, 116 132, 84 132, 84 112)))")]
    [InlineData("", "0; POINT(100 100); 0; 华阳 | 0; POINT(100 121); 0; 社区",
        "MULTIPOLYGON(((84 90, 116 90, 116 110, 84 110, 84 90)), ((84 123, 116 123, 116 143, 84 143, 84 123)))")]
    // An obstacle (a legend down to y = 95) pushes the label below; one covering every position hides it.
    [InlineData("POLYGON((0 0, 200 0, 200 95, 0 95, 0 0))", "0; POINT(100 100); 0; 华阳", "MULTIPOLYGON(((84 102, 116 102, 116 122, 84 122, 84 102)))")]
    [InlineData("POLYGON((90 50, 110 50, 110 150, 90 150, 90 50))", "0; POINT(100 100); 0; 华阳", "MULTIPOLYGON EMPTY")]
    // A label without text takes no room: the named label at the same place is drawn.
    [InlineData("", "0; POINT(100 100); 0;  | 1; POINT(100 100); 0; 华阳", "MULTIPOLYGON(((84 90, 116 90, 116 110, 84 110, 84 90)))")]
    // No candidates: nothing.
    [InlineData("", "", "MULTIPOLYGON EMPTY")]
    public void Places(string obstacle, string candidates, string expected)
    {
        var placer = new LabelPlacer(Size, Size);
        if (obstacle.Length > 0)
        {
            placer.AddObstacle(Rect(GeometryAssert.Read(obstacle).EnvelopeInternal));
        }
        foreach (var candidate in candidates.Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = candidate.Split(';', StringSplitOptions.TrimEntries);
            var anchor = (Point)GeometryAssert.Read(fields[1]);
            placer.Add(new LabelCandidate(
                int.Parse(fields[0], System.Globalization.CultureInfo.InvariantCulture), new SKPoint((float)anchor.X, (float)anchor.Y),
                [Line(fields[3], TextSize)], float.Parse(fields[2], System.Globalization.CultureInfo.InvariantCulture)));
        }

        AssertPlaced(expected, Draw(placer));
    }

    [Fact]
    public void A_label_of_two_lines_is_as_wide_as_its_widest_line_and_as_high_as_both()
    {
        // 32 × 20 and 24 × 15: a box of 32 × 35 centred on (100 100).
        var placer = new LabelPlacer(Size, Size);
        placer.Add(new LabelCandidate(0, new SKPoint(100, 100), [Line("华阳", 16), Line("社区", 12)]));

        AssertPlaced("MULTIPOLYGON(((84 82.5, 116 82.5, 116 117.5, 84 117.5, 84 82.5)))", Draw(placer));
    }

    [Fact]
    public void A_candidate_without_lines_is_skipped()
    {
        var placer = new LabelPlacer(Size, Size);
        placer.Add(new LabelCandidate(0, new SKPoint(100, 100), []));
        placer.Add(new LabelCandidate(1, new SKPoint(100, 100), [Line("华阳", 16)]));

        AssertPlaced("MULTIPOLYGON(((84 90, 116 90, 116 110, 84 110, 84 90)))", Draw(placer));
    }

    [Fact]
    public void The_ideographs_advance_one_em_as_the_tables_assume()
    {
        using var font = new SKFont(CjkFonts.Installed.Regular, TextSize);
        Assert.Equal(2 * TextSize, font.MeasureText("华阳"));
        Assert.Equal(4 * TextSize, font.MeasureText("华阳街道"));
        using var small = new SKFont(CjkFonts.Installed.Regular, 12);
        Assert.Equal(24, small.MeasureText("社区"));
    }

    private static LabelLine Line(string text, float size) => new(text, CjkFonts.Installed.Regular, size, SKColors.Black);

    private static List<SKRect> Draw(LabelPlacer placer)
    {
        using var bitmap = new SKBitmap(Size, Size);
        using var canvas = new SKCanvas(bitmap);
        placer.Draw(canvas, SKColors.White, 2, CancellationToken.None);
        return placer.Placed;
    }

    /// <summary>The boxes are the expected multi-polygon's parts, in its order (the order of placement).</summary>
    private static void AssertPlaced(string expected, List<SKRect> placed)
    {
        var want = GeometryAssert.Read(expected);
        Assert.True(want.NumGeometries == placed.Count,
            $"expected {expected}, placed {string.Join(", ", placed.Select(b => GeometryAssert.Show(Box(b))))}");
        for (var i = 0; i < placed.Count; i++)
        {
            GeometryAssert.Equal(want.GetGeometryN(i), Box(placed[i]), 1e-4);
        }
    }

    private static Polygon Box(SKRect r) => (Polygon)GeometryFactory.Default.ToGeometry(new Envelope(r.Left, r.Right, r.Top, r.Bottom));

    private static SKRect Rect(Envelope e) => new((float)e.MinX, (float)e.MinY, (float)e.MaxX, (float)e.MaxY);
}
