using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Hospitality.Sync.WebRtc.Sctp;

/// <summary>
/// What an INIT-ACK's state cookie carries so the responder keeps no state until COOKIE-ECHO
/// (RFC 9260 section 5.1.3): both tags, both initial TSNs, the peer's window and streams, and when
/// it was made, all signed with HMAC-SHA256 under a per-association secret.
/// </summary>
internal sealed record StateCookie(
    uint LocalTag,
    uint LocalInitialTsn,
    uint PeerTag,
    uint PeerInitialTsn,
    uint PeerReceiverWindowBytes,
    ushort PeerOutboundStreams,
    ushort PeerInboundStreams,
    long CreatedUnixMilliseconds)
{
    private const int FieldsBytes = 32;
    private const int MacBytes = 32;
    public const int Bytes = FieldsBytes + MacBytes;

    public byte[] Seal(ReadOnlySpan<byte> secret)
    {
        var bytes = new byte[Bytes];
        var span = bytes.AsSpan();
        BinaryPrimitives.WriteUInt32BigEndian(span, LocalTag);
        BinaryPrimitives.WriteUInt32BigEndian(span[4..], LocalInitialTsn);
        BinaryPrimitives.WriteUInt32BigEndian(span[8..], PeerTag);
        BinaryPrimitives.WriteUInt32BigEndian(span[12..], PeerInitialTsn);
        BinaryPrimitives.WriteUInt32BigEndian(span[16..], PeerReceiverWindowBytes);
        BinaryPrimitives.WriteUInt16BigEndian(span[20..], PeerOutboundStreams);
        BinaryPrimitives.WriteUInt16BigEndian(span[22..], PeerInboundStreams);
        BinaryPrimitives.WriteInt64BigEndian(span[24..], CreatedUnixMilliseconds);
        HMACSHA256.HashData(secret, span[..FieldsBytes], span[FieldsBytes..]);
        return bytes;
    }

    /// <summary>The cookie's contents when it is ours and untouched; null for a forged, corrupted or foreign one.</summary>
    public static StateCookie? Open(ReadOnlySpan<byte> cookie, ReadOnlySpan<byte> secret)
    {
        if (cookie.Length != Bytes)
        {
            return null;
        }

        Span<byte> mac = stackalloc byte[MacBytes];
        HMACSHA256.HashData(secret, cookie[..FieldsBytes], mac);
        if (!CryptographicOperations.FixedTimeEquals(mac, cookie[FieldsBytes..]))
        {
            return null;
        }

        return new StateCookie(
            BinaryPrimitives.ReadUInt32BigEndian(cookie),
            BinaryPrimitives.ReadUInt32BigEndian(cookie[4..]),
            BinaryPrimitives.ReadUInt32BigEndian(cookie[8..]),
            BinaryPrimitives.ReadUInt32BigEndian(cookie[12..]),
            BinaryPrimitives.ReadUInt32BigEndian(cookie[16..]),
            BinaryPrimitives.ReadUInt16BigEndian(cookie[20..]),
            BinaryPrimitives.ReadUInt16BigEndian(cookie[22..]),
            BinaryPrimitives.ReadInt64BigEndian(cookie[24..]));
    }
}
