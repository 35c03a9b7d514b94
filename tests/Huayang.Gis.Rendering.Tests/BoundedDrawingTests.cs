using System.Diagnostics;
using Huayang.Gis.Core.Crs;
using Huayang.Gis.Rendering.Drawing;
using Huayang.Gis.Rendering.Styles;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Union;
using SkiaSharp;

namespace Huayang.Gis.Rendering.Tests;

/// <summary>
/// Drawing work is bounded by the picture, not by the box: hatches at pixel coordinates where a float stops advancing,
/// tiny and huge boxes, the limits that refuse the rest, and cancellation mid-draw and mid-encode.
/// </summary>
public sealed class BoundedDrawingTests
{
    private static readonly MapRenderer Renderer = MapRenderer.CreateDefault();

    [Theory]
    [InlineData(-1e12f, -1e12f, 1e12f, 1e12f, true)]
    [InlineData(-1e12f, -1e12f, 1e12f, 1e12f, false)]
    [InlineData(3e8f, -5f, 3e8f + 1e6f, 900f, true)]
    [InlineData(-2e9f, 300f, 700f, 2e9f, false)]
    public void Hatch_lines_at_huge_pixel_coordinates_advance_and_are_bounded_by_the_picture(float left, float top, float right, float bottom, bool forward)
    {
        var picture = new SKRect(0, 0, 1024, 768);
        const float spacing = 7;
        var lines = Hatching.Lines(new SKRect(left, top, right, bottom), picture, spacing, forward).ToList();

        var visible = SKRect.Intersect(new SKRect(left, top, right, bottom), SKRect.Inflate(picture, 2, 2));
        var bound = visible.IsEmpty ? 0 : (visible.Width + visible.Height) / spacing + 2;
        Assert.InRange(lines.Count, 0, (int)Math.Ceiling(bound));
        // Every line is one grid step after the one before (x + y or x − y is constant along a line).
        var constants = lines.Select(l => forward ? (double)l.From.X + l.From.Y : (double)l.From.X - l.From.Y).ToList();
        for (var i = 1; i < constants.Count; i++)
        {
            Assert.Equal(spacing, constants[i] - constants[i - 1], 3);
        }
        if (!visible.IsEmpty)
        {
            Assert.True(lines.Count >= (int)((visible.Width + visible.Height) / spacing) - 2, $"only {lines.Count} lines hatch {visible}");
            Assert.All(lines, l => Assert.True(l.From.Y >= visible.Top - 0.01 && l.To.Y >= visible.Top - 0.01 && l.From.Y <= visible.Bottom + 0.01));
        }
    }

    [Fact]
    public void Hatch_outside_the_picture_draws_no_line()
    {
        Assert.Empty(Hatching.Lines(new SKRect(2e9f, 2e9f, 3e9f, 3e9f), new SKRect(0, 0, 512, 512), 7, true));
    }

