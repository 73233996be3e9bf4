using Hospitality.Sync.Clock;
using Hospitality.Sync.Conflicts;
using Hospitality.Sync.Documents;
using Hospitality.Sync.Scoping;
using Hospitality.Sync.Storage;

namespace Hospitality.Sim.Checks;

/// <summary>
/// The check that does not trust the engine's clock or resolver: the workload records what each
/// writer held of a document when it wrote it, and a version must never lose to one its writer had
/// already seen (an ancestor), on any replica, while the run goes on or after it heals. It also
/// finds stamps given to two writes, and checks each node's conflict log against the conflicts
/// that happened: only written versions, the later stamp kept, and every concurrent write of the
/// node that a replacement discarded on it recorded there.
/// </summary>
public sealed class CausalOracle
{
    private readonly Dictionary<HlcTimestamp, WrittenVersion> _versions = [];
    private readonly Dictionary<(string Node, string Collection, string Id), HlcTimestamp> _held = [];
    private readonly HashSet<(string Node, HlcTimestamp Loser)> _recordedLosers = [];
    private readonly Dictionary<string, List<ConflictRecord>> _records = new(StringComparer.Ordinal);
    private readonly List<string> _violations = [];

    public IReadOnlyList<string> Violations => _violations;

    /// <summary>Acknowledged writes recorded so far.</summary>
    public int Acknowledged { get; private set; }

    /// <summary>
    /// Records a write from the workload's side: <paramref name="held"/> is the version of the
    /// document the writer's replica held when it wrote (null for none). An unacknowledged write is
    /// one whose writer crashed after it was committed: durable, but owed to no one.
    /// </summary>
    public void Written(string node, Document written, Document? held, bool acknowledged, string when)
    {
        if (_versions.TryGetValue(written.Stamp, out var other))
        {
            _violations.Add($"{when}: {node} wrote {written.Collection}/{written.Id} at {written.Stamp}, the stamp of {other.Node}'s write of {other.Collection}/{other.Id}: stamps must be unique");
            return;
        }

        _versions.Add(written.Stamp, new WrittenVersion(_versions.Count, node, written.Collection, written.Id, held?.Stamp, acknowledged, written));
        Acknowledged += acknowledged ? 1 : 0;
    }

    /// <summary>A replica committed these versions (its local writes and merges): none may replace a version with one of its ancestors.</summary>
    public void Stored(string node, IReadOnlyList<StoredChange> changes, string when)
    {
        foreach (var change in changes)
        {
            var document = change.Document;
            var key = (node, document.Collection, document.Id);

            // A version not yet recorded is a local write on its way back to the workload, which records what it replaced.
            if (_versions.ContainsKey(document.Stamp) && _held.TryGetValue(key, out var before) && before != document.Stamp)
            {
                if (IsAncestor(document.Stamp, before))
                {
                    _violations.Add($"{when}: {node} replaced {document.Collection}/{document.Id} at {before} with {document.Stamp}, which {Writer(before)} had already seen when writing it");
                }
                else if (_versions.TryGetValue(before, out var lost) && lost.Node == node && !IsAncestor(before, document.Stamp)
                    && !_recordedLosers.Contains((node, before)))
                {
                    _violations.Add($"{when}: {node} discarded its own concurrent write of {document.Collection}/{document.Id} at {before} for {document.Stamp} without a conflict record");
                }
            }

            _held[key] = document.Stamp;
        }
    }

    /// <summary>After a restart: what the disk holds must not be causally behind what the replica had committed before it crashed.</summary>
    public void Reopened(string node, IDocumentStore store, string when) =>
        Stored(node, store.ChangesSince(0, int.MaxValue).Changes, when);

