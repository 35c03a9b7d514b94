using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Huayang.Gis.Core.Tiles;
using NetTopologySuite.Features;
using NetTopologySuite.IO;

namespace Huayang.Gis.PostGis;

/// <summary>
/// Encodes a layer's features as the rows of a binary COPY (<c>COPY … FROM STDIN (FORMAT BINARY)</c>) in the
/// column order of <see cref="LayerTable.Columns"/>: <c>id</c> and text columns as UTF-8, integer columns as
/// 4-byte big-endian, double columns as 8-byte big-endian IEEE, booleans as one byte, <c>properties</c> as jsonb
/// (version 1, then the JSON of <see cref="PropertiesJson"/>), <c>geom</c> as EWKB with its SRID, <c>tile_fid</c> as
/// the 8-byte big-endian <see cref="VectorTileFeatureId.For"/> of the id (the number <c>huayang.tile_feature_id</c>
/// gives). Absent values are NULL. The bytes are those Npgsql's binary importer would send for the same values,
/// built in one buffer instead of value by value.
/// </summary>
internal sealed class CopyRows(LayerTable table)
{
    /// <summary>"PGCOPY\n\377\r\n\0".</summary>
    private static ReadOnlySpan<byte> Signature => [0x50, 0x47, 0x43, 0x4F, 0x50, 0x59, 0x0A, 0xFF, 0x0D, 0x0A, 0x00];

    private readonly ArrayBufferWriter<byte> _buffer = new(1 << 18);
    private readonly PropertiesJson _json = new();
    private readonly PostGisWriter _geometry = new();

    /// <summary>The bytes encoded since the last <see cref="Clear"/>.</summary>
    public ReadOnlyMemory<byte> Written => _buffer.WrittenMemory;

    public int Length => _buffer.WrittenCount;

    public void Clear() => _buffer.ResetWrittenCount();

    /// <summary>The COPY header: signature, flags (none) and header extension length (0).</summary>
    public void WriteHeader()
    {
        Write(Signature);
        WriteInt32(0);
        WriteInt32(0);
    }

    /// <summary>The COPY trailer, a field count of -1.</summary>
    public void WriteTrailer() => WriteInt16(-1);

    public void WriteRow(IFeature feature)
    {
        var attributes = feature.Attributes;
        WriteInt16((short)table.Columns.Count);
        var id = attributes.Exists("id") ? attributes["id"] as string : null;
        var idStart = _buffer.WrittenCount + sizeof(int);
        WriteText(id);
        // The id's UTF-8 bytes were just written: hashed there, not encoded a second time.
        var tileFeatureId = id is null ? 0 : VectorTileFeatureId.ForUtf8(_buffer.WrittenSpan[idStart..]);
        foreach (var column in table.Typed)
        {
            switch (LayerTable.Value(column, attributes))
            {
                case string text:
                    WriteText(text);
                    break;
                case int number:
                    WriteInt32(sizeof(int));
                    WriteInt32(number);
                    break;
                case double number:
                    WriteInt32(sizeof(double));
                    WriteInt64(BitConverter.DoubleToInt64Bits(number));
                    break;
                case bool flag:
                    WriteInt32(1);
                    Write([flag ? (byte)1 : (byte)0]);
                    break;
                default:
                    WriteInt32(-1);
                    break;
            }
        }

        var json = _json.WriteUtf8(attributes);
        WriteInt32(json.Length + 1);
        Write([1]);
        Write(json);

        if (feature.Geometry is null)
        {
            WriteInt32(-1);
        }
        else
        {
            var ewkb = _geometry.Write(feature.Geometry);
            WriteInt32(ewkb.Length);
            Write(ewkb);
        }

        if (id is null)
        {
            WriteInt32(-1);
        }
        else
        {
            // Below 2^52, so the bigint is positive and the same number.
            WriteInt32(sizeof(long));
            WriteInt64((long)tileFeatureId);
        }
    }

    private void WriteText(string? text)
    {
        if (text is null)
        {
            WriteInt32(-1);
            return;
        }

        var length = Encoding.UTF8.GetByteCount(text);
        WriteInt32(length);
        Encoding.UTF8.GetBytes(text, _buffer.GetSpan(length));
        _buffer.Advance(length);
    }

    private void WriteInt32(int value)
    {
        BinaryPrimitives.WriteInt32BigEndian(_buffer.GetSpan(sizeof(int)), value);
        _buffer.Advance(sizeof(int));
    }

    private void WriteInt64(long value)
    {
        BinaryPrimitives.WriteInt64BigEndian(_buffer.GetSpan(sizeof(long)), value);
        _buffer.Advance(sizeof(long));
    }

    private void WriteInt16(short value)
    {
        BinaryPrimitives.WriteInt16BigEndian(_buffer.GetSpan(sizeof(short)), value);
        _buffer.Advance(sizeof(short));
    }

    private void Write(ReadOnlySpan<byte> bytes) => _buffer.Write(bytes);
}
