using System.Buffers.Binary;

namespace Hospitality.Sim.Network.Tcp;

/// <summary>
/// Cuts a TCP byte stream into messages framed as hotel-node's WebSockets frame them (RFC 6455 5.2):
/// each engine message one unfragmented binary frame, its length in 7, 16 or 64 bits, masked when a
/// client sends it; close, ping and pong frames are read and dropped (the FIN after a close ends the
/// stream). A frame the protocol forbids, or longer than the limit, is an error: the stream cannot be
/// trusted after it, so the connection must be reset.
/// </summary>
internal sealed class WebSocketFramer(int maxMessageBytes, bool peerMasks)
{
    public const int MaxHeaderBytes = 14;

    private const byte Final = 0x80;
    private const byte Text = 0x1;
    private const byte Binary = 0x2;
    private const byte Close = 0x8;
    private const byte Ping = 0x9;
    private const byte Pong = 0xA;
    private const byte MaskBit = 0x80;

    private readonly byte[] _header = new byte[MaxHeaderBytes];
    private int _headerCount;

    // A frame begun in an earlier segment: allocated once at its full length, handed over when filled.
    private byte[]? _partial;
    private int _partialCount;
    private bool _partialIsControl;
    private uint _partialMask;

    /// <summary>A frame's header: 2 bytes, 2 or 8 more for a length of 126 or more, 4 for a client's masking key.</summary>
    public static int HeaderBytes(int payloadBytes, bool masked) =>
        2 + (payloadBytes < 126 ? 0 : payloadBytes <= ushort.MaxValue ? 2 : 8) + (masked ? 4 : 0);

    /// <summary>
    /// One binary frame. A client's carries a masking key of zeros, so its payload crosses unchanged:
    /// the frame's size is a real one, its XOR is not modelled.
    /// </summary>
    public static byte[] Frame(ReadOnlySpan<byte> message, bool masked) => Frame(Binary, message, masked);

    /// <summary>The close frame of a normal closure (status 1000) that each end sends before its FIN.</summary>
    public static byte[] CloseFrame(bool masked) => Frame(Close, [0x03, 0xE8], masked);

    /// <summary>
    /// Appends stream bytes and adds every completed message to <paramref name="messages"/>; returns an error, or null.
    /// Messages whole in <paramref name="bytes"/> and not masked with a key other than zeros are slices of it,
    /// not copies: segments are never written to after they are sent. Any other message is copied once.
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
                    _partial = null;
                    if (!_partialIsControl)
                    {
                        Unmask(partial, _partialMask);
                        messages.Enqueue(partial);
                    }
                }

                continue;
            }

            if (_headerCount == 0 && bytes.Length >= 2 && HeaderLength(bytes.Span) is var headerLength && bytes.Length >= headerLength)
            {
                // The whole header in this segment: the common case, read in place.
                var header = bytes.Span[..headerLength];
                if (Read(header, out var length, out var control, out var mask) is { } error)
                {
                    return error;
                }

                bytes = bytes[header.Length..];
                if (bytes.Length >= length)
                {
                    if (!control)
                    {
                        messages.Enqueue(mask == 0 ? bytes[..(int)length] : Unmask(bytes.Span[..(int)length].ToArray(), mask));
                    }

                    bytes = bytes[(int)length..];
                    continue;
                }

                Begin((int)length, control, mask, messages);
                continue;
            }

            // A header cut across segments: gathered until it is whole.
            var needed = _headerCount < 2 ? 2 : HeaderLength(_header);
            var gathered = Math.Min(needed - _headerCount, bytes.Length);
            bytes.Span[..gathered].CopyTo(_header.AsSpan(_headerCount));
            _headerCount += gathered;
            bytes = bytes[gathered..];
            if (_headerCount < 2 || _headerCount < HeaderLength(_header))
            {
                continue;
            }

            var whole = _header.AsSpan(0, _headerCount);
            _headerCount = 0;
            if (Read(whole, out var cutLength, out var cutControl, out var cutMask) is { } cutError)
            {
                return cutError;
            }

            Begin((int)cutLength, cutControl, cutMask, messages);
        }

        return null;
    }

    private static byte[] Frame(byte opcode, ReadOnlySpan<byte> payload, bool masked)
    {
        var header = HeaderBytes(payload.Length, masked);
        var frame = new byte[header + payload.Length];
        frame[0] = (byte)(Final | opcode);
        var maskBit = masked ? MaskBit : (byte)0;
        if (payload.Length < 126)
        {
            frame[1] = (byte)(maskBit | payload.Length);
        }
        else if (payload.Length <= ushort.MaxValue)
        {
            frame[1] = (byte)(maskBit | 126);
            BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(2), (ushort)payload.Length);
        }
        else
        {
            frame[1] = (byte)(maskBit | 127);
            BinaryPrimitives.WriteUInt64BigEndian(frame.AsSpan(2), (ulong)payload.Length);
        }

        payload.CopyTo(frame.AsSpan(header));
        return frame;
    }

    // The header's length from its first two bytes.
    private static int HeaderLength(ReadOnlySpan<byte> header) =>
        2 + ((header[1] & 0x7F) switch { 126 => 2, 127 => 8, _ => 0 }) + ((header[1] & MaskBit) != 0 ? 4 : 0);

    private string? Read(ReadOnlySpan<byte> header, out long length, out bool control, out uint mask)
    {
        var opcode = (byte)(header[0] & 0x0F);
        control = opcode is Close or Ping or Pong;
        length = (header[1] & 0x7F) switch
        {
            126 => BinaryPrimitives.ReadUInt16BigEndian(header[2..]),
            127 => (long)Math.Min(BinaryPrimitives.ReadUInt64BigEndian(header[2..]), long.MaxValue),
            var small => small,
        };
        var masked = (header[1] & MaskBit) != 0;
        mask = masked ? BinaryPrimitives.ReadUInt32BigEndian(header[^4..]) : 0;
        if ((header[0] & 0x70) != 0)
        {
            return "frame with reserved bits set: no extension was negotiated";
        }

        if (opcode is not (Text or Binary) && !control)
        {
            return $"frame of opcode {opcode}: a message is one unfragmented text or binary frame";
        }

        if ((header[0] & Final) == 0)
        {
            return "fragmented frame: each message is one final frame";
        }

        if (masked != peerMasks)
        {
            return peerMasks ? "unmasked frame from a client" : "masked frame from a server";
        }

        if (control && length > 125)
        {
            return $"control frame of {length} bytes: at most 125 are allowed";
        }

        return length > maxMessageBytes ? $"frame of {(ulong)length} bytes exceeds the {maxMessageBytes}-byte message limit" : null;
    }

    // A frame's header read whole: starts its payload, or delivers an empty message at once.
    private void Begin(int length, bool control, uint mask, Queue<ReadOnlyMemory<byte>> messages)
    {
        if (length == 0)
        {
            if (!control)
            {
                messages.Enqueue(ReadOnlyMemory<byte>.Empty);
            }

            return;
        }

        _partial = new byte[length];
        _partialCount = 0;
        _partialIsControl = control;
        _partialMask = mask;
    }

    // RFC 6455 5.3: byte i of the payload is XORed with byte i mod 4 of the key.
    private static byte[] Unmask(byte[] payload, uint mask)
    {
        if (mask != 0)
        {
            Span<byte> key = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(key, mask);
            for (var i = 0; i < payload.Length; i++)
            {
                payload[i] ^= key[i & 3];
            }
        }

        return payload;
    }
}
