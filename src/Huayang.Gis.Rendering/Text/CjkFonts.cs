using SkiaSharp;

namespace Huayang.Gis.Rendering.Text;

/// <summary>
/// The CJK typefaces the labels are drawn with: Noto Sans CJK SC (regular and bold) from the Debian package
/// <c>fonts-noto-cjk</c>, looked up by file name in the font directories. Never falls back to a font without
/// Chinese glyphs, which would draw empty boxes ("tofu").
/// </summary>
internal sealed class CjkFonts : IDisposable
{
    /// <summary>Where Debian and most Linux distributions put fonts.</summary>
    public static IReadOnlyList<string> SystemDirectories { get; } =
        ["/usr/share/fonts", "/usr/local/share/fonts", global::System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".fonts")];

    private const string Family = "Noto Sans CJK SC";
    private const string Probe = "华阳街道社区";

    private CjkFonts(SKTypeface regular, SKTypeface bold, string path)
    {
        Regular = regular;
        Bold = bold;
        Path = path;
    }

    public SKTypeface Regular { get; }

    public SKTypeface Bold { get; }

    /// <summary>The file the regular face came from.</summary>
    public string Path { get; }

    /// <summary>The fonts found under <see cref="SystemDirectories"/>, loaded once per process.</summary>
    /// <exception cref="MissingFontException">No Noto Sans CJK font is installed.</exception>
    public static CjkFonts Installed => LazyInstalled.Value;

    private static readonly Lazy<CjkFonts> LazyInstalled = new(() => Find(SystemDirectories));

    /// <summary>Finds <c>NotoSansCJK-Regular.ttc</c> (and the bold face, or the regular one again) under the directories.</summary>
    /// <exception cref="MissingFontException">No such font with Chinese glyphs is there.</exception>
    public static CjkFonts Find(IEnumerable<string> directories)
    {
        var searched = directories.ToList();
        var regular = Load(searched, "NotoSansCJK-Regular.ttc", "NotoSansCJKsc-Regular.otf", "NotoSansCJK-Regular.otf");
        if (regular is null)
        {
            throw new MissingFontException(searched);
        }
        var bold = Load(searched, "NotoSansCJK-Bold.ttc", "NotoSansCJKsc-Bold.otf", "NotoSansCJK-Bold.otf");
        return new CjkFonts(regular.Value.Face, bold?.Face ?? regular.Value.Face, regular.Value.Path);
    }

    public void Dispose()
    {
        if (!ReferenceEquals(Bold, Regular))
        {
            Bold.Dispose();
        }
        Regular.Dispose();
    }

    private static (SKTypeface Face, string Path)? Load(IReadOnlyList<string> directories, params string[] names)
    {
        foreach (var directory in directories.Where(Directory.Exists))
        {
            foreach (var name in names)
            {
                var file = Directory.EnumerateFiles(directory, name, SearchOption.AllDirectories).Order(StringComparer.Ordinal).FirstOrDefault();
                if (file is not null && Open(file) is { } face)
                {
                    return (face, file);
                }
            }
        }
        return null;
    }

    /// <summary>The Simplified Chinese face of a collection (or the only face of a font file), if it has the glyphs.</summary>
    private static SKTypeface? Open(string file)
    {
        SKTypeface? fallback = null;
        for (var index = 0; index < 16; index++)
        {
            var face = SKTypeface.FromFile(file, index);
            if (face is null)
            {
                break;
            }
            using var font = new SKFont(face);
            if (!font.ContainsGlyphs(Probe))
            {
                face.Dispose();
                continue;
            }
            if (string.Equals(face.FamilyName, Family, StringComparison.Ordinal))
            {
                fallback?.Dispose();
                return face;
            }
            if (fallback is null)
            {
                fallback = face;
            }
            else
            {
                face.Dispose();
            }
        }
        return fallback;
    }
}

/// <summary>No CJK font is installed: the message names the package to install.</summary>
public sealed class MissingFontException(IReadOnlyList<string> searched) : InvalidOperationException(
    $"No Chinese (CJK) font found: map labels need Noto Sans CJK (NotoSansCJK-Regular.ttc). "
    + $"Install the Debian package fonts-noto-cjk (apt-get install fonts-noto-cjk). Searched: {string.Join(", ", searched)}")
{
    public IReadOnlyList<string> Searched { get; } = searched;
}
