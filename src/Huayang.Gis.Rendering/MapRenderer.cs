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
/// Thread-safe: every call draws on its own surface. The same request and data give the same bytes on the same
/// machine (the golden-image tests rely on it). Labels are placed greedily by priority (plan, communities, water,
/// sites, roads) and a label that would overlap one already placed, or the legend, is left out.
/// </remarks>
public sealed class MapRenderer(CjkFonts fonts, MapStyle style)
{
    /// <summary>A renderer with the system's Noto Sans CJK and the bundled style table.</summary>
    /// <exception cref="MissingFontException">fonts-noto-cjk is not installed.</exception>
    public static MapRenderer CreateDefault() => new(CjkFonts.Installed, MapStyle.Default);

    public MapStyle Style { get; } = style;

    internal CjkFonts Fonts { get; } = fonts;

    /// <summary>Draws the request and encodes it as PNG.</summary>
    /// <exception cref="ArgumentException">A size outside 1..<see cref="MapRequest.MaxSize"/>, an empty box, an unknown layer or CRS, or a fill attribute that is not numeric.</exception>
    public byte[] RenderPng(MapRequest request, MapData data)
    {
        using var bitmap = Render(request, data, out _);
        using var pixels = bitmap.PeekPixels();
        using var encoded = pixels.Encode(PngOptions) ?? throw new InvalidOperationException("PNG encoding failed");
        return encoded.ToArray();
    }

    /// <summary>
    /// Paeth on every row at zlib's default level: libpng's default tries all five filters on each row, which took
    /// most of a draw's time; Paeth alone is about a third faster and gives a slightly smaller file for map pictures.
    /// </summary>
    private static readonly SKPngEncoderOptions PngOptions = new(SKPngEncoderFilterFlags.Paeth, 6);

    /// <summary>Draws the request and encodes it as JPEG (for WMS clients that ask for it; transparency is lost).</summary>
    /// <exception cref="ArgumentException">As <see cref="RenderPng"/>.</exception>
    public byte[] RenderJpeg(MapRequest request, MapData data, int quality = 90) => Encode(request, data, SKEncodedImageFormat.Jpeg, quality);

    private byte[] Encode(MapRequest request, MapData data, SKEncodedImageFormat format, int quality)
    {
        using var bitmap = Render(request, data, out _);
        using var image = SKImage.FromBitmap(bitmap);
        using var encoded = image.Encode(format, quality);
        return encoded.ToArray();
    }

    /// <summary>Draws the request; <paramref name="labels"/> are the boxes of the labels placed (pixels).</summary>
    internal SKBitmap Render(MapRequest request, MapData data, out IReadOnlyList<SKRect> labels)
    {
        Validate(request);
        var bitmap = new SKBitmap(new SKImageInfo(request.Width, request.Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        try
        {
            using var canvas = new SKCanvas(bitmap);
            var drawing = new MapDrawing(this, request, data, canvas);
            drawing.Draw();
            labels = drawing.PlacedLabels;
            return bitmap;
        }
        catch
        {
            bitmap.Dispose();
            throw;
        }
    }

    private static void Validate(MapRequest request)
    {
        if (request.Width is < 1 or > MapRequest.MaxSize || request.Height is < 1 or > MapRequest.MaxSize)
        {
            throw new ArgumentException($"width and height must be 1 to {MapRequest.MaxSize} pixels, not {request.Width}×{request.Height}", nameof(request));
        }
        if (request.Bbox.IsNull || !(request.Bbox.Width > 0) || !(request.Bbox.Height > 0)
            || !double.IsFinite(request.Bbox.MinX) || !double.IsFinite(request.Bbox.MaxX) || !double.IsFinite(request.Bbox.MinY) || !double.IsFinite(request.Bbox.MaxY))
        {
            throw new ArgumentException("the box must have a positive, finite width and height", nameof(request));
        }
        if (!MapLayers.Crss.Contains(request.Crs))
        {
            throw new ArgumentException($"cannot draw in {request.Crs.Code}; supported: {string.Join(", ", MapLayers.Crss.Select(c => c.Code))}", nameof(request));
        }
        if (request.Layers.FirstOrDefault(l => !MapLayers.All.Contains(l, StringComparer.Ordinal)) is { } unknown)
        {
            throw new ArgumentException($"unknown layer \"{unknown}\"; drawable: {string.Join(", ", MapLayers.All)}", nameof(request));
        }
    }
}