    /// <summary>A node's conflict log stored a record: both versions written, the later stamp kept, never a version its writer had seen.</summary>
    public void ConflictRecorded(string node, ConflictRecord record, string when)
    {
        (_records.TryGetValue(node, out var records) ? records : _records[node] = []).Add(record);
        _recordedLosers.Add((node, record.LoserStamp));
        var document = $"{record.Collection}/{record.Id}";
        if (!IsVersionOf(record.WinnerStamp, record) || !IsVersionOf(record.LoserStamp, record))
        {
            _violations.Add($"{when}: {node}'s conflict log names a version of {document} nobody wrote ({record.WinnerStamp} over {record.LoserStamp})");
        }
        else if (record.WinnerStamp.CompareTo(record.LoserStamp) <= 0)
        {
            _violations.Add($"{when}: {node}'s conflict log kept {record.WinnerStamp} of {document} over the later {record.LoserStamp}");
        }
        else if (IsAncestor(record.WinnerStamp, record.LoserStamp))
        {
            _violations.Add($"{when}: {node}'s conflict log kept {record.WinnerStamp} of {document} over {record.LoserStamp}, whose writer had already seen it");
        }
    }

    /// <summary>
    /// After the heal: no replica's final version is an ancestor of an acknowledged write (which
    /// would be an edit lost to the version it replaced), and every conflict a node recorded is in its durable log.
    /// </summary>
    public IReadOnlyList<string> CheckFinal(IEnumerable<(string Name, IDocumentStore Store)> replicas) =>
        CheckFinal(replicas.Select(replica => (replica.Name, replica.Store, ReplicaScope.WholeChain)));

    /// <summary>As the check above; a replica scoped to one property owes only the writes its scope holds (a transfer away leaves a tombstone).</summary>
    public IReadOnlyList<string> CheckFinal(IEnumerable<(string Name, IDocumentStore Store, ReplicaScope Scope)> replicas)
    {
        var found = new List<string>();
        var acknowledged = _versions.Where(pair => pair.Value.Acknowledged)
            .ToLookup(pair => (pair.Value.Collection, pair.Value.Id), pair => pair.Key);
        foreach (var (name, store, scope) in replicas)
        {
            var lost = 0;
            string? first = null;
            foreach (var holds in store.ChangesSince(0, int.MaxValue).Changes.Select(change => change.Document))
            {
                foreach (var write in acknowledged[(holds.Collection, holds.Id)])
                {
                    if (write != holds.Stamp && scope.Holds(_versions[write].Version) && IsAncestor(holds.Stamp, write))
                    {
                        lost++;
                        first ??= $"{holds.Collection}/{holds.Id} at {write} by {_versions[write].Node}, overwritten by {holds.Stamp}, which its writer had already seen";
                    }
                }
            }

            if (lost > 0)
            {
                found.Add($"after heal: {name} lost {lost} acknowledged writes to versions they replaced, first: {first}");
            }

            var durable = store.RecentConflicts(SqliteDocumentStore.ConflictsKept).ToHashSet();
            var missing = _records.GetValueOrDefault(name, []).TakeLast(SqliteDocumentStore.ConflictsKept).Count(record => !durable.Contains(record));
            if (missing > 0)
            {
                found.Add($"after heal: {name}'s durable conflict log lacks {missing} records it committed");
            }
        }

        return found;
    }

    // Walks the writer-held chain down from the descendant; indexes only fall along it, so it ends.
    private bool IsAncestor(HlcTimestamp ancestor, HlcTimestamp descendant)
    {
        if (!_versions.TryGetValue(descendant, out var version))
        {
            return false;
        }

        while (version.Held is { } held)
        {
            if (held == ancestor)
            {
                return true;
            }

            if (!_versions.TryGetValue(held, out var parent) || parent.Index >= version.Index)
            {
                return false;
            }

            version = parent;
        }

        return false;
    }

    private bool IsVersionOf(HlcTimestamp stamp, ConflictRecord record) =>
        _versions.TryGetValue(stamp, out var version) && version.Collection == record.Collection && version.Id == record.Id;

    private string Writer(HlcTimestamp stamp) => _versions.TryGetValue(stamp, out var version) ? $"{version.Node} (its writer)" : "its writer";

    private sealed record WrittenVersion(int Index, string Node, string Collection, string Id, HlcTimestamp? Held, bool Acknowledged, Document Version);
}
