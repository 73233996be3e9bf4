namespace Hospitality.Sync.Ports;

/// <summary>Why a connection could not be opened or broke. <see cref="None"/> is a graceful close.</summary>
public enum ConnectionFailure
{
    None,

    /// <summary>Nothing listens on the remote endpoint (TCP RST to a SYN).</summary>
    Refused,

    /// <summary>No route to the remote host (no interface, unknown address).</summary>
    Unreachable,

    /// <summary>The peer stopped acknowledging: retransmissions ran out (partition, crashed peer).</summary>
    TimedOut,

    /// <summary>The peer reset the connection, or sent a frame that breaks the framing rules.</summary>
    Reset,

    /// <summary>This side aborted the connection.</summary>
    Aborted,

    /// <summary>The local address went away (moved from Wi-Fi to cellular, link down).</summary>
    NetworkChanged,
}
