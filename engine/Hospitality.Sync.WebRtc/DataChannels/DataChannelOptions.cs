namespace Hospitality.Sync.WebRtc.DataChannels;

/// <summary>What <c>createDataChannel</c> takes. Partial reliability (maxRetransmits, maxPacketLifeTime) is not supported: channels are reliable.</summary>
public sealed record DataChannelOptions
{
    public bool Ordered { get; init; } = true;

    public string Protocol { get; init; } = "";
}
