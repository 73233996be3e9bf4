namespace Hospitality.Sync.Replication;

public enum ReplicatorState
{
    Stopped,

    /// <summary>Not connected; waiting to retry.</summary>
    Disconnected,

    Connecting,

    /// <summary>Connected, pulling the backlog by checkpoint.</summary>
    CatchingUp,

    /// <summary>Caught up: live changes stream in, local writes are pushed as they happen.</summary>
    Live,
}
