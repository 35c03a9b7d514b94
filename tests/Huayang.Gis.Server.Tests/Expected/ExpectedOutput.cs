using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Huayang.Gis.Tests;
using Huayang.Gis.Tests.Tiles;
using NetTopologySuite.IO;

namespace Huayang.Gis.Server.Tests.Expected;

/// <summary>
/// Compares output with a fixture under <c>tests/expected/</c> and shows a line diff on mismatch. With
/// <c>HUAYANG_REFRESH_EXPECTED=1</c> the fixture is rewritten instead (refused when <c>CI=true</c>); a missing
/// fixture is a failure that says how to create it.
/// </summary>
internal static class ExpectedOutput
{
    public const string RefreshVariable = "HUAYANG_REFRESH_EXPECTED";

    public static string Directory => Path.Combine(RepositoryRoot.Path, "tests", "expected");

    /// <summary>Requires <paramref name="actual"/> to equal the fixture at <paramref name="relativePath"/>, or rewrites it.</summary>
    public static void Match(string relativePath, string actual)
    {
        var path = Path.Combine(Directory, relativePath);
        var refresh = Environment.GetEnvironmentVariable(RefreshVariable) == "1";
        var ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        if (refresh)
        {
            Assert.False(ci, $"{RefreshVariable}=1 is refused under CI=true: fixtures are refreshed on a developer's machine and reviewed in the diff");
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual);
            return;
        }
        Assert.True(File.Exists(path), $"no fixture {path}; create it with {RefreshVariable}=1 (see tests/expected/README.md)");
        var expected = File.ReadAllText(path);
        if (!string.Equals(expected, actual, StringComparison.Ordinal))
        {
            Assert.Fail($"output differs from tests/expected/{relativePath} (- fixture, + now); if the change is intended, "
                + $"run the test with {RefreshVariable}=1 and review the fixture's diff\n{LineDiff.Show(expected, actual)}");
        }
    }

    /// <summary>
    /// A decoded MVT tile as text: one block per layer in the tile's order, its features sorted by id, properties
    /// sorted by key, geometry as WKT in tile units (integers, as encoded). Doubles are written with 10 significant digits.
    /// </summary>
    public static string MvtText(string request, byte[] tile)
    {
        var text = new StringBuilder();
        text.Append("# ").Append(request).Append('\n');
        var writer = new WKTWriter { MaxCoordinatesPerLine = int.MaxValue };
        foreach (var layer in MvtDecoder.Decode(tile))
        {
            text.Append(CultureInfo.InvariantCulture, $"layer {layer.Name} version={layer.Version} extent={layer.Extent} features={layer.Features.Count}\n");
            foreach (var feature in layer.Features
                .OrderBy(f => f.Id)
                .ThenBy(f => f.Properties.TryGetValue("id", out var id) ? id as string : null, StringComparer.Ordinal))
            {
                text.Append(CultureInfo.InvariantCulture, $"  feature {feature.Id}\n");
                foreach (var (key, value) in feature.Properties.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    text.Append("    ").Append(key).Append(" = ").Append(Value(value)).Append('\n');
                }
                text.Append("    ").Append(writer.Write(feature.Geometry)).Append('\n');
            }
        }
        return text.ToString();
    }

    /// <summary>
    /// A JSON document as text: objects with their keys sorted (their order carries no meaning), arrays in their
    /// order, two-space indentation, integers as they are and other numbers with 10 significant digits, strings
    /// with only the characters JSON requires escaped. Absolute links to the test server lose their scheme and host,
