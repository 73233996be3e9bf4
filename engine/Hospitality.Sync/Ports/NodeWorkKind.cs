namespace Hospitality.Sync.Ports;

/// <summary>The kinds of work a node does to replicate, each with its own cost.</summary>
public enum NodeWorkKind
{
    /// <summary>A server's: a page of the change feed read and encoded for a pull.</summary>
    PullPage,

    /// <summary>A server's: a pushed batch decoded and merged in one transaction.</summary>
    PushBatch,

    /// <summary>A server's: a page of live changes sent to one subscriber.</summary>
    LiveFanOut,

    /// <summary>A server's: a health check or a hello.</summary>
    Health,

    /// <summary>A client's: a pulled page or a live change from its upstream decoded and merged in one transaction.</summary>
    ApplyChanges,

    /// <summary>A client's: a batch taken from its outbox and encoded as a push.</summary>
    PushOutbox,
}
