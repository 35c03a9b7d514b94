using System.Runtime.InteropServices;
using SkiaSharp;

namespace Huayang.Gis.Rendering.Drawing;

/// <summary>
/// The stream Skia's PNG and JPEG encoders write into: a growing managed buffer that refuses further writes once the
/// cancellation token is cancelled, which makes the encoder stop (libpng and libjpeg abort on a failed write).
/// </summary>
/// <remarks>
/// The write callback runs inside native code, so it must not throw: it returns false instead, and
/// <see cref="ToArray"/> throws <see cref="OperationCanceledException"/> after the encoder has returned.
/// </remarks>
internal sealed class EncodedBuffer(int capacity, CancellationToken cancellationToken) : SKAbstractManagedWStream
{
    private byte[] _buffer = new byte[Math.Max(capacity, 4096)];
    private int _length;

    protected override bool OnWrite(IntPtr buffer, IntPtr size)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
        var count = checked((int)size);
        if (_length + count > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + count));
        }
        if (count > 0)
        {
            Marshal.Copy(buffer, _buffer, _length, count);
        }
        _length += count;
        return true;
    }

    protected override void OnFlush()
    {
    }

    protected override IntPtr OnBytesWritten() => _length;

    /// <summary>The encoded bytes.</summary>
    /// <param name="encoded">What the encoder returned.</param>
    /// <exception cref="OperationCanceledException">The token was cancelled while encoding.</exception>
    public byte[] ToArray(bool encoded)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!encoded)
        {
            throw new InvalidOperationException("encoding the picture failed");
        }
        return _buffer.AsSpan(0, _length).ToArray();
    }
}
