using System.Buffers.Binary;

namespace Hospitality.Sync.Hosting.Dtls;

/// <summary>
/// Drops datagrams BouncyCastle would fail the whole connection on instead of discarding them
/// (RFC 6347 section 4.1.2.7 asks to discard invalid records): broken record framing, and
/// protected records too short to hold AES-GCM's 8-byte explicit nonce and 16-byte tag, which
/// BouncyCastle answers with a fatal decode_error. Anyone who can spoof the peer's address could
/// otherwise end the session with one datagram.
/// </summary>
internal static class DtlsRecordFilter
{
    private const int HeaderBytes = 13;
    private const int GcmExpansionBytes = 8 + 16;

    public static bool IsWellFormed(ReadOnlySpan<byte> datagram)
    {
        if (datagram.IsEmpty)
        {
            return false;
        }

        while (!datagram.IsEmpty)
        {
            if (datagram.Length < HeaderBytes)
            {
                return false;
            }

            var type = datagram[0];
            var version = BinaryPrimitives.ReadUInt16BigEndian(datagram[1..]);
            var epoch = BinaryPrimitives.ReadUInt16BigEndian(datagram[3..]);
            var length = BinaryPrimitives.ReadUInt16BigEndian(datagram[11..]);
            if (type is < 20 or > 25 || version is not (0xFEFD or 0xFEFF) || length > datagram.Length - HeaderBytes
                || (epoch > 0 && length < GcmExpansionBytes))
            {
                return false;
            }

            datagram = datagram[(HeaderBytes + length)..];
        }

        return true;
    }
}
