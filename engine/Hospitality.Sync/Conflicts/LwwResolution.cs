using Hospitality.Sync.Documents;

namespace Hospitality.Sync.Conflicts;

/// <summary>
/// The outcome of resolving two versions of one document: the one that stays, the one that lost,
/// why, and whether the incoming version replaces the current one (what a store has to write).
/// </summary>
public sealed record LwwResolution(Document Winner, Document Loser, LwwReason Reason, bool IncomingWins)
{
    /// <summary>The versions differed, so one of them was discarded and the conflict is worth recording.</summary>
    public bool IsConflict => Reason != LwwReason.Identical;
}
