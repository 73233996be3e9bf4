using Hospitality.Sim.Faults;
using Hospitality.Sync.Clock;
using Hospitality.Sync.Conflicts;
using Hospitality.Sync.Documents;
using Hospitality.Sync.Faults;
using Hospitality.Sync.Storage;

namespace Hospitality.Sim.Storage;

/// <summary>
/// The store a node's software uses: every call goes to the real store, and what changes durable
/// state is reported as it commits (a queued write, each outbox acknowledgement, each checkpoint
/// move, each recorded conflict), so checks run on every event that can break them. A power loss
/// inside a transaction kills the store: the node is crashed at once and the store takes no more writes.
/// </summary>
internal sealed class WatchedStore(IDocumentStore inner, string node, TransactionCrashes crashes, IStoreWatcher watcher) : IDocumentStore
{
    private bool _dead;

    public long LastSequence => inner.LastSequence;

    public int OutboxCount => inner.OutboxCount;

    public Document? Get(string collection, string id) => inner.Get(collection, id);

    public StoredChange? GetChange(string collection, string id) => inner.GetChange(collection, id);

    public HlcTimestamp? NewestStamp() => inner.NewestStamp();

    public ChangeBatch ChangesSince(long sequence, int limit) => inner.ChangesSince(sequence, limit);

    public ChangeBatch PropertyChangesSince(string property, long sequence, int limit) => inner.PropertyChangesSince(property, sequence, limit);

    public IReadOnlyList<OutboxEntry> PeekOutbox(int limit) => inner.PeekOutbox(limit);

    public IReadOnlyList<ConflictRecord> RecentConflicts(int limit) => inner.RecentConflicts(limit);

    public long GetCheckpoint(string upstream) => inner.GetCheckpoint(upstream);

    public StoredChange Put(Document document, bool queueForUpstream)
    {
        var stored = Write(() => inner.Put(document, queueForUpstream));
        if (queueForUpstream)
        {
            watcher.Queued(stored);
        }

        return stored;
    }

    public IReadOnlyList<StoredChange> PutBatch(IReadOnlyList<Document> documents, bool queueForUpstream)
    {
        var stored = Write(() => inner.PutBatch(documents, queueForUpstream));
        if (queueForUpstream)
        {
            foreach (var change in stored)
            {
                watcher.Queued(change);
            }
        }

        return stored;
    }

    public IReadOnlyList<StoredChange> PutPulled(IReadOnlyList<Document> documents, string upstream, long checkpoint)
    {
        var from = inner.GetCheckpoint(upstream);
        var stored = Write(() => inner.PutPulled(documents, upstream, checkpoint));
        watcher.CheckpointMoved(upstream, from, checkpoint);
        return stored;
    }

    public void AcknowledgeOutbox(IEnumerable<long> sequences)
    {
        var acknowledged = sequences.ToList();
        Write(() =>
        {
            inner.AcknowledgeOutbox(acknowledged);
            return 0;
        });
        watcher.Acknowledged(acknowledged);
    }

    public void RecordConflict(ConflictRecord record)
    {
        Write(() =>
        {
            inner.RecordConflict(record);
            return 0;
        });
        watcher.ConflictRecorded(record);
    }

    public void Dispose() => inner.Dispose();

    private T Write<T>(Func<T> write)
    {
        if (_dead)
        {
            throw new InjectedCrashException("a write after the power loss");
        }

        using var scope = crashes.Enter(node);
        try
        {
            return write();
        }
        catch (InjectedCrashException exception)
        {
            _dead = true;
            watcher.PowerLost(exception.Site);
            throw;
        }
    }
}
