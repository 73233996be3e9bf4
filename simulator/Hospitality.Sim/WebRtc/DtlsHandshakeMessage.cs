using System.Buffers.Binary;

namespace Hospitality.Sim.WebRtc;

/// <summary>
/// A DTLS handshake message (RFC 6347 section 4.2.2): type, 24-bit length, message_seq, fragment
/// offset and length, body. The model never fragments, so it takes only whole messages.
/// </summary>
public readonly record struct DtlsHandshakeMessage(byte Type, ushort MessageSeq, ReadOnlyMemory<byte> Body)
{
    public const byte ClientHello = 1;
    public const byte ServerHello = 2;
    public const byte Certificate = 11;
    public const byte ServerKeyExchange = 12;
    public const byte CertificateRequest = 13;
    public const byte ServerHelloDone = 14;
    public const byte CertificateVerify = 15;
    public const byte ClientKeyExchange = 16;
    public const byte Finished = 20;

    public const int HeaderBytes = 12;

    public byte[] Encode()
    {
        var bytes = new byte[HeaderBytes + Body.Length];
        bytes[0] = Type;
        WriteUInt24(bytes.AsSpan(1), Body.Length);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(4), MessageSeq);
        WriteUInt24(bytes.AsSpan(6), 0);
        WriteUInt24(bytes.AsSpan(9), Body.Length);
        Body.Span.CopyTo(bytes.AsSpan(HeaderBytes));
        return bytes;
    }

    /// <summary>Reads one whole message filling <paramref name="fragment"/>; false for fragments, trailing bytes or lengths that do not add up.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> fragment, out DtlsHandshakeMessage message)
    {
        message = default;
        if (fragment.Length < HeaderBytes)
        {
            return false;
        }

        var length = ReadUInt24(fragment[1..]);
        var offset = ReadUInt24(fragment[6..]);
        var fragmentLength = ReadUInt24(fragment[9..]);
        if (offset != 0 || fragmentLength != length || length != fragment.Length - HeaderBytes)
        {
            return false;
        }

        message = new DtlsHandshakeMessage(fragment[0], BinaryPrimitives.ReadUInt16BigEndian(fragment[4..]), fragment[HeaderBytes..].ToArray());
        return true;
    }

    /// <summary>A Certificate message body: a 24-bit list length, then one 24-bit-length-prefixed DER certificate.</summary>
    public static byte[] CertificateBody(ReadOnlySpan<byte> der)
    {
        var body = new byte[6 + der.Length];
        WriteUInt24(body, 3 + der.Length);
        WriteUInt24(body.AsSpan(3), der.Length);
        der.CopyTo(body.AsSpan(6));
        return body;
    }

    /// <summary>The first certificate of a Certificate body; false when the lengths do not fit the body.</summary>
    public static bool TryReadCertificate(ReadOnlySpan<byte> body, out ReadOnlySpan<byte> der)
    {
        der = default;
        if (body.Length < 6)
        {
            return false;
        }

        var list = ReadUInt24(body);
        var first = ReadUInt24(body[3..]);
        if (list != body.Length - 3 || first == 0 || first > list - 3)
        {
            return false;
        }

        der = body.Slice(6, first);
        return true;
    }

    private static int ReadUInt24(ReadOnlySpan<byte> bytes) => (bytes[0] << 16) | (bytes[1] << 8) | bytes[2];

    private static void WriteUInt24(Span<byte> bytes, int value)
    {
        bytes[0] = (byte)(value >> 16);
        bytes[1] = (byte)(value >> 8);
        bytes[2] = (byte)value;
    }
}
