using Hospitality.Sync.Storage;

namespace Hospitality.Sync.Replication;

/// <summary>
/// The oldest outbox entries taken for one push: the versions still worth pushing (a queued version
/// that a newer one replaced is left out, since pushing it would be an echo) and every entry's
/// sequence, which <see cref="Replica.AcknowledgeOutbox"/> takes back once the upstream answered.
/// </summary>
public sealed record OutboxBatch(IReadOnlyList<StoredChange> Changes, IReadOnlyList<long> Sequences)
{
    public bool IsEmpty => Sequences.Count == 0;
}
