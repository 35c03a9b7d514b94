using SkiaSharp;

namespace Huayang.Gis.Rendering.Text;

/// <summary>One line of a label: text, face, size and colour.</summary>
internal sealed record LabelLine(string Text, SKTypeface Face, float Size, SKColor Color);

/// <summary>A label to place at <see cref="Anchor"/>; lower <see cref="Priority"/> is placed first.</summary>
/// <param name="Offset">Pixels between a point symbol and the label; 0 centres the label on the anchor.</param>
internal sealed record LabelCandidate(int Priority, SKPoint Anchor, IReadOnlyList<LabelLine> Lines, float Offset = 0);

/// <summary>
/// Greedy label placement: candidates in priority order (then in the order given), each tried centred (areas)
/// or right, left, above and below its point; a label is drawn in the first position whose box lies inside the
/// picture and overlaps no label or obstacle already placed, and is skipped otherwise. A candidate without text
/// (no lines, or only empty ones) is skipped and takes no room.
/// </summary>
internal sealed class LabelPlacer(int width, int height)
{
    private readonly List<SKRect> _taken = [];
    private readonly List<LabelCandidate> _candidates = [];

    /// <summary>The boxes of the labels drawn, for tests and debugging.</summary>
    public List<SKRect> Placed { get; } = [];

    /// <summary>Keeps labels off a box (legend, title, scale bar).</summary>
    public void AddObstacle(SKRect box) => _taken.Add(box);

    public void Add(LabelCandidate candidate) => _candidates.Add(candidate);

    public void Draw(SKCanvas canvas, SKColor halo, float haloWidth, CancellationToken cancellationToken)
    {
        // One measuring and one drawing font per face and size, shared by all labels (a handful for a whole picture).
        var measuring = new Dictionary<(SKTypeface, float), SKFont>();
        var drawing = new Dictionary<(SKTypeface, float), SKFont>();
        using var stroke = new SKPaint { Color = halo, Style = SKPaintStyle.Stroke, StrokeWidth = haloWidth, StrokeJoin = SKStrokeJoin.Round, IsAntialias = true };
        using var fill = new SKPaint { IsAntialias = true };
        try
        {
            Place(canvas, measuring, drawing, stroke, fill, cancellationToken);
        }
        finally
        {
            foreach (var font in measuring.Values.Concat(drawing.Values))
            {
                font.Dispose();
            }
        }
    }

    private void Place(
        SKCanvas canvas, Dictionary<(SKTypeface, float), SKFont> measuring, Dictionary<(SKTypeface, float), SKFont> drawing, SKPaint stroke, SKPaint fill,
        CancellationToken cancellationToken)
    {
        foreach (var candidate in _candidates.Select((c, i) => (c, i)).OrderBy(x => x.c.Priority).ThenBy(x => x.i).Select(x => x.c))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (candidate.Lines.All(line => line.Text.Length == 0))
            {
                // Nothing to draw (a feature without a name): it must not keep other labels off its place.
                continue;
            }
            var sizes = candidate.Lines.Select(line => Measure(line, measuring)).ToList();
            var w = sizes.Max(s => s.Width);
            var h = sizes.Sum(s => s.Height);
            foreach (var box in Positions(candidate, w, h))
            {
                var padded = SKRect.Inflate(box, 2, 1);
                if (padded.Left < 0 || padded.Top < 0 || padded.Right > width || padded.Bottom > height
                    || _taken.Any(t => t.IntersectsWith(padded)))
                {
                    continue;
                }
                _taken.Add(padded);
                Placed.Add(box);
                DrawLines(canvas, candidate.Lines, sizes, box, drawing, stroke, fill);
                break;
            }
        }
    }

    private static IEnumerable<SKRect> Positions(LabelCandidate c, float w, float h)
    {
        var (x, y) = (c.Anchor.X, c.Anchor.Y);
        if (c.Offset == 0)
        {
            yield return new SKRect(x - w / 2, y - h / 2, x + w / 2, y + h / 2);
            yield return new SKRect(x - w / 2, y - h / 2 - h * 0.6f, x + w / 2, y + h / 2 - h * 0.6f);
            yield return new SKRect(x - w / 2, y - h / 2 + h * 0.6f, x + w / 2, y + h / 2 + h * 0.6f);
            yield break;
        }
        var o = c.Offset;
        yield return new SKRect(x + o, y - h / 2, x + o + w, y + h / 2);
        yield return new SKRect(x - o - w, y - h / 2, x - o, y + h / 2);
        yield return new SKRect(x - w / 2, y - o - h, x + w / 2, y - o);
        yield return new SKRect(x - w / 2, y + o, x + w / 2, y + o + h);
    }

    private static SKSize Measure(LabelLine line, Dictionary<(SKTypeface, float), SKFont> fonts)
    {
        if (!fonts.TryGetValue((line.Face, line.Size), out var font))
        {
            font = new SKFont(line.Face, line.Size);
            fonts.Add((line.Face, line.Size), font);
        }
        return new SKSize(font.MeasureText(line.Text), line.Size * 1.25f);
    }

    private static void DrawLines(
        SKCanvas canvas, IReadOnlyList<LabelLine> lines, List<SKSize> sizes, SKRect box, Dictionary<(SKTypeface, float), SKFont> fonts, SKPaint stroke, SKPaint fill)
    {
        var y = box.Top;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (!fonts.TryGetValue((line.Face, line.Size), out var font))
            {
                font = new SKFont(line.Face, line.Size) { Subpixel = true, Edging = SKFontEdging.Antialias };
                fonts.Add((line.Face, line.Size), font);
            }
            var baseline = y + sizes[i].Height / 2 + line.Size * 0.36f;
            var x = box.MidX;
            canvas.DrawText(line.Text, x, baseline, SKTextAlign.Center, font, stroke);
            fill.Color = line.Color;
            canvas.DrawText(line.Text, x, baseline, SKTextAlign.Center, font, fill);
            y += sizes[i].Height;
        }
    }
}
