namespace Hospitality.Sync.Storage;

/// <summary>
/// A page of the change feed: the latest version of every document changed after a sequence, in
/// sequence order, and the checkpoint to ask from next time (the last sequence in the page).
/// </summary>
public sealed record ChangeBatch(IReadOnlyList<StoredChange> Changes, long Checkpoint)
{
    public bool IsEmpty => Changes.Count == 0;
}
