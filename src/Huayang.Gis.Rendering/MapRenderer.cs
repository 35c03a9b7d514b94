using Huayang.Gis.Rendering.Drawing;
using Huayang.Gis.Rendering.Styles;
using Huayang.Gis.Rendering.Text;
using SkiaSharp;

namespace Huayang.Gis.Rendering;

/// <summary>
/// Draws map pictures of the Huayang layers to PNG with SkiaSharp: communities (plain, by a numeric attribute or by
/// coverage), water and roads as context, the plan's one axis, two points, one belt and three zones, sites by
/// category (planned ones hollow), labels in Chinese with English below, and — unless turned off — a title,
/// legend, scale bar in metres, north arrow and the attribution line stating that the data is illustrative.
/// </summary>
/// <remarks>
/// Thread-safe: every call draws on its own surface. Memory per picture: one bitmap of width × height × 4 bytes
/// (64 MiB at 4096 × 4096) and the encoded bytes; no other full-size copy is made. Drawing is clipped to the picture,
/// so its time is bounded by the pixels and the data's vertices whatever the box (see <see cref="MapLimits"/> for the
/// boxes accepted). The cancellation token is checked per layer, feature, ring, hatch line and label candidate, and
/// between the encoder's writes, so an abandoned picture stops within milliseconds. The same request and data give the same bytes on the same
/// machine (the golden-image tests rely on it). Labels are placed greedily by priority (plan, communities, water,
/// sites, roads) and a label that would overlap one already placed, or the legend, is left out.
/// </remarks>
public sealed class MapRenderer
{
    internal MapRenderer(CjkFonts fonts, MapStyle style)
    {
        Fonts = fonts;
        Style = style;
    }

    /// <summary>A renderer with the system's Noto Sans CJK and the bundled style table.</summary>
    /// <exception cref="MissingFontException">fonts-noto-cjk is not installed.</exception>
    public static MapRenderer CreateDefault() => new(CjkFonts.Installed, MapStyle.Default);

    /// <summary>The JSON text of the bundled style table (<c>Styles/map-style.json</c>), for clients that mirror it.</summary>
    public static string DefaultStyleJson => MapStyle.DefaultJson;

    internal MapStyle Style { get; }

    internal CjkFonts Fonts { get; }

    /// <summary>Draws the request and encodes it as PNG.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The box is outside <see cref="MapLimits"/> (the message names the limit).</exception>
    /// <exception cref="ArgumentException">A size outside 1..<see cref="MapRequest.MaxSize"/>, an empty box, an unknown layer or CRS, or a fill attribute that is not numeric.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public byte[] RenderPng(MapRequest request, MapData data, CancellationToken cancellationToken = default)
    {
        using var bitmap = Render(request, data, out _, cancellationToken);
        using var pixels = bitmap.PeekPixels();
        // A map picture compresses to a few per cent of its pixels' bytes.
        using var buffer = new EncodedBuffer(request.Width * request.Height / 8, cancellationToken);
        return buffer.ToArray(pixels.Encode(buffer, PngOptions));
    }

