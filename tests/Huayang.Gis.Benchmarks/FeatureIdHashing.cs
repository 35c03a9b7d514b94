using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using Huayang.Gis.Core.Tiles;

namespace Huayang.Gis.Benchmarks;

/// <summary>
/// A vector-tile feature id from a string id (the first 52 bits of its SHA-256), as the loader's COPY computes it per
/// row and the in-memory tiles per feature: <see cref="VectorTileFeatureId.ForUtf8"/> (one SHA-256 block computed in
/// .NET for ids up to 55 bytes) against the platform's <see cref="SHA256.HashData(ReadOnlySpan{byte}, Span{byte})"/>
/// (OpenSSL), for 1,000 ids of population cells as the generator names them.
/// </summary>
[MemoryDiagnoser]
public class FeatureIdHashing
{
    private byte[][] _ids = [];

    [GlobalSetup]
    public void Setup() =>
        _ids = [.. Enumerable.Range(0, 1000).Select(i => Encoding.UTF8.GetBytes($"pop-luhu-{i:D6}"))];

    [Benchmark(Baseline = true, Description = "SHA256.HashData (OpenSSL)")]
    public ulong Platform()
    {
        var sum = 0UL;
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        foreach (var id in _ids)
        {
            SHA256.HashData(id, hash);
            sum += BinaryPrimitives.ReadUInt64BigEndian(hash) >> 12;
        }

        return sum;
    }

    [Benchmark(Description = "VectorTileFeatureId.ForUtf8 (one block in .NET)")]
    public ulong OneBlock()
    {
        var sum = 0UL;
        foreach (var id in _ids)
        {
            sum += VectorTileFeatureId.ForUtf8(id);
        }

        return sum;
    }
}
