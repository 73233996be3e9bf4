namespace Hospitality.Sync.PeerSync;

/// <summary>Limits of <see cref="PeerReplication"/>.</summary>
public sealed record PeerReplicationOptions
{
    /// <summary>Documents per catch-up page: 50 hotel documents stay far below a browser's 256 KiB data-channel message.</summary>
    public int PageSize { get; init; } = 50;

    /// <summary>Documents per flooded change message, for the same reason.</summary>
    public int FloodBatchMax { get; init; } = 50;
}
