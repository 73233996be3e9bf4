using Hospitality.Sim.World;
using Hospitality.Sync.Clock;
using Hospitality.Sync.Conflicts;
using Hospitality.Sync.Documents;
using Hospitality.Sync.Storage;

namespace Hospitality.Sim.Checks;

/// <summary>
/// Safety invariants checked while faults run (TigerBeetle's first phase): each node's HLC only
/// moves forward, across restarts too; no store holds a version nobody wrote; checkpoints never go
/// back; an outbox entry leaves only once an upstream holds that version or a newer one.
/// </summary>
public sealed class InvariantMonitor
{
    private static readonly string[] UpstreamNames = ["greengrass", "cloud"];

    private readonly HotelChainWorld _world;
    private readonly TimeSpan _interval;
    private readonly HashSet<HlcTimestamp> _written = [];
    private readonly Dictionary<string, HlcTimestamp> _lastLocalStamp = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Node, string Upstream), long> _checkpoints = [];
    private readonly Dictionary<string, SortedDictionary<long, Document>> _queued = new(StringComparer.Ordinal);
    private readonly List<string> _violations = [];
    private bool _stopped;

    public InvariantMonitor(HotelChainWorld world, TimeSpan? interval = null)
    {
        _world = world;
        _interval = interval ?? TimeSpan.FromSeconds(2);
        foreach (var node in world.Nodes)
        {
            node.Stored += OnStored;
        }

        world.Simulation.After(_interval, Tick);
    }

    public IReadOnlyList<string> Violations => _violations;

    /// <summary>Periodic checks run until stopped (event-driven ones go on).</summary>
    public void Stop() => _stopped = true;

    /// <summary>Runs the periodic checks now.</summary>
    public void CheckNow()
    {
        foreach (var node in _world.Nodes)
        {
            CheckCheckpoints(node);
            CheckOutbox(node);
        }
    }

    private void Tick()
    {
        if (_stopped)
        {
            return;
        }

        CheckNow();
        _world.Simulation.After(_interval, Tick);
    }

    private void OnStored(WorldNode node, IReadOnlyList<StoredChange> changes)
    {
        foreach (var change in changes)
        {
            var stamp = change.Document.Stamp;
            if (change.Document.OriginNode == node.Name && _written.Add(stamp))
            {
                if (_lastLocalStamp.TryGetValue(node.Name, out var last) && stamp.CompareTo(last) <= 0)
                {
                    Violate($"{node.Name} wrote {change.Document.Collection}/{change.Document.Id} at HLC {stamp}, not after its previous write at {last}");
                }

                _lastLocalStamp[node.Name] = stamp;
            }
            else if (!_written.Contains(stamp))
            {
                Violate($"{node.Name} stored {change.Document.Collection}/{change.Document.Id} at {stamp}, a version nobody wrote");
            }
        }
    }

    private void CheckCheckpoints(WorldNode node)
    {
        foreach (var upstream in UpstreamNames)
        {
            var checkpoint = node.Replica.Store.GetCheckpoint(upstream);
            if (_checkpoints.TryGetValue((node.Name, upstream), out var before) && checkpoint < before)
            {
                Violate($"{node.Name}'s checkpoint for {upstream} went back from {before} to {checkpoint}");
            }

            _checkpoints[(node.Name, upstream)] = checkpoint;
        }
    }

    private void CheckOutbox(WorldNode node)
    {
        var store = node.Replica.Store;
        var entries = store.PeekOutbox(int.MaxValue);
        var present = entries.Select(entry => entry.Sequence).ToHashSet();
        var queued = _queued.TryGetValue(node.Name, out var known) ? known : _queued[node.Name] = [];
        foreach (var (sequence, document) in queued.Where(pair => !present.Contains(pair.Key)).ToList())
        {
            queued.Remove(sequence);

            // A newer local version still queued carries the write on; otherwise an upstream must hold it (or better).
            var newerQueued = store.GetChange(document.Collection, document.Id) is { } current && current.Document != document && present.Contains(current.Sequence);
            if (!newerQueued && !_world.UpstreamsOf(node).Any(upstream => HoldsAtLeast(upstream.Replica.Store, document)))
            {
                Violate($"{node.Name} dropped {document.Collection}/{document.Id} at {document.Stamp} from its outbox, but no upstream holds it");
            }
        }

        foreach (var entry in entries.Where(entry => !queued.ContainsKey(entry.Sequence)))
        {
            // Only the version still latest is owed upstream; a superseded entry may leave unsent.
            if (store.GetChange(entry.Collection, entry.Id) is { } change && change.Sequence == entry.Sequence)
            {
                queued.Add(entry.Sequence, change.Document);
            }
        }
    }

    private static bool HoldsAtLeast(IDocumentStore store, Document document) =>
        store.Get(document.Collection, document.Id) is { } held && (held == document || !LwwResolver.Resolve(held, document).IncomingWins);

    private void Violate(string what) => _violations.Add($"{_world.Simulation.Now}: {what}");
}
