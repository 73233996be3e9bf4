using System.IO.Compression;

namespace Hospitality.Sync.Replication.Protocol;

/// <summary>
/// Compressed frames: a marker byte (<see cref="Marker"/>: the version with its top bit set, which a
/// peer of the first version refuses as an unknown version), the <see cref="WireCompression"/>, then
/// the compressed plain frame. Only sent after the hello agreed on the algorithm. Expansion stops at
/// <see cref="ProtocolCodec.MaxMessageBytes"/>, so a small frame cannot inflate into a huge one.
/// </summary>
internal static class FrameCompression
{
    public const byte Marker = 0x80 | ProtocolCodec.Version;

    /// <summary>Frames smaller than this go plain: the headers of a compressed stream would eat the saving.</summary>
    public const int MinimumBytes = 256;

    private const int HeaderBytes = 2;

    /// <summary>A middle Brotli quality: the library's default, 11, is its slowest, and pages are compressed as they are served.</summary>
    private const int BrotliQuality = 5;

    public static bool IsCompressed(ReadOnlySpan<byte> frame) => frame.Length > 0 && frame[0] == Marker;

    /// <summary>The frame compressed with <paramref name="compression"/>, or the frame itself when small or not worth it.</summary>
    public static byte[] Compress(byte[] frame, WireCompression compression)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (compression == WireCompression.None || frame.Length < MinimumBytes)
        {
            return frame;
        }

        using var output = new MemoryStream(frame.Length / 2);
        output.WriteByte(Marker);
        output.WriteByte((byte)compression);
        using (Stream compressor = compression switch
        {
            WireCompression.Deflate => new DeflateStream(output, CompressionLevel.Fastest, leaveOpen: true),
            WireCompression.Brotli => new BrotliStream(output, new BrotliCompressionOptions { Quality = BrotliQuality }, leaveOpen: true),
            _ => throw new ArgumentOutOfRangeException(nameof(compression), compression, "not a compression this build speaks"),
        })
        {
            compressor.Write(frame);
        }

        return output.Length < frame.Length ? output.ToArray() : frame;
    }

    /// <summary>The plain frame inside a compressed one, or an error naming what is wrong. Never throws on bad input.</summary>
    public static bool TryExpand(ReadOnlyMemory<byte> frame, out ReadOnlyMemory<byte> plain, out string? error)
    {
        plain = default;
        if (frame.Length < HeaderBytes + 1)
        {
            error = $"compressed frame of {frame.Length} bytes has no body";
            return false;
        }

        var compression = (WireCompression)frame.Span[1];
        using var input = new MemoryStream(frame[HeaderBytes..].ToArray(), writable: false);
        try
        {
            using Stream decompressor = compression switch
            {
                WireCompression.Deflate => new DeflateStream(input, CompressionMode.Decompress),
                WireCompression.Brotli => new BrotliStream(input, CompressionMode.Decompress),
                _ => throw new InvalidDataException($"unknown compression {frame.Span[1]}"),
            };
            var output = new MemoryStream();
            var buffer = new byte[16 * 1024];
            int read;
            while ((read = decompressor.Read(buffer)) > 0)
            {
                if (output.Length + read > ProtocolCodec.MaxMessageBytes)
                {
                    error = $"compressed frame expands past the {ProtocolCodec.MaxMessageBytes}-byte limit";
                    return false;
                }

                output.Write(buffer, 0, read);
            }

            plain = output.GetBuffer().AsMemory(0, (int)output.Length);
            if (FrameCompression.IsCompressed(plain.Span))
            {
                error = "a compressed frame may not contain another";
                return false;
            }

            error = null;
            return true;
        }
        catch (Exception exception) when (exception is InvalidDataException or InvalidOperationException)
        {
            // Deflate reports corrupt input as InvalidDataException, Brotli as InvalidOperationException.
            error = $"compressed frame does not expand: {exception.Message}";
            return false;
        }
    }
}
