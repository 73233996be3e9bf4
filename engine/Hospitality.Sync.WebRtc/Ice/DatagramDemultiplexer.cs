namespace Hospitality.Sync.WebRtc.Ice;

/// <summary>
/// Sorts datagrams arriving on the one socket a peer connection uses: first byte 0-3 is STUN,
/// 20-63 is DTLS (RFC 9443 section 3). A STUN datagram must also carry the magic cookie.
/// </summary>
internal static class DatagramDemultiplexer
{
    public static DatagramKind Classify(ReadOnlySpan<byte> datagram)
    {
        if (datagram.IsEmpty)
        {
            return DatagramKind.Other;
        }

        return datagram[0] switch
        {
            <= 3 => Stun.StunMessage.LooksLikeStun(datagram) ? DatagramKind.Stun : DatagramKind.Other,
            >= 20 and <= 63 => DatagramKind.Dtls,
            _ => DatagramKind.Other,
        };
    }
}
