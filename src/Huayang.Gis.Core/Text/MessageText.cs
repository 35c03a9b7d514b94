namespace Huayang.Gis.Core.Text;

/// <summary>How a value given by a user or read from a file is quoted in an error message.</summary>
public static class MessageText
{
    /// <summary>The most characters of a value a message shows.</summary>
    public const int MaxShown = 80;

    /// <summary>The value, cut to <see cref="MaxShown"/> characters with "…" when longer (null stays null).</summary>
    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(text))]
    public static string? Shorten(string? text) =>
        text is null || text.Length <= MaxShown ? text : string.Concat(text.AsSpan(0, MaxShown), "…");
}
