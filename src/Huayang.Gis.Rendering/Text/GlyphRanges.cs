using System.Collections.Concurrent;
using SkiaSharp;

namespace Huayang.Gis.Rendering.Text;

/// <summary>
/// Glyph ranges for MapLibre and Mapbox GL clients (<c>glyphs</c> URL of a style): 256 code points of Noto Sans CJK
/// SC as signed distance fields at 24 px with a 3 px border, in the protocol-buffer layout those clients read
/// (<c>glyphs { fontstack { name, range, glyph { id, bitmap, width, height, left, top, advance } } }</c>). A range
/// is made once per process (about 0.1 s) and kept; code points the font lacks are left out.
/// </summary>
public static class GlyphRanges
{
    /// <summary>The font stacks served, by the names a style's <c>text-font</c> uses.</summary>
    public static IReadOnlyList<string> FontStacks { get; } = [Regular, Bold];

    /// <summary>The regular face's font-stack name.</summary>
    public const string Regular = "Noto Sans CJK SC Regular";

    /// <summary>The bold face's font-stack name.</summary>
    public const string Bold = "Noto Sans CJK SC Bold";

    private const int Size = 24;
    private const int Border = 3;
    private const double Radius = 8;
    private const double Cutoff = 0.25;

    /// <summary>Kept ranges: at most 2 faces × 256 ranges, each some 100 KB at most.</summary>
    private static readonly ConcurrentDictionary<(string, int), Lazy<byte[]>> Made = new();

    /// <summary>The range of 256 code points from <paramref name="start"/> (a multiple of 256, at most 65,280).</summary>
    /// <exception cref="ArgumentException">An unknown font stack or a start that is not a range's.</exception>
    /// <exception cref="MissingFontException">fonts-noto-cjk is not installed.</exception>
    public static byte[] Range(string fontStack, int start)
    {
        if (!FontStacks.Contains(fontStack, StringComparer.Ordinal))
        {
            throw new ArgumentException($"unknown font stack \"{fontStack}\"; served: {string.Join(", ", FontStacks)}", nameof(fontStack));
        }
        if (start < 0 || start > 65280 || start % 256 != 0)
        {
            throw new ArgumentException($"a range starts at a multiple of 256 from 0 to 65280, not {start}", nameof(start));
        }
        var fonts = CjkFonts.Installed;
        return Made.GetOrAdd((fontStack, start), key => new Lazy<byte[]>(() =>
            Build(key.Item1, key.Item2, key.Item1 == Bold ? fonts.Bold : fonts.Regular))).Value;
    }

    private static byte[] Build(string name, int start, SKTypeface face)
    {
        var stack = new ProtoWriter();
        stack.String(1, name);
        stack.String(2, $"{start}-{start + 255}");
        using var font = new SKFont(face, Size) { Edging = SKFontEdging.Antialias, Hinting = SKFontHinting.None, Subpixel = true };
        for (var code = start; code <= start + 255; code++)
        {
            if (code is >= 0xD800 and <= 0xDFFF || font.GetGlyph(code) == 0)
            {
                continue;
            }
            stack.Message(3, Glyph(font, code));
        }
        var root = new ProtoWriter();
        root.Message(1, stack);
        return root.ToArray();
    }

    private static ProtoWriter Glyph(SKFont font, int code)
    {
        var glyph = font.GetGlyph(code);
        var advance = font.GetGlyphWidths([glyph], out var bounds)[0];
        var box = bounds[0];
        var width = box.IsEmpty ? 0 : (int)Math.Ceiling(box.Right) - (int)Math.Floor(box.Left);
        var height = box.IsEmpty ? 0 : (int)Math.Ceiling(box.Bottom) - (int)Math.Floor(box.Top);
        var left = box.IsEmpty ? 0 : (int)Math.Floor(box.Left);
        var ascent = box.IsEmpty ? 0 : -(int)Math.Floor(box.Top);
        var message = new ProtoWriter();
        message.UInt(1, (uint)code);
        if (width > 0 && height > 0)
        {
            message.Bytes(2, DistanceField(font, glyph, width, height, left, ascent));
        }
        message.UInt(3, (uint)width);
        message.UInt(4, (uint)height);
        message.SInt(5, left);
        // Measured from the top of a 24 px line as MapLibre places glyphs it draws itself (ascent − 27), so these and
        // the ideographs a browser draws locally share one baseline.
        message.SInt(6, ascent - 27);
        message.UInt(7, (uint)Math.Round(advance));
        return message;
    }

