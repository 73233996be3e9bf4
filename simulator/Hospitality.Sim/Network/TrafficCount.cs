namespace Hospitality.Sim.Network;

/// <summary>
/// Packets and bytes on one counter. <see cref="WireBytes"/> is what crosses the IP layer (payload
/// plus IP and UDP/TCP headers, per fragment); <see cref="PayloadBytes"/> is the application's share.
/// </summary>
/// <remarks>
/// A struct, counted in place in its slot array (<see cref="TrafficCounters"/>): as a class, each of a
/// packet's three counts (total, host, host with peer) followed a pointer to an object of its own, and
/// a 500-device day counts about 40 M times. What the counters hand out is a copy: the count at that moment.
/// </remarks>
public struct TrafficCount
{
    public long Packets { readonly get; private set; }

    public long WireBytes { readonly get; private set; }

    public long PayloadBytes { readonly get; private set; }

    internal void Add(int wireBytes, int payloadBytes)
    {
        Packets++;
        WireBytes += wireBytes;
        PayloadBytes += payloadBytes;
    }
}
