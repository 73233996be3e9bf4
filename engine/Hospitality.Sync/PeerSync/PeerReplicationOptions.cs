namespace Hospitality.Sync.PeerSync;

/// <summary>Limits of <see cref="PeerReplication"/>.</summary>
public sealed record PeerReplicationOptions
{
    /// <summary>Documents per catch-up page: 50 hotel documents stay far below a browser's 256 KiB data-channel message.</summary>
    public int PageSize { get; init; } = 50;

    /// <summary>Documents per flooded change message, for the same reason.</summary>
    public int FloodBatchMax { get; init; } = 50;

    /// <summary>
    /// Whether this device asks its peers for flooded changes as deltas and sends them to peers that ask: a room's
    /// status change crosses a link in a few dozen bytes instead of its whole body.
    /// </summary>
    public bool Deltas { get; init; } = true;
}
