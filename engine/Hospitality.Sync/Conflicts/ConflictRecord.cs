using Hospitality.Sync.Clock;

namespace Hospitality.Sync.Conflicts;

/// <summary>
/// One resolved conflict, as shown to an operator: which document, the stamps of the version kept
/// and the version discarded, why, and the node that resolved it (each replica resolves on its own).
/// </summary>
public sealed record ConflictRecord(
    string Collection,
    string Id,
    HlcTimestamp WinnerStamp,
    HlcTimestamp LoserStamp,
    LwwReason Reason,
    string ResolvedByNode);
