namespace Hospitality.Sync.Ports;

/// <summary>The kinds of work a replication server does, each with its own cost.</summary>
public enum ServerWorkKind
{
    /// <summary>A page of the change feed read and encoded for a pull.</summary>
    PullPage,

    /// <summary>A pushed batch decoded and merged in one transaction.</summary>
    PushBatch,

    /// <summary>A page of live changes sent to one subscriber.</summary>
    LiveFanOut,

    /// <summary>A health check or a hello.</summary>
    Health,
}
