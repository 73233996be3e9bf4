namespace Hospitality.Sync.Storage;

/// <summary>A local write waiting to be acknowledged by an upstream (the offline queue).</summary>
public sealed record OutboxEntry(long Sequence, string Collection, string Id);
