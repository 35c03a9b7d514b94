using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Huayang.Gis.Core.Filtering;

/// <summary>
/// A JSON value that knows where it was written (character position from 1, JSON Pointer), so that a CQL2 JSON
/// filter's problems can point into the text the client sent.
/// </summary>
internal sealed class JsonTree
{
    private JsonTree(JsonTokenType kind, int position, string path, int start)
    {
        Kind = kind;
        Position = position;
        Path = path;
        Start = start;
    }

    public JsonTokenType Kind { get; }

    public int Position { get; }

    public string Path { get; }

    /// <summary>The value's first and past-the-last UTF-8 byte, for objects read again as GeoJSON.</summary>
    public int Start { get; }

    public int End { get; private set; }

    public string? Text { get; private set; }

    public double Number { get; private set; }

    public List<JsonTree> Items { get; } = [];

    public List<(string Name, JsonTree Value)> Members { get; } = [];

    public bool IsObject => Kind == JsonTokenType.StartObject;

    public bool IsArray => Kind == JsonTokenType.StartArray;

    public JsonTree? Member(string name) => Members.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.Ordinal)).Value;

    /// <summary>The value as a filter literal: string, double or bool; null for anything else.</summary>
    public object? Scalar => Kind switch
    {
        JsonTokenType.String => Text,
        JsonTokenType.Number => Number,
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        _ => null,
    };

    /// <summary>Reads a whole document; a syntax error is a <see cref="FilterException"/> at its position.</summary>
    public static JsonTree Parse(byte[] utf8)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = 2 * FilterLimits.MaxDepth + 8 });
        try
        {
            if (!reader.Read())
            {
                throw new FilterException("the CQL2 JSON filter is empty", 1);
            }
            var root = Read(ref reader, utf8, "");
            if (reader.Read())
            {
                throw new FilterException("the CQL2 JSON filter has more after its value", CharPosition(utf8, (int)reader.TokenStartIndex));
            }
            return root;
        }
        catch (JsonException e)
        {
            var offset = (int)Math.Min(reader.BytesConsumed, utf8.Length);
            throw new FilterException($"the filter is not JSON ({e.Message.Split(" LineNumber", 2)[0].TrimEnd('.', ' ')})", CharPosition(utf8, offset));
        }
    }

    private static JsonTree Read(ref Utf8JsonReader reader, byte[] utf8, string path)
    {
        var start = (int)reader.TokenStartIndex;
        var node = new JsonTree(reader.TokenType, CharPosition(utf8, start), path, start);
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var name = reader.GetString()!;
                    reader.Read();
                    node.Members.Add((name, Read(ref reader, utf8, path + "/" + name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal))));
                }
                break;
            case JsonTokenType.StartArray:
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    node.Items.Add(Read(ref reader, utf8, path + "/" + node.Items.Count.ToString(CultureInfo.InvariantCulture)));
                }
                break;
            case JsonTokenType.String:
                node.Text = reader.GetString();
                break;
            case JsonTokenType.Number:
                node.Number = reader.TryGetDouble(out var number) && double.IsFinite(number)
                    ? number
                    : throw new FilterException("the number is out of range", node.Position, path);
                break;
        }
        node.End = (int)reader.BytesConsumed;
        return node;
    }

    private static int CharPosition(byte[] utf8, int byteOffset) => Encoding.UTF8.GetCharCount(utf8, 0, Math.Clamp(byteOffset, 0, utf8.Length)) + 1;
}
