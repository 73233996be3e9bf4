namespace Hospitality.Sim.Trials;

public enum FaultKind
{
    /// <summary>The nodes are cut off from every other host, both ways.</summary>
    Partition,

    /// <summary>The nodes' packets to everyone else are lost; the other way still works.</summary>
    OneWayPartition,

    /// <summary>The node crashes and restarts from its disk at <see cref="PlannedFault.Until"/>.</summary>
    Crash,

    /// <summary>The node's clock is set off true time by <see cref="PlannedFault.Seconds"/> (up to ±10 minutes).</summary>
    ClockSkew,

    /// <summary>The node's clock jumps by <see cref="PlannedFault.Seconds"/>, backwards or forwards.</summary>
    ClockJump,

    /// <summary>The node's access link loses, duplicates and reorders packets until it clears.</summary>
    LossBurst,

    /// <summary>The device leaves the building's Wi-Fi for cellular, and comes back.</summary>
    Handover,

    /// <summary>The property's internet line goes down (the nodes name the property, e.g. "property-2").</summary>
    InternetOutage,

    /// <summary>The node's store loses power at <see cref="PlannedFault.Site"/> the next time a transaction reaches it; the node restarts at <see cref="PlannedFault.Until"/>.</summary>
    TransactionCrash,

    /// <summary>A P2P property's mesh splits: the named tablets lose every direct path to its other tablets (both keep their servers).</summary>
    MeshSplit,

    /// <summary>The named server's signaling server crashes (the server itself keeps serving) and comes back at <see cref="PlannedFault.Until"/>.</summary>
    SignalingOutage,
}
