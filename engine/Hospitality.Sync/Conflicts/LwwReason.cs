namespace Hospitality.Sync.Conflicts;

/// <summary>Why one version won a last-write-wins resolution: the first field in which the two differ.</summary>
public enum LwwReason
{
    /// <summary>The versions are the same in every field: there was nothing to resolve.</summary>
    Identical,

    /// <summary>The winner was written at a later wall time.</summary>
    LaterWallTime,

    /// <summary>Same wall time; the winner has the higher counter, so it was written later in that millisecond.</summary>
    HigherCounter,

    /// <summary>Same wall time and counter on two nodes: the ordinally greater node id wins.</summary>
    NodeIdTieBreak,

    /// <summary>
    /// Equal stamps but different content, which only a bug elsewhere produces (a node reusing a
    /// stamp); the greater body, then the tombstone, then the greater origin node wins.
    /// </summary>
    EqualStampTieBreak,
}
