namespace Hospitality.Sim.Network;

/// <summary>Why the network did not deliver a packet.</summary>
public enum DropReason
{
    /// <summary>Random loss drawn from the hop's profile.</summary>
    Loss,

    /// <summary>The hop's queue was full (tail drop).</summary>
    Congestion,

    /// <summary>A partition separates sender and receiver.</summary>
    Partition,

    /// <summary>A link on the path is down (internet outage).</summary>
    LinkDown,

    /// <summary>The destination host is crashed, offline or unknown.</summary>
    HostDown,

    /// <summary>No socket listens on the destination port.</summary>
    NoListener,

    /// <summary>The receiving socket's buffer was full.</summary>
    ReceiveBufferFull,

    /// <summary>A multicast frame on a carrier's network: carriers do not forward multicast between subscribers.</summary>
    MulticastNotForwarded,

    /// <summary>Two clients of a segment whose access points isolate clients: only the segment's servers reach them.</summary>
    ClientIsolation,
}
