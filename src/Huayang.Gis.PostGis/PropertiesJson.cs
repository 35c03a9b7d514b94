using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Huayang.Gis.Core.IO;
using NetTopologySuite.Features;

namespace Huayang.Gis.PostGis;

/// <summary>
/// Writes a feature's attributes as the JSON object stored in a layer table's <c>properties</c> (jsonb):
/// every attribute as read, <c>id</c> and the typed ones included, in the dataset's normalised value types.
/// </summary>
internal sealed class PropertiesJson
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private readonly Utf8JsonWriter _writer;

    public PropertiesJson() => _writer = new Utf8JsonWriter(_buffer, Options);

    /// <summary>The attributes as JSON text. One instance reuses its buffer; it is not thread-safe.</summary>
    public string Write(IAttributesTable attributes)
    {
        _buffer.ResetWrittenCount();
        _writer.Reset();
        WriteObject(attributes);
        _writer.Flush();
        return Encoding.UTF8.GetString(_buffer.WrittenSpan);
    }

    /// <summary>The attributes as UTF-8 JSON, valid until the next call. Not thread-safe.</summary>
    public ReadOnlySpan<byte> WriteUtf8(IAttributesTable attributes)
    {
        _buffer.ResetWrittenCount();
        _writer.Reset();
        WriteObject(attributes);
        _writer.Flush();
        return _buffer.WrittenSpan;
    }

    private void WriteObject(IAttributesTable attributes) => AttributeJson.WriteObject(_writer, attributes);
}
