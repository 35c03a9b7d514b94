using System.Buffers.Binary;
using System.Numerics;

namespace Huayang.Gis.Core.Tiles;

/// <summary>
/// The first 64 bits of the SHA-256 (FIPS 180-4) of a message that fits in one 64-byte block once padded: up to
/// <see cref="MaxLength"/> bytes, which is every feature id in practice. For such a message the platform's SHA-256
/// (OpenSSL here) costs about 0.70 µs a call, most of it the call itself, and this 0.31 µs (BenchmarkDotNet,
/// tests/Huayang.Gis.Benchmarks FeatureIdHashing), which counts where an id is hashed per row or per feature (the
/// loader's COPY, the in-memory tiles).
/// </summary>
internal static class OneBlockSha256
{
    /// <summary>The longest message that fits in one block: 64 bytes less the 0x80 marker and the 8-byte length.</summary>
    public const int MaxLength = 55;

    /// <summary>The round constants: the first 32 bits of the fractional parts of the cube roots of the first 64 primes.</summary>
    private static ReadOnlySpan<uint> K =>
    [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ];

    /// <summary>The first 8 bytes of SHA-256(<paramref name="message"/>) as a big-endian number.</summary>
    /// <exception cref="ArgumentException">The message is longer than <see cref="MaxLength"/> bytes.</exception>
    public static ulong First64Bits(ReadOnlySpan<byte> message)
    {
        if (message.Length > MaxLength)
        {
            throw new ArgumentException($"one block holds at most {MaxLength} bytes (is {message.Length})", nameof(message));
        }

        // The padded block: the message, 0x80, zeros, and the message's length in bits as a big-endian 64-bit number.
        Span<byte> block = stackalloc byte[64];
        block.Clear();
        message.CopyTo(block);
        block[message.Length] = 0x80;
        BinaryPrimitives.WriteUInt64BigEndian(block[56..], (ulong)message.Length * 8);

        Span<uint> w = stackalloc uint[64];
        for (var t = 0; t < 16; t++)
        {
            w[t] = BinaryPrimitives.ReadUInt32BigEndian(block[(t * 4)..]);
        }
        for (var t = 16; t < 64; t++)
        {
            var s0 = BitOperations.RotateRight(w[t - 15], 7) ^ BitOperations.RotateRight(w[t - 15], 18) ^ (w[t - 15] >> 3);
            var s1 = BitOperations.RotateRight(w[t - 2], 17) ^ BitOperations.RotateRight(w[t - 2], 19) ^ (w[t - 2] >> 10);
            w[t] = w[t - 16] + s0 + w[t - 7] + s1;
        }

        // The initial hash value: the first 32 bits of the fractional parts of the square roots of the first 8 primes.
        const uint H0 = 0x6a09e667, H1 = 0xbb67ae85, H2 = 0x3c6ef372, H3 = 0xa54ff53a;
        const uint H4 = 0x510e527f, H5 = 0x9b05688c, H6 = 0x1f83d9ab, H7 = 0x5be0cd19;
        uint a = H0, b = H1, c = H2, d = H3, e = H4, f = H5, g = H6, h = H7;
        var k = K;
        for (var t = 0; t < 64; t++)
        {
            var sum1 = BitOperations.RotateRight(e, 6) ^ BitOperations.RotateRight(e, 11) ^ BitOperations.RotateRight(e, 25);
            var choose = (e & f) ^ (~e & g);
            var t1 = h + sum1 + choose + k[t] + w[t];
            var sum0 = BitOperations.RotateRight(a, 2) ^ BitOperations.RotateRight(a, 13) ^ BitOperations.RotateRight(a, 22);
            var majority = (a & b) ^ (a & c) ^ (b & c);
            var t2 = sum0 + majority;
            h = g;
            g = f;
            f = e;
            e = d + t1;
            d = c;
            c = b;
            b = a;
            a = t1 + t2;
        }

        // Only the first two words of the digest are wanted.
        return ((ulong)(H0 + a) << 32) | (H1 + b);
    }
}
