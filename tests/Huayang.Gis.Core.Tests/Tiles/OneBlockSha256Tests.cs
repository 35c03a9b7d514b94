using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Huayang.Gis.Core.Tiles;

namespace Huayang.Gis.Core.Tests.Tiles;

/// <summary>
/// The one-block SHA-256 against the platform's SHA-256 (OpenSSL), the independent reference: every length it
/// takes, random bytes and real ids, and the feature ids made from it on both sides of its length limit.
/// </summary>
public sealed class OneBlockSha256Tests
{
    private static ulong Reference(ReadOnlySpan<byte> message) => BinaryPrimitives.ReadUInt64BigEndian(SHA256.HashData(message));

    [Fact]
    public void Every_length_it_takes_gives_the_first_64_bits_of_SHA_256()
    {
        var random = new Random(20261207);
        for (var length = 0; length <= OneBlockSha256.MaxLength; length++)
        {
            for (var sample = 0; sample < 200; sample++)
            {
                var message = new byte[length];
                random.NextBytes(message);
                Assert.Equal(Reference(message), OneBlockSha256.First64Bits(message));
            }
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("pop-000001")]
    [InlineData("site-health-sports-town")]
    [InlineData("华阳街道国际文化艺术中心")]
    [InlineData("0123456789012345678901234567890123456789012345678901234")]
    public void Ids_hash_as_the_platform_hashes_them(string id)
    {
        var utf8 = Encoding.UTF8.GetBytes(id);
        Assert.Equal(Reference(utf8), OneBlockSha256.First64Bits(utf8));
    }

    [Fact]
    public void The_known_digest_of_abc_starts_ba7816bf8f01cfea()
    {
        // FIPS 180-4 example: SHA-256("abc") = ba7816bf 8f01cfea 414140de 5dae2223 ...
        Assert.Equal(0xba7816bf8f01cfeaUL, OneBlockSha256.First64Bits("abc"u8));
    }

    [Fact]
    public void A_message_longer_than_one_block_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => OneBlockSha256.First64Bits(new byte[OneBlockSha256.MaxLength + 1]));
        Assert.Contains("at most 55 bytes (is 56)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Feature_ids_agree_with_the_platform_on_both_sides_of_the_one_block_limit()
    {
        var random = new Random(7);
        for (var length = 0; length <= 3 * OneBlockSha256.MaxLength; length++)
        {
            var chars = new char[length];
            for (var i = 0; i < length; i++)
            {
                chars[i] = (char)random.Next('0', 'z' + 1);
            }

            var id = new string(chars);
            var expected = Reference(Encoding.UTF8.GetBytes(id)) >> 12;
            Assert.Equal(expected, VectorTileFeatureId.For(id));
            Assert.Equal(expected, VectorTileFeatureId.ForUtf8(Encoding.UTF8.GetBytes(id)));
        }
    }
}
