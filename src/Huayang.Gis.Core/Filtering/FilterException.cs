namespace Huayang.Gis.Core.Filtering;

/// <summary>
/// A filter or <c>sortby</c> that cannot be used: it does not parse, names an unknown property, compares values of
/// different types or exceeds a limit (<see cref="FilterLimits"/>). The message is plain English and names the
/// position; a server answers 400.
/// </summary>
public sealed class FilterException : Exception
{
    public FilterException(string problem, int position, string? path = null)
        : base(path is null
            ? $"{problem} at position {position}"
            : $"{problem} at {(path.Length == 0 ? "the top of the JSON" : path)} (position {position})")
    {
        Problem = problem;
        Position = position;
        Path = path;
    }

    /// <summary>What is wrong, without the position.</summary>
    public string Problem { get; }

    /// <summary>Where, counted in UTF-16 characters from 1 (the first character is position 1).</summary>
    public int Position { get; }

    /// <summary>For CQL2 JSON, the JSON Pointer of the offending value (<c>/args/1</c>); null for text.</summary>
    public string? Path { get; }

    /// <summary>The text with <c>⟨here⟩</c> inserted before the character at <see cref="Position"/>.</summary>
    public string Marked(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var index = Math.Clamp(Position - 1, 0, text.Length);
        return string.Concat(text.AsSpan(0, index), "⟨here⟩", text.AsSpan(index));
    }
}

/// <summary>The limits a filter must keep, against hostile input; each refusal names the limit.</summary>
public static class FilterLimits
{
    /// <summary>The longest filter, in UTF-8 bytes (16 KB).</summary>
    public const int MaxTextBytes = 16 * 1024;

    /// <summary>The most operators, properties and literals in one filter.</summary>
    public const int MaxNodes = 256;

    /// <summary>The deepest nesting of operators.</summary>
    public const int MaxDepth = 32;

    /// <summary>The most coordinates in all geometry literals together.</summary>
    public const int MaxCoordinates = 10_000;

    /// <summary>The most values in one IN list.</summary>
    public const int MaxInValues = 1_000;

    /// <summary>The longest LIKE pattern, in characters.</summary>
    public const int MaxLikePattern = 500;

    /// <summary>The largest S_DWITHIN distance, in metres (100 km).</summary>
    public const double MaxDistanceMetres = 100_000;
}