    [Fact]
    public async Task A_zone_drawn_at_a_ten_billionth_of_a_degree_per_pixel_is_its_fill_colour_and_finishes()
    {
        // Below the renderer's limits on purpose: the drawing itself must cope with vertices ~10¹⁰ pixels away.
        var (zone, inside) = ZonePoint();
        var colour = MapStyle.Color(MapStyle.Default.Plan.Zones[(string)zone.Attributes["id"]]);
        var request = new MapRequest
        {
            Bbox = new Envelope(inside.X - 1.28e-8, inside.X + 1.28e-8, inside.Y - 1.28e-8, inside.Y + 1.28e-8),
            Crs = CrsId.Wgs84,
            Width = 256,
            Height = 256,
            Layers = ["plan"],
            Decorations = false,
        };
        using var bitmap = new SKBitmap(new SKImageInfo(256, 256, SKColorType.Rgba8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(bitmap))
        {
            var draw = Task.Run(() => new MapDrawing(Renderer, request, Scenes.Load(["plan"]), canvas, CancellationToken.None).Draw());
            // A generous bound that proves "does not hang" (WaitAsync throws TimeoutException).
            await draw.WaitAsync(TimeSpan.FromSeconds(30));
        }
        var paper = MapStyle.Color(MapStyle.Default.Background);
        var alpha = MapStyle.Default.Plan.ZoneOpacity;
        var expected = new SKColor(
            (byte)(paper.Red + (colour.Red - paper.Red) * alpha), (byte)(paper.Green + (colour.Green - paper.Green) * alpha),
            (byte)(paper.Blue + (colour.Blue - paper.Blue) * alpha));
        var dominant = Enumerable.Range(0, 64).SelectMany(y => Enumerable.Range(0, 64).Select(x => bitmap.GetPixel(x * 4, y * 4)))
            .GroupBy(p => p).OrderByDescending(g => g.Count()).First().Key;
        AssertNear(expected, dominant, "the zone's fill");
    }

    [Theory]
    [InlineData("EPSG:3857")]
    [InlineData("EPSG:4326")]
    [InlineData("EPSG:4544")]
    public void A_box_at_the_finest_resolution_draws_and_a_finer_one_is_refused_naming_the_limit(string code)
    {
        var crs = CrsId.Parse(code);
        var (_, inside) = ZonePoint();
        var (x, y) = CoordinateTransformer.Transform(inside.X, inside.Y, CrsId.Wgs84, crs);
        var half = MapLimits.MinUnitsPerPixel(crs) * 1024 / 2;
        var request = new MapRequest
        {
            Bbox = new Envelope(x - half, x + half, y - half, y + half),
            Crs = crs,
            Width = 1024,
            Height = 1024,
            Layers = MapLayers.All,
        };
        using var bitmap = SKBitmap.Decode(Renderer.RenderPng(request, Scenes.Load(MapLayers.All, new CoverageTheme("kindergarten", "5min"))));
        Assert.Equal((1024, 1024), (bitmap.Width, bitmap.Height));

        var finer = request with { Bbox = new Envelope(x - half / 3, x + half / 3, y - half / 3, y + half / 3) };
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Renderer.RenderPng(finer, Scenes.Load(["plan"])));
        Assert.Contains("finest allowed", e.Message, StringComparison.Ordinal);
        Assert.Contains(crs.IsGeographic ? "1E-07°" : "0.01 m", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("EPSG:3857", -20037508.34, -20037508.34, 20037508.34, 20037508.34)]
    [InlineData("EPSG:4326", -180, -90, 180, 90)]
    [InlineData("EPSG:4544", 0, -1_000_000, 1_000_000, 8_000_000)]
    public void The_whole_drawable_extent_draws(string code, double minX, double minY, double maxX, double maxY)
    {
        var request = new MapRequest
        {
            Bbox = new Envelope(minX, maxX, minY, maxY),
            Crs = CrsId.Parse(code),
            Width = 1024,
            Height = 768,
            Layers = MapLayers.All,
        };
        using var bitmap = SKBitmap.Decode(Renderer.RenderPng(request, Scenes.Load(MapLayers.All, new CoverageTheme("kindergarten", "5min"))));
        Assert.Equal((1024, 768), (bitmap.Width, bitmap.Height));
    }

    [Theory]
    [InlineData("EPSG:4544", 0, 0, 1e12, 1e12)]
    [InlineData("EPSG:4544", -1e300, -1e300, 1e300, 1e300)]
    [InlineData("EPSG:3857", 0, 0, 1e12, 1e12)]
    [InlineData("EPSG:4326", -200, -100, 400, 100)]
    public void A_box_outside_the_drawable_extent_is_refused_naming_it(string code, double minX, double minY, double maxX, double maxY)
    {
        var request = new MapRequest
        {
            Bbox = new Envelope(minX, maxX, minY, maxY),
            Crs = CrsId.Parse(code),
            Width = 512,
            Height = 512,
            Layers = ["plan"],
        };
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Renderer.RenderPng(request, Scenes.Load(["plan"])));
        Assert.Contains($"in {code} the box must lie within", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cancelled_token_stops_a_4096_pixel_coverage_render_mid_draw()
    {
        var request = Scenes.Request(MapExtent.ForReport(Scenes.Street), MapRequest.MaxSize, MapRequest.MaxSize, MapLayers.All);
        var data = Scenes.Load(MapLayers.All, new CoverageTheme("kindergarten", "5min"));
        using var cancellation = new CancellationTokenSource();
        var watch = Stopwatch.StartNew();
        var stopped = new TaskCompletionSource<(Exception? Error, TimeSpan At)>(TaskCreationOptions.RunContinuationsAsynchronously);
        // Own threads, not the thread pool, which other test classes may keep busy.
        var renderer = new Thread(() =>
        {
            try
            {
                Renderer.RenderPng(request, data, cancellation.Token);
                stopped.SetResult((null, watch.Elapsed));
            }
            catch (Exception e)
            {
                stopped.SetResult((e, watch.Elapsed));
            }
        });
        var cancelledAt = TimeSpan.Zero;
        var finishedFirst = false;
        // Once the render is under way (the whole picture takes about a second of CPU): the token fires on a timer,
        // and records whether the render had already finished (then the test proves nothing, and says so below).
        using var registration = cancellation.Token.Register(() =>
        {
            finishedFirst = stopped.Task.IsCompleted;
            cancelledAt = watch.Elapsed;
        });
        renderer.Start();
        cancellation.CancelAfter(TimeSpan.FromMilliseconds(150));
        var (error, at) = await stopped.Task.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.False(finishedFirst, "the render finished before it could be cancelled; the test proves nothing");
        var thrown = Assert.IsAssignableFrom<OperationCanceledException>(error);
        Assert.Equal(cancellation.Token, thrown.CancellationToken);
        // A generous bound (the machine is shared): without the checks the render runs to its end.
        Assert.True(at - cancelledAt < TimeSpan.FromSeconds(2), $"the render stopped {(at - cancelledAt).TotalMilliseconds:F0} ms after the cancellation");
    }

    [Fact]
    public void A_token_cancelled_before_the_draw_draws_nothing()
    {
        var request = Scenes.Request(Scenes.Street, 512, 512, MapLayers.All);
        Assert.ThrowsAny<OperationCanceledException>(() => Renderer.RenderPng(request, Scenes.Load(MapLayers.All), new CancellationToken(true)));
    }

    [Fact]
    public void The_encoder_stops_at_its_next_write_once_the_token_is_cancelled()
    {
        using var bitmap = new SKBitmap(new SKImageInfo(1024, 1024, SKColorType.Rgba8888, SKAlphaType.Premul));
        bitmap.Erase(SKColors.Coral);
        using var pixels = bitmap.PeekPixels();
        using (var open = new EncodedBuffer(16, CancellationToken.None))
        {
            using var decoded = SKBitmap.Decode(open.ToArray(pixels.Encode(open, new SKPngEncoderOptions(SKPngEncoderFilterFlags.Paeth, 6))));
            Assert.Equal(SKColors.Coral, decoded.GetPixel(512, 512));
        }
        using var cancelled = new EncodedBuffer(16, new CancellationToken(true));
        var encoded = pixels.Encode(cancelled, new SKPngEncoderOptions(SKPngEncoderFilterFlags.Paeth, 6));
        Assert.False(encoded, "the PNG encoder went on after a refused write");
        Assert.ThrowsAny<OperationCanceledException>(() => cancelled.ToArray(encoded));
    }

    /// <summary>A plan zone and a point well inside it that no other plan feature covers.</summary>
    private static (NetTopologySuite.Features.IFeature Zone, Point Inside) ZonePoint()
    {
        var plan = Scenes.Store.Dataset.Layers["plan"];
        var zone = plan.First(f => (string)f.Attributes["kind"] == "zone");
        var others = UnaryUnionOp.Union(plan.Where(f => f != zone).Select(f => f.Geometry.Buffer(0.001)).ToList());
        var free = zone.Geometry.Buffer(-0.002).Difference(others);
        return (zone, free.InteriorPoint);
    }

    private static void AssertNear(SKColor expected, SKColor actual, string what)
    {
        var distance = Math.Abs(expected.Red - actual.Red) + Math.Abs(expected.Green - actual.Green) + Math.Abs(expected.Blue - actual.Blue);
        Assert.True(distance < 24, $"{what}: expected about {expected}, found {actual}");
    }
}
