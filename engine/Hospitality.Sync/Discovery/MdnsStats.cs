namespace Hospitality.Sync.Discovery;

/// <summary>What one host's mDNS sent, received, dropped and refused since start.</summary>
public sealed class MdnsStats
{
    public long PacketsSent { get; internal set; }

    public long BytesSent { get; internal set; }

    public long PacketsReceived { get; internal set; }

    public long BytesReceived { get; internal set; }

    /// <summary>Datagrams that did not decode as mDNS: dropped, never thrown.</summary>
    public long MalformedPackets { get; internal set; }

    /// <summary>Times another responder claimed one of our unique names with other data.</summary>
    public long NameConflicts { get; internal set; }

    /// <summary>Services found but not offered to the caller: the wrong property, or an address from another responder.</summary>
    public long RefusedServices { get; internal set; }
}