/// and <c>timeStamp</c> (the time of the response) is replaced by a placeholder.
    /// </summary>
    public static string JsonText(string request, string json)
    {
        using var document = JsonDocument.Parse(json);
        var text = new StringBuilder();
        text.Append("// ").Append(request).Append('\n');
        Write(text, document.RootElement, 0);
        text.Append('\n');
        return text.ToString();
    }

    private static void Write(StringBuilder text, JsonElement element, int depth)
    {
        var indent = new string(' ', 2 * (depth + 1));
        var closing = new string(' ', 2 * depth);
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var properties = element.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
                if (properties.Count == 0)
                {
                    text.Append("{}");
                    return;
                }
                text.Append("{\n");
                for (var i = 0; i < properties.Count; i++)
                {
                    text.Append(indent).Append(Quote(properties[i].Name)).Append(": ");
                    if (properties[i].Name == "timeStamp")
                    {
                        // When the answer was made, not what it says.
                        text.Append("\"(the time of the request)\"");
                    }
                    else
                    {
                        Write(text, properties[i].Value, depth + 1);
                    }
                    text.Append(i < properties.Count - 1 ? ",\n" : "\n");
                }
                text.Append(closing).Append('}');
                return;
            case JsonValueKind.Array:
                var items = element.EnumerateArray().ToList();
                if (items.Count == 0)
                {
                    text.Append("[]");
                    return;
                }
                // Positions stay on one line: [x, y].
                if (items.All(i => i.ValueKind == JsonValueKind.Number))
                {
                    text.Append('[').AppendJoin(", ", items.Select(Number)).Append(']');
                    return;
                }
                text.Append("[\n");
                for (var i = 0; i < items.Count; i++)
                {
                    text.Append(indent);
                    Write(text, items[i], depth + 1);
                    text.Append(i < items.Count - 1 ? ",\n" : "\n");
                }
                text.Append(closing).Append(']');
                return;
            case JsonValueKind.String:
                text.Append(Quote(WithoutHost(element.GetString()!)));
                return;
            case JsonValueKind.Number:
                text.Append(Number(element));
                return;
            default:
                text.Append(element.GetRawText());
                return;
        }
    }

    private static string Number(JsonElement number) =>
        number.TryGetInt64(out var integer) ? integer.ToString(CultureInfo.InvariantCulture) : Double(number.GetDouble());

    private static string Value(object value) => value switch
    {
        string s => Quote(s),
        double d => Double(d),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string Double(double value) => value.ToString("G10", CultureInfo.InvariantCulture);

    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string Quote(string value) => JsonSerializer.Serialize(value, Relaxed);

    /// <summary>http://localhost/collections → /collections: the test server's address is not part of the answer.</summary>
    private static string WithoutHost(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.IsLoopback
            ? uri.PathAndQuery + uri.Fragment
            : value;
}

/// <summary>A readable line diff: the common start and end are left out, the middle aligned by longest common subsequence.</summary>
internal static class LineDiff
{
    private const int Context = 3;
    private const int MaxLines = 120;

    public static string Show(string expected, string actual)
    {
        var a = expected.Split('\n');
        var b = actual.Split('\n');
        var start = 0;
        while (start < a.Length && start < b.Length && a[start] == b[start])
        {
            start++;
        }
        var endA = a.Length;
        var endB = b.Length;
        while (endA > start && endB > start && a[endA - 1] == b[endB - 1])
        {
            endA--;
            endB--;
        }
        var lines = new List<string>();
        for (var i = Math.Max(0, start - Context); i < start; i++)
        {
            lines.Add("  " + a[i]);
        }
        lines.AddRange(Collapse(Middle(a[start..endA], b[start..endB]).ToList()));
        for (var i = endA; i < Math.Min(a.Length, endA + Context); i++)
        {
            lines.Add("  " + a[i]);
        }
        var header = string.Create(CultureInfo.InvariantCulture, $"@@ line {start + 1}: fixture {a.Length} lines, now {b.Length} lines @@");
        var shown = lines.Take(MaxLines).ToList();
        if (lines.Count > MaxLines)
        {
            shown.Add(string.Create(CultureInfo.InvariantCulture, $"… {lines.Count - MaxLines} more diff lines"));
        }
        return header + "\n" + string.Join("\n", shown);
    }

    /// <summary>Runs of unchanged lines longer than twice the context are cut to the context around the changes.</summary>
    private static IEnumerable<string> Collapse(List<string> lines)
    {
        var i = 0;
        while (i < lines.Count)
        {
            var run = i;
            while (run < lines.Count && lines[run].StartsWith("  ", StringComparison.Ordinal))
            {
                run++;
            }
            if (run - i > 2 * Context)
            {
                for (var k = i; k < i + Context; k++)
                {
                    yield return lines[k];
                }
                yield return string.Create(CultureInfo.InvariantCulture, $"  … {run - i - 2 * Context} unchanged lines");
                for (var k = run - Context; k < run; k++)
                {
                    yield return lines[k];
                }
            }
            else
            {
                for (var k = i; k < run; k++)
                {
                    yield return lines[k];
                }
            }
            if (run < lines.Count)
            {
                yield return lines[run];
                run++;
            }
            i = run;
        }
    }

    /// <summary>The differing middle as -/+ lines with unchanged lines between them; wholesale when too long to align.</summary>
    private static IEnumerable<string> Middle(string[] a, string[] b)
    {
        if ((long)a.Length * b.Length > 4_000_000)
        {
            return a.Select(l => "- " + l).Concat(b.Select(l => "+ " + l));
        }
        var common = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                common[i, j] = a[i] == b[j] ? common[i + 1, j + 1] + 1 : Math.Max(common[i + 1, j], common[i, j + 1]);
            }
        }
        var lines = new List<string>();
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y])
            {
                lines.Add("  " + a[x]);
                x++;
                y++;
            }
            else if (x < a.Length && (y == b.Length || common[x + 1, y] >= common[x, y + 1]))
            {
                lines.Add("- " + a[x++]);
            }
            else
            {
                lines.Add("+ " + b[y++]);
            }
        }
        return lines;
    }
}
