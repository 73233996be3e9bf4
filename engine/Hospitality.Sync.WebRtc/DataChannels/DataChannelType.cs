namespace Hospitality.Sync.WebRtc.DataChannels;

/// <summary>The DATA_CHANNEL_OPEN channel type (RFC 8832 section 5.1): reliability in the low bits, unordered in bit 7.</summary>
internal enum DataChannelType : byte
{
    Reliable = 0x00,
    PartialReliableRetransmit = 0x01,
    PartialReliableTimed = 0x02,
    ReliableUnordered = 0x80,
    PartialReliableRetransmitUnordered = 0x81,
    PartialReliableTimedUnordered = 0x82,
}