    /// <summary>The glyph's coverage turned into a signed distance field (Felzenszwalb and Huttenlocher's transform).</summary>
    private static byte[] DistanceField(SKFont font, ushort glyph, int width, int height, int left, int ascent)
    {
        var w = width + 2 * Border;
        var h = height + 2 * Border;
        using var bitmap = new SKBitmap(new SKImageInfo(w, h, SKColorType.Alpha8, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.Transparent);
            using var path = font.GetGlyphPath(glyph);
            using var paint = new SKPaint { Color = SKColors.Black, IsAntialias = true, Style = SKPaintStyle.Fill };
            canvas.Translate(Border - left, Border + ascent);
            canvas.DrawPath(path, paint);
        }
        var alpha = bitmap.GetPixelSpan();
        var outer = new double[w * h];
        var inner = new double[w * h];
        for (var i = 0; i < w * h; i++)
        {
            var a = alpha[i] / 255.0;
            if (a >= 1)
            {
                outer[i] = 0;
                inner[i] = double.MaxValue;
            }
            else if (a <= 0)
            {
                outer[i] = double.MaxValue;
                inner[i] = 0;
            }
            else
            {
                var d = 0.5 - a;
                outer[i] = d > 0 ? d * d : 0;
                inner[i] = d < 0 ? d * d : 0;
            }
        }
        Transform(outer, w, h);
        Transform(inner, w, h);
        var field = new byte[w * h];
        for (var i = 0; i < w * h; i++)
        {
            var distance = Math.Sqrt(outer[i]) - Math.Sqrt(inner[i]);
            field[i] = (byte)Math.Clamp(Math.Round(255 - 255 * (distance / Radius + Cutoff)), 0, 255);
        }
        return field;
    }

    /// <summary>Squared Euclidean distance transform of a grid, in place: columns, then rows.</summary>
    private static void Transform(double[] grid, int width, int height)
    {
        var n = Math.Max(width, height);
        var f = new double[n];
        var v = new int[n];
        var z = new double[n + 1];
        var d = new double[n];
        for (var x = 0; x < width; x++)
        {
            for (var y = 0; y < height; y++)
            {
                f[y] = grid[y * width + x];
            }
            Transform1D(f, height, v, z, d);
            for (var y = 0; y < height; y++)
            {
                grid[y * width + x] = d[y];
            }
        }
        for (var y = 0; y < height; y++)
        {
            Array.Copy(grid, y * width, f, 0, width);
            Transform1D(f, width, v, z, d);
            Array.Copy(d, 0, grid, y * width, width);
        }
    }

    private static void Transform1D(double[] f, int n, int[] v, double[] z, double[] d)
    {
        const double infinity = 1e20;
        v[0] = 0;
        z[0] = -infinity;
        z[1] = infinity;
        var k = 0;
        for (var q = 1; q < n; q++)
        {
            var fq = Math.Min(f[q], infinity);
            double s;
            do
            {
                var r = v[k];
                s = (fq - Math.Min(f[r], infinity) + (double)q * q - (double)r * r) / (2.0 * (q - r));
            }
            while (s <= z[k] && --k > -1);
            k++;
            v[k] = q;
            z[k] = s;
            z[k + 1] = infinity;
        }
        k = 0;
        for (var q = 0; q < n; q++)
        {
            while (z[k + 1] < q)
            {
                k++;
            }
            var r = v[k];
            d[q] = (double)(q - r) * (q - r) + Math.Min(f[r], infinity);
        }
    }

    /// <summary>The few protocol-buffer encodings a glyph range needs.</summary>
    private sealed class ProtoWriter
    {
        private readonly MemoryStream _bytes = new();

        public void UInt(int field, uint value)
        {
            Varint((uint)(field << 3));
            Varint(value);
        }

        /// <summary>A sint32: zigzag-encoded.</summary>
        public void SInt(int field, int value)
        {
            Varint((uint)(field << 3));
            Varint((uint)((value << 1) ^ (value >> 31)));
        }

        public void String(int field, string value) => Bytes(field, System.Text.Encoding.UTF8.GetBytes(value));

        public void Bytes(int field, byte[] value)
        {
            Varint((uint)((field << 3) | 2));
            Varint((uint)value.Length);
            _bytes.Write(value);
        }

        public void Message(int field, ProtoWriter message) => Bytes(field, message.ToArray());

        public byte[] ToArray() => _bytes.ToArray();

        private void Varint(uint value)
        {
            while (value >= 0x80)
            {
                _bytes.WriteByte((byte)(value | 0x80));
                value >>= 7;
            }
            _bytes.WriteByte((byte)value);
        }
    }
}
