using System.Text.Json.Nodes;
using Hospitality.Sync.Access;
using Hospitality.Sync.Clock;
using Hospitality.Sync.Documents;
using Hospitality.Sync.Replication;

namespace Hospitality.Sync.Hosting.RxDb;

/// <summary>
/// Applies an RxDB push to a replica with our rule as the authority. A state whose assumed master is
/// the one stored follows it causally: its HLC stamp is placed after the master's, so it wins. A state
/// written against an older master is concurrent with what replaced it: its stamp comes from the
/// client's write time (<c>updatedAt</c>) after the master it saw, and last-write-wins by HLC decides,
/// exactly as between two of our own replicas. Every row that lost comes back in RxDB's conflicts
/// array as the real master state, which RxDB's default conflict handler then takes.
/// </summary>
internal static class RxDbPush
{
    public static IReadOnlyList<Document> Apply(Replica replica, string collection, IReadOnlyList<RxDbPushRow> rows, AccessGrant grant, long nowMilliseconds, bool queueForUpstream)
    {
        var incoming = new List<Document>(rows.Count);
        foreach (var row in rows)
        {
            var next = row.NewDocumentState;
            var master = replica.Get(collection, next.Id);

            // A retried push whose first attempt was stored but whose answer was lost: nothing to do, no conflict.
            if (master is not null && SameContent(master, next))
            {
                continue;
            }

            var follows = master is null ? row.AssumedMasterState is null : row.AssumedMasterState is { } assumed && SameContent(master, assumed);
            var after = follows ? master?.Stamp : row.AssumedMasterState?.Hlc;
            var stamp = StampAfter(next.UpdatedAtMilliseconds ?? nowMilliseconds, after, grant.Device);

            // Always on: a write that saw the master must outrank it, or the client's causal write would be lost.
            if (follows && master is not null && stamp <= master.Stamp)
            {
                throw new InvalidOperationException($"the stamp {stamp} of a write following {master.Stamp} does not come after it");
            }

            incoming.Add(new Document(collection, next.Id, next.BodyJson, stamp, next.Deleted, grant.Device));
        }

        if (incoming.Count > 0)
        {
            replica.Merge(incoming, queueForUpstream: queueForUpstream);
        }

        var conflicts = new List<Document>();
        foreach (var pushed in incoming)
        {
            if (replica.Get(collection, pushed.Id) is { } master && master.Stamp != pushed.Stamp && !conflicts.Exists(known => known.Id == master.Id))
            {
                conflicts.Add(master);
            }
        }

        return conflicts;
    }

    /// <summary>The HLC send rule for a client without a clock of its own: its write time, or just after the version it saw if that is later.</summary>
    internal static HlcTimestamp StampAfter(long physicalMilliseconds, HlcTimestamp? seen, string device)
    {
        if (seen is not { } previous || physicalMilliseconds > previous.WallMilliseconds)
        {
            return new HlcTimestamp(physicalMilliseconds, 0, device);
        }

        return previous.Counter < HlcTimestamp.MaxCounter
            ? new HlcTimestamp(previous.WallMilliseconds, previous.Counter + 1, device)
            : new HlcTimestamp(previous.WallMilliseconds + 1, 0, device);
    }

    private static bool SameContent(Document master, RxDbState state) =>
        master.Deleted == state.Deleted
        && (master.Deleted || JsonNode.DeepEquals(JsonNode.Parse(master.BodyJson), JsonNode.Parse(state.BodyJson)));
}
