using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Huayang.Gis.PostGis;

/// <summary>A fingerprint of a dataset's input files, recorded with each load in <c>huayang.dataset_versions</c>.</summary>
public static class DatasetChecksum
{
    /// <summary>
    /// SHA-256, as 64 lower-case hex digits, over the file at <paramref name="path"/> or over every file directly
    /// in the directory at <paramref name="path"/> (not its subdirectories), in ordinal order of their names. Each
    /// file contributes its name (UTF-8), a zero byte, its length (8 bytes, little-endian) and its bytes, so that
    /// renaming, moving bytes between files or adding an empty file all change the checksum.
    /// </summary>
    /// <exception cref="FileNotFoundException">Nothing exists at <paramref name="path"/>.</exception>
    public static string Compute(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        IEnumerable<string> files;
        if (Directory.Exists(path))
        {
            files = Directory.EnumerateFiles(path).Order(StringComparer.Ordinal);
        }
        else if (File.Exists(path))
        {
            files = [path];
        }
        else
        {
            throw new FileNotFoundException($"no file or directory at \"{path}\"", path);
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> length = stackalloc byte[sizeof(long)];
        var buffer = new byte[81920];
        foreach (var file in files)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(Path.GetFileName(file)));
            hash.AppendData([0]);
            using var stream = File.OpenRead(file);
            BinaryPrimitives.WriteInt64LittleEndian(length, stream.Length);
            hash.AppendData(length);
            int read;
            while ((read = stream.Read(buffer)) > 0)
            {
                hash.AppendData(buffer.AsSpan(0, read));
            }
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
