namespace Hospitality.Sim.Network;

/// <summary>The channel a packet belongs to, for byte counters.</summary>
public enum TrafficKind
{
    /// <summary>Unicast datagrams (UDP).</summary>
    Datagram,

    /// <summary>Multicast datagrams (mDNS and other segment-local discovery).</summary>
    Multicast,

    /// <summary>Message connections (TCP): data, acknowledgements, handshakes and closes.</summary>
    Stream,
}
