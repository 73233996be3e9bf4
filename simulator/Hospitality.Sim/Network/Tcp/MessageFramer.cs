using System.Buffers.Binary;

namespace Hospitality.Sim.Network.Tcp;

/// <summary>
/// Cuts a byte stream into messages framed by a 4-byte big-endian length. A length above the limit
/// is a protocol error: the stream cannot be trusted after it, so the connection must be reset.
/// </summary>
internal sealed class MessageFramer(int maxMessageBytes)
{
    public const int HeaderBytes = 4;

    private byte[] _buffer = new byte[4096];
    private int _count;

    public static byte[] Frame(ReadOnlySpan<byte> message)
    {
        var frame = new byte[HeaderBytes + message.Length];
        BinaryPrimitives.WriteInt32BigEndian(frame, message.Length);
        message.CopyTo(frame.AsSpan(HeaderBytes));
        return frame;
    }

    /// <summary>Appends stream bytes and adds every completed message to <paramref name="messages"/>; returns an error, or null.</summary>
    public string? Append(ReadOnlySpan<byte> bytes, Queue<ReadOnlyMemory<byte>> messages)
    {
        if (_count + bytes.Length > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _count + bytes.Length));
        }

        bytes.CopyTo(_buffer.AsSpan(_count));
        _count += bytes.Length;

        var consumed = 0;
        while (_count - consumed >= HeaderBytes)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(_buffer.AsSpan(consumed));
            if (length < 0 || length > maxMessageBytes)
            {
                return $"frame of {(uint)length} bytes exceeds the {maxMessageBytes}-byte message limit";
            }

            if (_count - consumed - HeaderBytes < length)
            {
                break;
            }

            messages.Enqueue(_buffer.AsSpan(consumed + HeaderBytes, length).ToArray());
            consumed += HeaderBytes + length;
        }

        if (consumed > 0)
        {
            _buffer.AsSpan(consumed, _count - consumed).CopyTo(_buffer);
            _count -= consumed;
        }

        return null;
    }
}
