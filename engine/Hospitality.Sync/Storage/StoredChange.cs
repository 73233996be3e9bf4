using Hospitality.Sync.Documents;
using Hospitality.Sync.Scoping;

namespace Hospitality.Sync.Storage;

/// <summary>A document version as stored, with the local change sequence that wrote it.</summary>
public sealed record StoredChange(long Sequence, Document Document)
{
    /// <summary>The properties the document has left so far (a transfer away, however many times it moved since): a server's scoped feed reads them.</summary>
    internal Departures Departed { get; init; }
}
