using System.Buffers.Binary;

namespace Hospitality.Sim.WebRtc;

/// <summary>
/// One DTLS 1.2 record as it travels (RFC 6347 section 4.1): content type, version 0xFEFD, epoch,
/// 48-bit sequence number, length, fragment. The model writes real headers so the demultiplexer
/// sees a real first byte and the network counts real sizes.
/// </summary>
public readonly record struct DtlsRecord(byte ContentType, ushort Epoch, ulong Sequence, ReadOnlyMemory<byte> Fragment)
{
    public const byte ChangeCipherSpec = 20;
    public const byte Alert = 21;
    public const byte Handshake = 22;
    public const byte ApplicationData = 23;

    public const int HeaderBytes = 13;

    /// <summary>A record's fragment is at most 2^14 bytes plus 2,048 of cipher expansion (RFC 6347 section 4.1.2.3 via RFC 5246 6.2.3).</summary>
    public const int FragmentMaxBytes = (1 << 14) + 2048;

    public const ushort Dtls12 = 0xFEFD;

    /// <summary>DTLS 1.0's version, which a ClientHello record may carry for compatibility.</summary>
    public const ushort Dtls10 = 0xFEFF;

    public int EncodedBytes => HeaderBytes + Fragment.Length;

    public void WriteTo(Span<byte> destination)
    {
        destination[0] = ContentType;
        BinaryPrimitives.WriteUInt16BigEndian(destination[1..], Dtls12);
        BinaryPrimitives.WriteUInt16BigEndian(destination[3..], Epoch);
        BinaryPrimitives.WriteUInt16BigEndian(destination[5..], (ushort)(Sequence >> 32));
        BinaryPrimitives.WriteUInt32BigEndian(destination[7..], (uint)Sequence);
        BinaryPrimitives.WriteUInt16BigEndian(destination[11..], (ushort)Fragment.Length);
        Fragment.Span.CopyTo(destination[HeaderBytes..]);
    }

    /// <summary>Reads every record of a datagram. Stops at the first malformed one and returns false then; the records read before it are kept.</summary>
    public static bool TryReadAll(ReadOnlySpan<byte> datagram, List<DtlsRecord> records)
    {
        var offset = 0;
        while (offset < datagram.Length)
        {
            var rest = datagram[offset..];
            if (rest.Length < HeaderBytes)
            {
                return false;
            }

            var type = rest[0];
            var version = BinaryPrimitives.ReadUInt16BigEndian(rest[1..]);
            var length = BinaryPrimitives.ReadUInt16BigEndian(rest[11..]);
            if (type is < ChangeCipherSpec or > ApplicationData || version is not (Dtls12 or Dtls10)
                || length > FragmentMaxBytes || length > rest.Length - HeaderBytes)
            {
                return false;
            }

            var epoch = BinaryPrimitives.ReadUInt16BigEndian(rest[3..]);
            var sequence = ((ulong)BinaryPrimitives.ReadUInt16BigEndian(rest[5..]) << 32) | BinaryPrimitives.ReadUInt32BigEndian(rest[7..]);
            records.Add(new DtlsRecord(type, epoch, sequence, rest.Slice(HeaderBytes, length).ToArray()));
            offset += HeaderBytes + length;
        }

        return true;
    }
}
