using Hospitality.Sync.Documents;
using Hospitality.Sync.Scoping;

namespace Hospitality.Sync.Storage;

/// <summary>
/// A document version as stored, with the local change sequence that wrote it and the properties the
/// document has left so far (a transfer to another property, however many times it moved since).
/// </summary>
public sealed record StoredChange(long Sequence, Document Document, Departures Departed = default);
