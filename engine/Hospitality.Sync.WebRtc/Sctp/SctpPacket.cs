using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace Hospitality.Sync.WebRtc.Sctp;

/// <summary>
/// An SCTP packet (RFC 9260 section 3): common header (ports, verification tag, CRC32c checksum)
/// and chunks. Over DTLS (RFC 8261) the ports are the SDP's sctp-port, 5000 by default.
/// </summary>
internal sealed record SctpPacket
{
    public const int HeaderBytes = 12;

    public required ushort SourcePort { get; init; }

    public required ushort DestinationPort { get; init; }

    public required uint VerificationTag { get; init; }

    public required IReadOnlyList<SctpChunk> Chunks { get; init; }

    public int EncodedBytes => HeaderBytes + Chunks.Sum(c => c.EncodedBytes);

    public byte[] Encode()
    {
        var bytes = new byte[EncodedBytes];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, SourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(2), DestinationPort);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4), VerificationTag);
        var offset = HeaderBytes;
        foreach (var chunk in Chunks)
        {
            var valueBytes = chunk.ValueBytes;
            if (valueBytes > SctpChunk.ValueMaxBytes)
            {
                throw new ArgumentException($"a {chunk.Type} chunk of {valueBytes} bytes does not fit a 16-bit length");
            }

            bytes[offset] = (byte)chunk.Type;
            bytes[offset + 1] = chunk.Flags;
            BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(offset + 2), (ushort)(SctpChunk.HeaderBytes + valueBytes));

            // The value may write its last parameter's padding, which is the chunk's own padding.
            chunk.WriteValue(bytes.AsSpan(offset + SctpChunk.HeaderBytes, chunk.EncodedBytes - SctpChunk.HeaderBytes));
            offset += chunk.EncodedBytes;
        }

        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(SctpChecksum.Offset), SctpChecksum.ComputeForPacket(bytes));
        return bytes;
    }

    /// <summary>Decodes a packet from the peer.</summary>
    /// <exception cref="SctpFormatException">Bad checksum, bad framing or a malformed chunk; the message names it.</exception>
    public static SctpPacket Decode(ReadOnlySpan<byte> packet)
    {
        if (packet.Length < HeaderBytes)
        {
            throw new SctpFormatException($"{packet.Length} bytes is shorter than the 12-byte SCTP common header");
        }

        var received = BinaryPrimitives.ReadUInt32LittleEndian(packet[SctpChecksum.Offset..]);
        var expected = SctpChecksum.ComputeForPacket(packet);
        if (received != expected)
        {
            throw new SctpFormatException($"checksum 0x{received:X8} does not match the packet (0x{expected:X8})");
        }

        var chunks = new List<SctpChunk>();
        var offset = HeaderBytes;
        while (offset < packet.Length)
        {
            var remaining = packet.Length - offset;
            if (remaining < SctpChunk.HeaderBytes)
            {
                throw new SctpFormatException($"chunk header at byte {offset} is cut short");
            }

            var type = packet[offset];
            var flags = packet[offset + 1];
            var length = BinaryPrimitives.ReadUInt16BigEndian(packet[(offset + 2)..]);
            if (length < SctpChunk.HeaderBytes || length > remaining)
            {
                throw new SctpFormatException($"chunk type {type} at byte {offset} claims {length} bytes; {remaining} remain and at least 4 are needed");
            }

            var value = packet.Slice(offset + SctpChunk.HeaderBytes, length - SctpChunk.HeaderBytes);
            chunks.Add(ReadChunk(type, flags, value));

            // Every chunk is padded to four bytes; a last chunk without its padding is forgiven.
            offset += Math.Min((length + 3) & ~3, remaining);
        }

        return new SctpPacket
        {
            SourcePort = BinaryPrimitives.ReadUInt16BigEndian(packet),
            DestinationPort = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]),
            VerificationTag = BinaryPrimitives.ReadUInt32BigEndian(packet[4..]),
            Chunks = chunks,
        };
    }

    public static bool TryDecode(ReadOnlySpan<byte> packet, [NotNullWhen(true)] out SctpPacket? decoded, [NotNullWhen(false)] out string? error)
    {
        try
        {
            decoded = Decode(packet);
            error = null;
            return true;
        }
        catch (SctpFormatException exception)
        {
            decoded = null;
            error = exception.Message;
            return false;
        }
    }

    internal static void Require(ReadOnlySpan<byte> value, int minBytes, string name)
    {
        if (value.Length < minBytes)
        {
            throw new SctpFormatException($"{name} has {value.Length} value bytes; it needs at least {minBytes}");
        }
    }

    internal static ReadOnlySpan<byte> Exactly(ReadOnlySpan<byte> value, int bytes, string name) =>
        value.Length == bytes ? value : throw new SctpFormatException($"{name} has {value.Length} value bytes; it needs {bytes}");

    private static SctpChunk ReadChunk(byte type, byte flags, ReadOnlySpan<byte> value) => (SctpChunkType)type switch
    {
        SctpChunkType.Data => DataChunk.Read(flags, value),
        SctpChunkType.Init => InitChunk.Read(isAck: false, value),
        SctpChunkType.InitAck => InitChunk.Read(isAck: true, value),
        SctpChunkType.Sack => SackChunk.Read(value),
        SctpChunkType.Heartbeat => HeartbeatChunk.Read(isAck: false, value),
        SctpChunkType.HeartbeatAck => HeartbeatChunk.Read(isAck: true, value),
        SctpChunkType.Abort => AbortChunk.Read(flags, value),
        SctpChunkType.Shutdown => ShutdownChunk.Read(value),
        SctpChunkType.ShutdownAck or SctpChunkType.CookieAck or SctpChunkType.ShutdownComplete => SignalChunk.Read((SctpChunkType)type, flags),
        SctpChunkType.Error => ErrorChunk.Read(value),
        SctpChunkType.CookieEcho => CookieEchoChunk.Read(value),
        SctpChunkType.ForwardTsn => ForwardTsnChunk.Read(value),
        SctpChunkType.Reconfig => ReconfigChunk.Read(value),
        _ => new UnknownChunk { TypeValue = type, FlagsValue = flags, Value = value.ToArray() },
    };
}
