using Hospitality.Sync.Clock;
using Hospitality.Sync.Conflicts;
using Hospitality.Sync.Documents;
using Hospitality.Sync.Storage;

namespace Hospitality.Sim.Tests.Convergence;

/// <summary>A store that passes everything to the real one; planted bugs override the one thing they break.</summary>
internal abstract class DelegatingStore(IDocumentStore inner) : IDocumentStore
{
    protected IDocumentStore Inner { get; } = inner;

    public long LastSequence => Inner.LastSequence;

    public int OutboxCount => Inner.OutboxCount;

    public Document? Get(string collection, string id) => Inner.Get(collection, id);

    public StoredChange? GetChange(string collection, string id) => Inner.GetChange(collection, id);

    public HlcTimestamp? NewestStamp() => Inner.NewestStamp();

    public virtual StoredChange Put(Document document, bool queueForUpstream) => Inner.Put(document, queueForUpstream);

    // A batch is the same puts in one transaction: through Put, so a planted bug in Put applies to merged batches too.
    public IReadOnlyList<StoredChange> PutBatch(IReadOnlyList<Document> documents, bool queueForUpstream) =>
        documents.Select(document => Put(document, queueForUpstream)).ToList();

    public virtual IReadOnlyList<StoredChange> PutPulled(IReadOnlyList<Document> documents, string upstream, long checkpoint) =>
        Inner.PutPulled(documents, upstream, checkpoint);

    public virtual ChangeBatch ChangesSince(long sequence, int limit) => Inner.ChangesSince(sequence, limit);

    public virtual ChangeBatch PropertyChangesSince(string property, long sequence, int limit) => Inner.PropertyChangesSince(property, sequence, limit);

    public virtual IReadOnlyList<OutboxEntry> PeekOutbox(int limit) => Inner.PeekOutbox(limit);

    public virtual void AcknowledgeOutbox(IEnumerable<long> sequences) => Inner.AcknowledgeOutbox(sequences);

    public void RecordConflict(ConflictRecord record) => Inner.RecordConflict(record);

    public IReadOnlyList<ConflictRecord> RecentConflicts(int limit) => Inner.RecentConflicts(limit);

    public long GetCheckpoint(string upstream) => Inner.GetCheckpoint(upstream);

    public void Dispose() => Inner.Dispose();
}
