using Hospitality.Sync.Clock;
using Hospitality.Sync.Conflicts;
using Hospitality.Sync.Documents;

namespace Hospitality.Sync.Storage;

/// <summary>
/// A node's durable state: the latest version of each document, a change feed numbered by a local
/// sequence that only grows, the outbox of local writes not yet acknowledged upstream, and a pull
/// checkpoint per upstream. Every method is one transaction: it happens whole or not at all.
/// </summary>
public interface IDocumentStore : IDisposable
{
    /// <summary>The highest change sequence written so far (0 for an empty store).</summary>
    long LastSequence { get; }

    /// <summary>Local writes not yet acknowledged by any upstream.</summary>
    int OutboxCount { get; }

    Document? Get(string collection, string id);

    /// <summary>The latest version of a document with the sequence that stored it.</summary>
    StoredChange? GetChange(string collection, string id);

    /// <summary>The greatest HLC stamp stored, so a restarted node's clock resumes above it.</summary>
    HlcTimestamp? NewestStamp();

    /// <summary>
    /// Stores <paramref name="document"/> as the latest version of its id under the next sequence.
    /// With <paramref name="queueForUpstream"/> (a local write, or a write pushed up from a node below)
    /// it also joins the outbox, in the same transaction.
    /// </summary>
    StoredChange Put(Document document, bool queueForUpstream);

    /// <summary>
    /// Stores a merged batch (versions pushed or sent from elsewhere that won) in one transaction,
    /// each as <see cref="Put"/> would, so a crash keeps all of the batch or none of it.
    /// </summary>
    IReadOnlyList<StoredChange> PutBatch(IReadOnlyList<Document> documents, bool queueForUpstream);

    /// <summary>
    /// Stores versions pulled from <paramref name="upstream"/> and advances its checkpoint in one
    /// transaction, so a crash never leaves the checkpoint ahead of the documents.
    /// </summary>
    /// <exception cref="StoreException">The checkpoint is behind the one stored: checkpoints never go backwards.</exception>
    IReadOnlyList<StoredChange> PutPulled(IReadOnlyList<Document> documents, string upstream, long checkpoint);

    /// <summary>Documents changed after <paramref name="sequence"/>, oldest first, at most <paramref name="limit"/>.</summary>
    ChangeBatch ChangesSince(long sequence, int limit);

    /// <summary>
    /// As <see cref="ChangesSince"/>, but only the changes that may concern <paramref name="property"/> on a
    /// whole-chain server, read from an index: its own documents, those every property hears of
    /// (chain-wide, unplaced, tombstones) and those that moved, never a followed document (the server's
    /// followers decide those) nor another property's own. A superset: the caller's scope decides each
    /// row. The checkpoint is the last row's sequence. A store without such an index may return the
    /// whole feed, as this default does.
    /// </summary>
    ChangeBatch PropertyChangesSince(string property, long sequence, int limit) => ChangesSince(sequence, limit);

    /// <summary>The oldest outbox entries, at most <paramref name="limit"/>.</summary>
    IReadOnlyList<OutboxEntry> PeekOutbox(int limit);

    /// <summary>Removes acknowledged entries; the only way the outbox shrinks.</summary>
    void AcknowledgeOutbox(IEnumerable<long> sequences);

    /// <summary>Stores a resolved conflict; the store keeps the newest <c>ConflictsKept</c> of them.</summary>
    void RecordConflict(ConflictRecord record);

    /// <summary>The newest stored conflicts, newest first.</summary>
    IReadOnlyList<ConflictRecord> RecentConflicts(int limit);

    /// <summary>The last pulled position of <paramref name="upstream"/>'s change feed (0 before the first pull).</summary>
    long GetCheckpoint(string upstream);
}
