using System.Buffers.Binary;

namespace Hospitality.Sim.Network.Tcp;

/// <summary>
/// Cuts a byte stream into messages framed by a 4-byte big-endian length. A length above the limit
/// is a protocol error: the stream cannot be trusted after it, so the connection must be reset.
/// </summary>
internal sealed class MessageFramer(int maxMessageBytes)
{
    public const int HeaderBytes = 4;

    private readonly byte[] _header = new byte[HeaderBytes];
    private int _headerCount;

    // A message begun in an earlier segment: allocated once at its full length, handed over when filled.
    private byte[]? _partial;
    private int _partialCount;

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
    /// A message cut across segments is copied once, into an array of its length.
    /// </summary>
    public string? Append(ReadOnlyMemory<byte> bytes, Queue<ReadOnlyMemory<byte>> messages)
    {
        while (bytes.Length > 0)
        {
            if (_partial is { } partial)
            {
                var take = Math.Min(partial.Length - _partialCount, bytes.Length);
                bytes.Span[..take].CopyTo(partial.AsSpan(_partialCount));
                _partialCount += take;
                bytes = bytes[take..];
                if (_partialCount == partial.Length)
                {
                    messages.Enqueue(partial);
                    _partial = null;
                }

                continue;
            }

            if (_headerCount > 0 || bytes.Length < HeaderBytes)
            {
                // A length prefix cut across segments.
                var take = Math.Min(HeaderBytes - _headerCount, bytes.Length);
                bytes.Span[..take].CopyTo(_header.AsSpan(_headerCount));
                _headerCount += take;
                bytes = bytes[take..];
                if (_headerCount < HeaderBytes)
                {
                    return null;
                }

                _headerCount = 0;
                if (Begin(BinaryPrimitives.ReadInt32BigEndian(_header), messages) is { } error)
                {
                    return error;
                }

                continue;
            }

            var length = BinaryPrimitives.ReadInt32BigEndian(bytes.Span);
            if (length >= 0 && length <= maxMessageBytes && bytes.Length - HeaderBytes >= length)
            {
                messages.Enqueue(bytes.Slice(HeaderBytes, length));
                bytes = bytes[(HeaderBytes + length)..];
                continue;
            }

            if (Begin(length, messages) is { } tooLong)
            {
                return tooLong;
            }

            bytes = bytes[HeaderBytes..];
        }

        return null;
    }

    // A length prefix read whole: checks it, and starts the message unless it is empty.
    private string? Begin(int length, Queue<ReadOnlyMemory<byte>> messages)
    {
        if (length < 0 || length > maxMessageBytes)
        {
            return $"frame of {(uint)length} bytes exceeds the {maxMessageBytes}-byte message limit";
        }

        if (length == 0)
        {
            messages.Enqueue(ReadOnlyMemory<byte>.Empty);
            return null;
        }

        _partial = new byte[length];
        _partialCount = 0;
        return null;
    }
}
