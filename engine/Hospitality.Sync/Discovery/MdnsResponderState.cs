namespace Hospitality.Sync.Discovery;

public enum MdnsResponderState
{
    /// <summary>Not started, or waiting for an address (offline).</summary>
    Idle,

    /// <summary>Asking whether anyone holds our names (RFC 6762 §8.1).</summary>
    Probing,

    /// <summary>Names won; telling the segment (RFC 6762 §8.3).</summary>
    Announcing,

    /// <summary>Answering queries and defending the names.</summary>
    Established,

    /// <summary>Every rename lost: nothing is advertised until the network changes.</summary>
    GaveUp,

    Stopped,
}
