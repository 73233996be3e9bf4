namespace Hospitality.Sim.Network;

/// <summary>
/// Packets and bytes on one counter. <see cref="WireBytes"/> is what crosses the IP layer (payload
/// plus IP and UDP/TCP headers, per fragment); <see cref="PayloadBytes"/> is the application's share.
/// </summary>
public sealed class TrafficCount
{
    public long Packets { get; private set; }

    public long WireBytes { get; private set; }

    public long PayloadBytes { get; private set; }

    internal void Add(int wireBytes, int payloadBytes)
    {
        Packets++;
        WireBytes += wireBytes;
        PayloadBytes += payloadBytes;
    }
}
