using Hospitality.Sync.Scoping;
using Hospitality.Sync.Storage;

namespace Hospitality.Sync.Replication;

/// <summary>
/// One property's share of a whole-chain server's change feed, as that property's connections pull
/// and stream it: the changes its scope concerns, as its scope keeps them. It is found through the
/// store's (reach, sequence) index and the followers' sequences of the documents the property follows,
/// not by filtering the whole chain's feed, so a property's page costs what its own share of the chain
/// does instead of growing with the number of properties. The answer is the filter's: the same
/// changes in the same order, and the same checkpoint (the page's last change when it is full, else
/// the end of the feed).
/// </summary>
internal sealed class PropertyFeed(Replica replica, Followers followers)
{
    /// <summary>The next <paramref name="limit"/> changes after <paramref name="since"/> that <paramref name="scope"/> (one property's) concerns.</summary>
    public ChangeBatch ChangesSince(ReplicaScope scope, long since, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var property = scope.Property ?? throw new ArgumentException("A property's share of the feed needs one property's scope.", nameof(scope));
        if (since >= replica.LastSequence)
        {
            return new ChangeBatch([], since); // a stream that has sent everything asks once more before it waits
        }

        var kept = new List<StoredChange>();
        for (var from = since; ;)
        {
            var stored = replica.Store.PropertyChangesSince(property, from, limit).Changes;
            var followed = followers.FollowedSince(property, from, limit);

            // A source cut at the limit may have rows below the other's next ones past its last row:
            // this round goes no further than the lower of the cut sources' last rows.
            var frontier = long.MaxValue;
            if (stored.Count == limit)
            {
                frontier = stored[^1].Sequence;
            }

            if (followed.Count == limit)
            {
                frontier = Math.Min(frontier, followed[^1].Sequence);
            }

            var (s, f) = (0, 0);
            while (s < stored.Count || f < followed.Count)
            {
                var fromStore = f == followed.Count || (s < stored.Count && stored[s].Sequence < followed[f].Sequence);
                if ((fromStore ? stored[s].Sequence : followed[f].Sequence) > frontier)
                {
                    break;
                }

                var change = fromStore ? stored[s++] : Followed(followed[f++]);
                if (fromStore && scope.IsFollowed(change.Document))
                {
                    continue; // only a store without the index returns one; the followers' rows have it
                }

                if (scope.Concerns(change, followers))
                {
                    var document = scope.AsKept(change.Document);
                    kept.Add(ReferenceEquals(document, change.Document) ? change : change with { Document = document });
                    if (kept.Count == limit)
                    {
                        return new ChangeBatch(kept, change.Sequence);
                    }
                }
            }

            if (frontier == long.MaxValue)
            {
                // Read to the end of the feed: the checkpoint is its end, as a filter of the whole feed reaches it.
                return new ChangeBatch(kept, Math.Max(since, replica.LastSequence));
            }

            from = frontier;
        }
    }

    private StoredChange Followed((long Sequence, string Collection, string Id) row) =>
        replica.Store.GetChange(row.Collection, row.Id) is { } change && change.Sequence == row.Sequence
            ? change
            : throw new InvalidOperationException($"{row.Collection}/{row.Id} is not at sequence {row.Sequence} of the feed, where the followers put it: a write bypassed the replica.");
}
