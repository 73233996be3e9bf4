using Hospitality.Sync.Documents;
using Hospitality.Sync.Storage;

namespace Hospitality.Sync.Replication;

/// <summary>
/// What merging a batch did, from its one transaction: the versions that won and were stored, and
/// for the rows that did not win, the master state that beat them (each once, in row order), which
/// is what a push answers as its conflicts.
/// </summary>
public sealed record MergeResult(IReadOnlyList<StoredChange> Stored, IReadOnlyList<Document> Lost)
{
    public static MergeResult Empty { get; } = new([], []);
}
