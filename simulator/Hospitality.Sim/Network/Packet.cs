using Hospitality.Sim.Network.Tcp;

namespace Hospitality.Sim.Network;

/// <summary>
/// One IP packet in flight (a UDP datagram, possibly fragmented, or a TCP segment). Pooled by the
/// network: fields are reset on reuse, so nothing outside the network keeps a reference.
/// </summary>
internal sealed class Packet
{
    public long Id { get; set; }

    public SimHost Source { get; set; } = null!;

    public int SourcePort { get; set; }

    /// <summary>The sender's address when it sent; replies go there, even if the sender has moved since.</summary>
    public uint SourceAddress { get; set; }

    /// <summary>The receiving host; null while a multicast frame travels onto its segment.</summary>
    public SimHost? Destination { get; set; }

    public int DestinationPort { get; set; }

    /// <summary>The address the sender aimed at; a moved host no longer answers to its old one.</summary>
    public uint DestinationAddress { get; set; }

    /// <summary>The multicast group a copy was sent to; 0 for unicast.</summary>
    public uint Group { get; set; }

    /// <summary>A multicast frame relayed onto one shared medium, for the stations behind it only.</summary>
    public bool IsMediumRelay { get; set; }

    public TrafficKind Kind { get; set; }

    public ReadOnlyMemory<byte> Payload { get; set; }

    /// <summary>Bytes at the IP layer: payload plus IP and transport headers of every fragment.</summary>
    public int WireBytes { get; set; }

    public int Fragments { get; set; } = 1;

    public TcpHeader Tcp { get; set; }

    public Route Route { get; set; } = Route.None;

    public int Hop { get; set; }

    public void CopyFrom(Packet other)
    {
        Source = other.Source;
        SourcePort = other.SourcePort;
        SourceAddress = other.SourceAddress;
        Destination = other.Destination;
        DestinationPort = other.DestinationPort;
        DestinationAddress = other.DestinationAddress;
        Group = other.Group;
        IsMediumRelay = other.IsMediumRelay;
        Kind = other.Kind;
        Payload = other.Payload;
        WireBytes = other.WireBytes;
        Fragments = other.Fragments;
        Tcp = other.Tcp;
        Route = other.Route;
        Hop = other.Hop;
    }

    public void Clear()
    {
        Source = null!;
        Destination = null;
        Payload = default;
        Route = Route.None;
        Tcp = default;
        Hop = 0;
        Group = 0;
        IsMediumRelay = false;
        Fragments = 1;
    }
}
