using Hospitality.Sim.World;
using Hospitality.Sync.Clock;
using Hospitality.Sync.Conflicts;
using Hospitality.Sync.Documents;
using Hospitality.Sync.Storage;

namespace Hospitality.Sim.Checks;

/// <summary>
/// Safety invariants checked on every event that can break them, as it commits (TigerBeetle's
/// first phase): a node's local write is stamped above every stamp it stored before, across
/// restarts too (the HLC send and receive rules); no store holds a version nobody wrote; an outbox
/// entry leaves, acknowledged or lost in a crash, only once an upstream holds that version or a
/// newer one; a checkpoint never goes back, never passes the end of its upstream's feed, and only
/// moves over documents the node then holds; and a store reopened after a crash still holds every
/// write it acknowledged, with its bookkeeping whole.
/// </summary>
public sealed class InvariantMonitor
{
    private readonly HotelChainWorld _world;
    private readonly HashSet<HlcTimestamp> _written = [];
    private readonly Dictionary<string, HlcTimestamp> _newestStored = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<(string Collection, string Id), Document>> _ownWrites = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SortedDictionary<long, Document>> _queued = new(StringComparer.Ordinal);
    private readonly List<string> _violations = [];

    public InvariantMonitor(HotelChainWorld world)
    {
        _world = world;
        foreach (var node in world.Nodes)
        {
            _queued[node.Name] = [];
            _ownWrites[node.Name] = [];
            node.Stored += OnStored;
            node.Queued += (queuedOn, change) => _queued[queuedOn.Name][change.Sequence] = change.Document;
            node.Acknowledged += OnAcknowledged;
            node.CheckpointMoved += OnCheckpointMoved;
            node.Restarted += OnRestarted;
        }
    }

    public IReadOnlyList<string> Violations => _violations;

    /// <summary>Checks each store's own bookkeeping (at the end of a run).</summary>
    public void CheckNow()
    {
        foreach (var node in _world.Nodes)
        {
            CheckBookkeeping(node);
        }
    }

    private void OnStored(WorldNode node, IReadOnlyList<StoredChange> changes)
    {
        foreach (var change in changes)
        {
            var document = change.Document;
            var stamp = document.Stamp;
            var newest = _newestStored.GetValueOrDefault(node.Name);
            if (document.OriginNode == node.Name && _written.Add(stamp))
            {
                // A local write: above everything this node stored before, its own writes and merged ones alike.
                if (_newestStored.ContainsKey(node.Name) && stamp.CompareTo(newest) <= 0)
                {
                    Violate($"{node.Name} wrote {document.Collection}/{document.Id} at HLC {stamp}, not after {newest}, which it had stored before");
                }

                _ownWrites[node.Name][(document.Collection, document.Id)] = document;
            }
            else if (!_written.Contains(stamp))
            {
                Violate($"{node.Name} stored {document.Collection}/{document.Id} at {stamp}, a version nobody wrote");
            }

            if (!_newestStored.ContainsKey(node.Name) || stamp.CompareTo(newest) > 0)
            {
                _newestStored[node.Name] = stamp;
            }
        }
    }

    private void OnAcknowledged(WorldNode node, IReadOnlyList<long> sequences)
    {
        var queued = _queued[node.Name];
        foreach (var sequence in sequences)
        {
            if (queued.Remove(sequence, out var document))
            {
                CheckDequeued(node, sequence, document, "acknowledged");
            }
        }
    }

    // A newer local version still queued carries the write on; otherwise an upstream must hold it (or better).
    private void CheckDequeued(WorldNode node, long sequence, Document document, string how)
    {
        var current = node.Store.GetChange(document.Collection, document.Id);
        var newerQueued = current is not null && current.Sequence != sequence && _queued[node.Name].ContainsKey(current.Sequence);
        if (!newerQueued && !_world.UpstreamsOf(node).Any(upstream => HoldsAtLeast(upstream.Store, document)))
        {
            Violate($"{node.Name} {how} {document.Collection}/{document.Id} at {document.Stamp} from its outbox, but no upstream holds it");
        }
    }

