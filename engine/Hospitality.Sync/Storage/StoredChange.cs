using Hospitality.Sync.Documents;

namespace Hospitality.Sync.Storage;

/// <summary>A document version as stored, with the local change sequence that wrote it.</summary>
public sealed record StoredChange(long Sequence, Document Document);
