using Huayang.Gis.Core.Analysis;
using Huayang.Gis.Rendering.Styles;
using NetTopologySuite.Geometries;
using SkiaSharp;

namespace Huayang.Gis.Rendering.Tests;

/// <summary>
/// The compliance report's pictures (<see cref="ComplianceMaps"/>) over the bundled data, walking, existing sites, every
/// level: each community is filled, in its level's street picture, with the class of the number of required categories
/// it misses, read back from the pixels; a community that misses something has a picture of its own with its outline in
/// the focus colour; one that misses nothing has none. The pictures are kept in artifacts/rendered.
/// </summary>
public sealed class ComplianceMapTests
{
    private static readonly MapStyle Style = MapStyle.Default;

    [Fact]
    public async Task Each_community_is_coloured_by_how_many_required_categories_it_misses()
    {
        var report = await ComplianceCalculator.ComputeAsync(Scenes.Store, new ComplianceRequest([]));
        var pictures = await ComplianceMaps.DrawAsync(Scenes.Store, report, MapRenderer.CreateDefault());
        var background = MapStyle.Color(Style.Background);
        // A class's fill as drawn: its colour at the fill alpha over the paper.
        var palette = new[] { Style.Compliance.Met }.Concat(Style.Compliance.Missing)
            .Select(hex => Blend(MapStyle.Color(hex), Style.Coverage.FillAlpha, background)).ToList();
        var classesSeen = new HashSet<int>();

        foreach (var level in report.Levels)
        {
            var street = pictures[(level.Level.Id, null)];
            using var bitmap = Save($"compliance-{level.Level.Id}", street.Jpeg);
            foreach (var community in level.Communities)
            {
                var expected = Math.Min(community.Missing.Count(), Style.Compliance.Missing.Count);
                classesSeen.Add(expected);
                var geometry = Scenes.Store.Dataset.Communities.Single(c => c.Id == community.CommunityId).Geometry;
                var votes = new int[palette.Count];
                foreach (var point in Inside(geometry))
                {
                    var at = Scenes.PixelOf(street.Request, point.X, point.Y);
                    var pixel = bitmap.GetPixel(at.X, at.Y);
                    var nearest = Enumerable.Range(0, palette.Count).MinBy(i => Distance(palette[i], pixel));
                    if (Distance(palette[nearest], pixel) < 30)
                    {
                        votes[nearest]++;
                    }
                }
                var drawn = Array.IndexOf(votes, votes.Max());
                Assert.True(drawn == expected && votes[drawn] >= 10,
                    $"{level.Level.Id} {community.CommunityId} misses {community.Missing.Count()}: class {expected} expected, the pixels vote [{string.Join(", ", votes)}]");

                var own = pictures.GetValueOrDefault((level.Level.Id, community.CommunityId));
                if (community.Missing.Any())
                {
                    Assert.NotNull(own);
                    using var picture = Save($"compliance-{level.Level.Id}-{community.CommunityId}", own.Jpeg);
                    AssertOutlined(picture, own.Request, geometry, $"{level.Level.Id} {community.CommunityId}");
                }
                else
                {
                    Assert.Null(own);
                }
            }
        }
        // The bundled data give more than one class, so the test tells the classes apart.
        Assert.True(classesSeen.Count >= 2, $"classes seen: {string.Join(", ", classesSeen)}");
    }

    /// <summary>Most of the community's boundary, sampled at 24 places, is drawn in the focus colour.</summary>
    private static void AssertOutlined(SKBitmap bitmap, MapRequest request, Geometry community, string what)
    {
        var focus = MapStyle.Color(Style.Compliance.Focus);
        var ring = ((Polygon)(community is MultiPolygon m ? m.GetGeometryN(0) : community)).ExteriorRing;
        var indexed = new NetTopologySuite.LinearReferencing.LengthIndexedLine(ring);
        var outlined = 0;
        for (var i = 0; i < 24; i++)
        {
            var c = indexed.ExtractPoint(ring.Length * i / 24);
            var at = Scenes.PixelOf(request, c.X, c.Y);
            var near = false;
            for (var dx = -2; dx <= 2 && !near; dx++)
            {
                for (var dy = -2; dy <= 2 && !near; dy++)
                {
                    var (x, y) = (at.X + dx, at.Y + dy);
                    near = x >= 0 && y >= 0 && x < bitmap.Width && y < bitmap.Height && Distance(focus, bitmap.GetPixel(x, y)) < 90;
                }
            }
            outlined += near ? 1 : 0;
        }
        Assert.True(outlined >= 16, $"{what}: {outlined} of 24 boundary places are in the focus colour");
    }

    /// <summary>Points on a grid over the community, well inside it (away from its outline).</summary>
    private static IEnumerable<Point> Inside(Geometry community)
    {
        var inner = community.Buffer(-0.0006);
        var box = inner.EnvelopeInternal;
        for (var i = 1; i < 12; i++)
        {
            for (var j = 1; j < 12; j++)
            {
                var point = inner.Factory.CreatePoint(new Coordinate(box.MinX + box.Width * i / 12, box.MinY + box.Height * j / 12));
                if (inner.Contains(point))
                {
                    yield return point;
                }
            }
        }
    }

    private static SKColor Blend(SKColor colour, byte alpha, SKColor under)
    {
        var a = alpha / 255.0;
        byte Mix(byte top, byte bottom) => (byte)Math.Round(top * a + bottom * (1 - a));
        return new SKColor(Mix(colour.Red, under.Red), Mix(colour.Green, under.Green), Mix(colour.Blue, under.Blue));
    }

    private static int Distance(SKColor a, SKColor b) =>
        Math.Abs(a.Red - b.Red) + Math.Abs(a.Green - b.Green) + Math.Abs(a.Blue - b.Blue);

    private static SKBitmap Save(string name, byte[] jpeg)
    {
        File.WriteAllBytes(Path.Combine(Scenes.RenderedDirectory, name + ".jpg"), jpeg);
        return SKBitmap.Decode(jpeg);
    }
}
