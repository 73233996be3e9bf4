using System.Buffers.Binary;

namespace Hospitality.Sim.Network.Tcp;

/// <summary>
/// Cuts a byte stream into messages framed by a 4-byte big-endian length. A length above the limit
/// is a protocol error: the stream cannot be trusted after it, so the connection must be reset.
/// </summary>
internal sealed class MessageFramer(int maxMessageBytes)
{
    public const int HeaderBytes = 4;

    private byte[] _buffer = [];
    private int _count;

    public static byte[] Frame(ReadOnlySpan<byte> message)
    {
        var frame = new byte[HeaderBytes + message.Length];
        BinaryPrimitives.WriteInt32BigEndian(frame, message.Length);
        message.CopyTo(frame.AsSpan(HeaderBytes));
        return frame;
    }

    /// <summary>
    /// Appends stream bytes and adds every completed message to <paramref name="messages"/>; returns an error, or null.
    /// Messages whole in <paramref name="bytes"/> are slices of it, not copies: segments are never written to after they are sent.
    /// </summary>
    public string? Append(ReadOnlyMemory<byte> bytes, Queue<ReadOnlyMemory<byte>> messages)
    {
        if (_count == 0)
        {
            var error = TakeMessages(bytes, messages, copy: false, out var taken);
            if (error is not null || taken == bytes.Length)
            {
                return error;
            }

            bytes = bytes[taken..];
        }

        if (_count + bytes.Length > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(Math.Max(_buffer.Length * 2, 256), _count + bytes.Length));
        }

        bytes.Span.CopyTo(_buffer.AsSpan(_count));
        _count += bytes.Length;
        var bufferError = TakeMessages(_buffer.AsMemory(0, _count), messages, copy: true, out var consumed);
        _buffer.AsSpan(consumed, _count - consumed).CopyTo(_buffer);
        _count -= consumed;
        return bufferError;
    }

    private string? TakeMessages(ReadOnlyMemory<byte> bytes, Queue<ReadOnlyMemory<byte>> messages, bool copy, out int consumed)
    {
        consumed = 0;
        while (bytes.Length - consumed >= HeaderBytes)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(bytes.Span[consumed..]);
            if (length < 0 || length > maxMessageBytes)
            {
                return $"frame of {(uint)length} bytes exceeds the {maxMessageBytes}-byte message limit";
            }

            if (bytes.Length - consumed - HeaderBytes < length)
            {
                break;
            }

            var message = bytes.Slice(consumed + HeaderBytes, length);
            messages.Enqueue(copy ? message.ToArray() : message);
            consumed += HeaderBytes + length;
        }

        return null;
    }
}
