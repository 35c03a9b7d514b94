namespace Huayang.Gis.Core.Filtering;

/// <summary>
/// SQL LIKE over Unicode code points, as PostgreSQL matches it: <c>%</c> any run of characters (also none),
/// <c>_</c> exactly one, a backslash makes the next character literal; case-sensitive. Matching is dynamic
/// programming, O(pattern × text) time and O(pattern) space, never backtracking.
/// </summary>
public static class LikePattern
{
    private const int AnyRun = -1;
    private const int AnyOne = -2;

    /// <summary>False when the pattern ends with an escaping backslash that has nothing to escape.</summary>
    public static bool IsWellFormed(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var trailing = 0;
        for (var i = pattern.Length - 1; i >= 0 && pattern[i] == '\\'; i--)
        {
            trailing++;
        }
        return trailing % 2 == 0;
    }

    /// <summary>True when <paramref name="text"/> matches the whole of <paramref name="pattern"/>.</summary>
    /// <param name="asciiCaseInsensitive">ILIKE: A–Z match a–z (only ASCII letters fold, as PostgreSQL's <c>lower()</c> under <c>COLLATE "C"</c>).</param>
    /// <exception cref="ArgumentException">The pattern is not well formed.</exception>
    public static bool Matches(string text, string pattern, bool asciiCaseInsensitive = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = Tokens(pattern);
        var runes = CodePoints(text);
        if (asciiCaseInsensitive)
        {
            Fold(tokens);
            Fold(runes);
        }
        // reached[j]: the first j tokens can match the text read so far.
        var reached = new bool[tokens.Count + 1];
        var next = new bool[tokens.Count + 1];
        reached[0] = true;
        for (var j = 1; j <= tokens.Count && tokens[j - 1] == AnyRun; j++)
        {
            reached[j] = true;
        }
        foreach (var rune in runes)
        {
            Array.Clear(next);
            var any = false;
            for (var j = 1; j <= tokens.Count; j++)
            {
                var token = tokens[j - 1];
                next[j] = token == AnyRun
                    ? next[j - 1] || reached[j]
                    : reached[j - 1] && (token == AnyOne || token == rune);
                any |= next[j];
            }
            (reached, next) = (next, reached);
            if (!any)
            {
                return false;
            }
        }
        return reached[tokens.Count];
    }

    private static List<int> Tokens(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        if (!IsWellFormed(pattern))
        {
            throw new ArgumentException("the LIKE pattern ends with a lone backslash", nameof(pattern));
        }
        var tokens = new List<int>(pattern.Length);
        var escaped = false;
        foreach (var rune in pattern.EnumerateRunes())
        {
            if (escaped)
            {
                tokens.Add(rune.Value);
                escaped = false;
            }
            else if (rune.Value == '\\')
            {
                escaped = true;
            }
            else if (rune.Value == '%')
            {
                // Consecutive runs are one run.
                if (tokens.Count == 0 || tokens[^1] != AnyRun)
                {
                    tokens.Add(AnyRun);
                }
            }
            else
            {
                tokens.Add(rune.Value == '_' ? AnyOne : rune.Value);
            }
        }
        return tokens;
    }

    private static void Fold(List<int> codePoints)
    {
        for (var i = 0; i < codePoints.Count; i++)
        {
            if (codePoints[i] is >= 'A' and <= 'Z')
            {
                codePoints[i] += 'a' - 'A';
            }
        }
    }

    private static List<int> CodePoints(string text)
    {
        var runes = new List<int>(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            runes.Add(rune.Value);
        }
        return runes;
    }

    /// <summary>Compares by Unicode code point (UTF-8 byte order, PostgreSQL's <c>COLLATE "C"</c> on UTF-8).</summary>
    public static int CompareCodePoints(string? a, string? b)
    {
        if (a is null || b is null)
        {
            return a is null ? (b is null ? 0 : -1) : 1;
        }
        var left = a.EnumerateRunes();
        var right = b.EnumerateRunes();
        while (true)
        {
            var hasLeft = left.MoveNext();
            var hasRight = right.MoveNext();
            if (!hasLeft || !hasRight)
            {
                return hasLeft ? 1 : hasRight ? -1 : 0;
            }
            var order = left.Current.Value.CompareTo(right.Current.Value);
            if (order != 0)
            {
                return order;
            }
        }
    }
}