    private void OnCheckpointMoved(WorldNode node, string upstreamName, long from, long to)
    {
        if (to < from)
        {
            Violate($"{node.Name}'s checkpoint for {upstreamName} went back from {from} to {to}");
            return;
        }

        if (Upstream(node, upstreamName) is not { } upstream)
        {
            return;
        }

        var feed = upstream.Store;
        if (to > feed.LastSequence)
        {
            Violate($"{node.Name}'s checkpoint for {upstreamName} moved to {to}, past the end of its feed at {feed.LastSequence}");
            return;
        }

        // Whatever the upstream's feed still has in the range the checkpoint passed, and the node's scope
        // concerns, was in the page: the node holds it now (a transfer away as its tombstone). A guest the
        // node's property came to follow after the page was read was stored again past it, so the
        // upstream's followers as they are now judge the range.
        foreach (var change in feed.ChangesSince(from, (int)Math.Min(int.MaxValue, Math.Max(1, to - from))).Changes.TakeWhile(change => change.Sequence <= to))
        {
            if (node.Scope.Concerns(change, upstream.Replica.Followers) && !HoldsAtLeast(node.Store, node.Scope.AsKept(change.Document)))
            {
                Violate($"{node.Name}'s checkpoint for {upstreamName} moved from {from} to {to} past {change.Document.Collection}/{change.Document.Id} at {change.Document.Stamp} (sequence {change.Sequence}), which it does not hold");
                return;
            }
        }
    }

    private void OnRestarted(WorldNode node)
    {
        var store = node.Store;
        foreach (var document in _ownWrites[node.Name].Values)
        {
            if (!HoldsAtLeast(store, document))
            {
                Violate($"{node.Name} restarted without its acknowledged write of {document.Collection}/{document.Id} at {document.Stamp}");
            }
        }

        // Its own versions it committed as the power went are written, even if no one was told.
        foreach (var change in store.ChangesSince(0, int.MaxValue).Changes.Where(change => change.Document.OriginNode == node.Name))
        {
            _written.Add(change.Document.Stamp);
        }

        // Entries that left the outbox in the crash (an acknowledgement committed as the power went) are checked like any other.
        var present = store.PeekOutbox(int.MaxValue).ToDictionary(entry => entry.Sequence);
        var queued = _queued[node.Name];
        foreach (var (sequence, document) in queued.Where(pair => !present.ContainsKey(pair.Key)).ToList())
        {
            queued.Remove(sequence);
            CheckDequeued(node, sequence, document, "lost");
        }

        foreach (var entry in present.Values.Where(entry => !queued.ContainsKey(entry.Sequence)))
        {
            if (store.GetChange(entry.Collection, entry.Id) is { } change && change.Sequence == entry.Sequence)
            {
                queued.Add(entry.Sequence, change.Document);
            }
        }

        CheckBookkeeping(node);
    }

    private void CheckBookkeeping(WorldNode node)
    {
        var store = node.Store;
        var outbox = store.PeekOutbox(int.MaxValue).Count;
        if (outbox != store.OutboxCount)
        {
            Violate($"{node.Name}'s outbox holds {outbox} entries but its store counts {store.OutboxCount}");
        }

        var changes = store.ChangesSince(0, int.MaxValue).Changes;
        var last = changes.Count == 0 ? 0 : changes[^1].Sequence;
        if (last != store.LastSequence)
        {
            Violate($"{node.Name}'s feed ends at sequence {last} but its store says {store.LastSequence}");
        }
    }

    private WorldNode? Upstream(WorldNode node, string name) =>
        _world.UpstreamsOf(node).FirstOrDefault(upstream => (upstream.Role == NodeRole.Cloud ? "cloud" : "greengrass") == name);

    private static bool HoldsAtLeast(IDocumentStore store, Document document) =>
        store.Get(document.Collection, document.Id) is { } held && (held == document || !LwwResolver.Resolve(held, document).IncomingWins);

    private void Violate(string what) => _violations.Add($"{_world.Simulation.Now}: {what}");
}
