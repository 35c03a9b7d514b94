using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Huayang.Gis.Core.Tiles;

/// <summary>
/// The integer id of a feature in vector tiles: the first 52 bits of the SHA-256 of its string id (UTF-8),
/// read as a big-endian number. It depends on nothing but the id, so it stays the same when other features
/// are added or removed, and it is below 2^53, so JavaScript numbers hold it exactly. PostGIS computes the
/// same number in SQL (<c>Huayang.Gis.PostGis.Tiles.TileSql</c>).
/// </summary>
public static class VectorTileFeatureId
{
    /// <summary>The id of the feature whose string id is <paramref name="id"/>.</summary>
    public static ulong For(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return ForUtf8(Encoding.UTF8.GetBytes(id));
    }

    /// <summary>The id of the feature whose string id's UTF-8 bytes are <paramref name="utf8"/> (for a caller that
    /// has them already, as the loader's COPY does).</summary>
    public static ulong ForUtf8(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length <= OneBlockSha256.MaxLength)
        {
            return OneBlockSha256.First64Bits(utf8) >> 12;
        }

        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(utf8, hash);
        return BinaryPrimitives.ReadUInt64BigEndian(hash) >> 12;
    }
}