    /// <summary>
    /// <see cref="RenderPng"/> (or <see cref="RenderJpeg"/> when <paramref name="jpeg"/>) on a thread of its own rather
    /// than the thread pool's, for servers: a 4096 × 4096 picture is about a second of CPU, and a few of them on pool
    /// threads starve the pool that must run the socket callback which notices that a client has gone (and so
    /// cancels <paramref name="cancellationToken"/>).
    /// </summary>
    /// <exception cref="ArgumentException">As <see cref="RenderPng"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public Task<byte[]> RenderAsync(MapRequest request, MapData data, bool jpeg, CancellationToken cancellationToken) =>
        Task.Factory.StartNew(
            () => jpeg ? RenderJpeg(request, data, cancellationToken: cancellationToken) : RenderPng(request, data, cancellationToken),
            cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>
    /// Paeth on every row at zlib's default level: libpng's default tries all five filters on each row, which took
    /// most of a draw's time; Paeth alone is about a third faster and gives a slightly smaller file for map pictures.
    /// </summary>
    private static readonly SKPngEncoderOptions PngOptions = new(SKPngEncoderFilterFlags.Paeth, 6);

    /// <summary>Draws the request and encodes it as JPEG (for WMS clients that ask for it; transparency is lost).</summary>
    /// <exception cref="ArgumentException">As <see cref="RenderPng"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public byte[] RenderJpeg(MapRequest request, MapData data, int quality = 90, CancellationToken cancellationToken = default)
    {
        using var bitmap = Render(request, data, out _, cancellationToken);
        // Encoded from the bitmap's own pixels: SKImage.FromBitmap would copy a mutable bitmap first.
        using var pixels = bitmap.PeekPixels();
        using var buffer = new EncodedBuffer(request.Width * request.Height / 8, cancellationToken);
        return buffer.ToArray(pixels.Encode(buffer, new SKJpegEncoderOptions(quality)));
    }

    /// <summary>
    /// The legend of the request's layers alone, as a PNG of its own size (WMS GetLegendGraphic): the rows the map of
    /// the request's box would show, Chinese and English, at the size of a 1100-pixel map's legend.
    /// </summary>
    /// <exception cref="ArgumentException">As <see cref="RenderPng"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public byte[] RenderLegendPng(MapRequest request, MapData data, CancellationToken cancellationToken = default)
    {
        // The painters add the rows while they draw: the map is drawn small, without decorations, and thrown away.
        using var scratch = Render(request with { Decorations = false }, data, out _, out var rows, cancellationToken);
        using var legend = Decorations.LegendPicture(Fonts, Style, rows, 1f);
        using var pixels = legend.PeekPixels();
        using var buffer = new EncodedBuffer(legend.Width * legend.Height / 4, cancellationToken);
        return buffer.ToArray(pixels.Encode(buffer, PngOptions));
    }

    /// <summary>Draws the request; <paramref name="labels"/> are the boxes of the labels placed (pixels).</summary>
    internal SKBitmap Render(MapRequest request, MapData data, out IReadOnlyList<SKRect> labels, CancellationToken cancellationToken = default) =>
        Render(request, data, out labels, out _, cancellationToken);

    private SKBitmap Render(
        MapRequest request, MapData data, out IReadOnlyList<SKRect> labels, out IReadOnlyList<LegendRow> legend, CancellationToken cancellationToken)
    {
        Validate(request, data);
        cancellationToken.ThrowIfCancellationRequested();
        var bitmap = new SKBitmap(new SKImageInfo(request.Width, request.Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        try
        {
            using var canvas = new SKCanvas(bitmap);
            var drawing = new MapDrawing(this, request, data, canvas, cancellationToken);
            drawing.Draw();
            cancellationToken.ThrowIfCancellationRequested();
            labels = drawing.PlacedLabels;
            legend = drawing.LegendRows;
            return bitmap;
        }
        catch
        {
            bitmap.Dispose();
            throw;
        }
    }

    private static void Validate(MapRequest request, MapData data)
    {
        if (request.Width is < 1 or > MapRequest.MaxSize || request.Height is < 1 or > MapRequest.MaxSize)
        {
            throw new ArgumentException($"width and height must be 1 to {MapRequest.MaxSize} pixels, not {request.Width}×{request.Height}", nameof(request));
        }
        if (!MapLayers.Crss.Contains(request.Crs))
        {
            throw new ArgumentException($"cannot draw in {request.Crs.Code}; supported: {string.Join(", ", MapLayers.Crss.Select(c => c.Code))}", nameof(request));
        }
        if (MapLimits.Problem(request.Bbox, request.Crs, request.Width, request.Height) is { } problem)
        {
            throw new ArgumentOutOfRangeException(nameof(request), problem);
        }
        var drawable = MapLayers.Of(data.Registry);
        if (request.Layers.FirstOrDefault(l => !drawable.Contains(l, StringComparer.Ordinal)) is { } unknown)
        {
            throw new ArgumentException($"unknown layer \"{unknown}\"; drawable: {string.Join(", ", drawable)}", nameof(request));
        }
    }
}
