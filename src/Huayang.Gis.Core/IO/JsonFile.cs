using System.Text;
using System.Text.Json;

namespace Huayang.Gis.Core.IO;

/// <summary>Parses a UTF-8 JSON file (with or without a byte order mark), reporting why it cannot be.</summary>
internal static class JsonFile
{
    /// <summary>The parsed document, or null after reporting a problem naming the file (and line and position).</summary>
    public static JsonDocument? Parse(string path, ProblemScope scope) =>
        ReadBytes(path, scope) is { } json ? Parse(json, scope) : null;

    /// <summary>
    /// The file's bytes without a UTF-8 byte order mark, or null after reporting that the file cannot be read.
    /// </summary>
    public static ReadOnlyMemory<byte>? ReadBytes(string path, ProblemScope scope)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            scope.Add(null, null, $"file cannot be read: {e.Message}");
            return null;
        }

        var start = bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble) ? Encoding.UTF8.Preamble.Length : 0;
        return bytes.AsMemory(start);
    }

    /// <summary>The parsed document, or null after reporting why it is not valid JSON (line and position).</summary>
    public static JsonDocument? Parse(ReadOnlyMemory<byte> json, ProblemScope scope)
    {
        try
        {
            return JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line
                ? $" at line {JsonValues.Format(line + 1)}, position {JsonValues.Format((e.BytePositionInLine ?? 0) + 1)}"
                : "";
            scope.Add(null, null, $"not valid JSON{where}: {WithoutPosition(e.Message)}");
            return null;
        }
    }

    /// <summary>System.Text.Json's message without its own 0-based "LineNumber: ..." suffix.</summary>
    private static string WithoutPosition(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (cut >= 0 ? message[..cut] : message).TrimEnd(' ', '|', '.');
    }
}
