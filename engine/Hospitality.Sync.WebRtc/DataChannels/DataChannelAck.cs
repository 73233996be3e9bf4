namespace Hospitality.Sync.WebRtc.DataChannels;

/// <summary>DATA_CHANNEL_ACK (RFC 8832 section 5.2): the peer accepted the OPEN; the opener may now send ordered.</summary>
internal sealed record DataChannelAck : DcepMessage
{
    public static DataChannelAck Instance { get; } = new();

    public override byte[] Encode() => [AckType];
}
