using Hospitality.Sync.Clock;
using Hospitality.Sync.Documents;

namespace Hospitality.Sync.Conflicts;

/// <summary>
/// Last-write-wins between two versions of the same document: the higher <c>HlcTimestamp</c> wins,
/// and a delete (tombstone) is a version like any other, so a later write brings a document back.
/// The versions are ranked by a total order over every field, so the merge (keep the winner) is
/// commutative, associative and idempotent, and replicas that see the same versions in any order
/// and grouping converge.
/// </summary>
public static class LwwResolver
{
    /// <summary>
    /// Resolves <paramref name="current"/> (what this replica holds) against <paramref name="incoming"/>
    /// (what arrived). Which argument is which only affects <see cref="LwwResolution.IncomingWins"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The versions belong to different documents.</exception>
    public static LwwResolution Resolve(Document current, Document incoming)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(incoming);
        if (!string.Equals(current.Collection, incoming.Collection, StringComparison.Ordinal)
            || !string.Equals(current.Id, incoming.Id, StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"Last-write-wins resolves versions of one document, not '{current.Collection}/{current.Id}' against '{incoming.Collection}/{incoming.Id}'.",
                nameof(incoming));
        }

        var (order, reason) = Rank(current, incoming);
        return order >= 0
            ? new LwwResolution(current, incoming, reason, IncomingWins: false)
            : new LwwResolution(incoming, current, reason, IncomingWins: true);
    }

    // The stamp decides, by its own order; equal stamps with different content fall through to
    // ordinal content comparisons, so even that bug leaves the merge deterministic.
    private static (int Order, LwwReason Reason) Rank(Document left, Document right)
    {
        var byStamp = left.Stamp.CompareTo(right.Stamp);
        if (byStamp != 0)
        {
            return (byStamp, StampReason(left.Stamp, right.Stamp));
        }

        var byContent = string.CompareOrdinal(left.BodyJson, right.BodyJson);
        if (byContent == 0)
        {
            byContent = left.Deleted.CompareTo(right.Deleted);
        }

        if (byContent == 0)
        {
            // The origin node is the last field that can differ; without it, two versions differing
            // only there would have no winner and the result would depend on argument order.
            byContent = string.CompareOrdinal(left.OriginNode, right.OriginNode);
        }

        return byContent != 0 ? (byContent, LwwReason.EqualStampTieBreak) : (0, LwwReason.Identical);
    }

    private static LwwReason StampReason(HlcTimestamp left, HlcTimestamp right) =>
        left.WallMilliseconds != right.WallMilliseconds ? LwwReason.LaterWallTime
        : left.Counter != right.Counter ? LwwReason.HigherCounter
        : LwwReason.NodeIdTieBreak;
}
