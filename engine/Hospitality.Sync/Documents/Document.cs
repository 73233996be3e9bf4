using Hospitality.Sync.Clock;

namespace Hospitality.Sync.Documents;

/// <summary>
/// One version of one document: which collection and id, its JSON body, the HLC stamp of the
/// write that made it, whether it is a delete (a tombstone, which replicates like any version),
/// and the node that wrote it.
/// </summary>
public sealed record Document(string Collection, string Id, string BodyJson, HlcTimestamp Stamp, bool Deleted, string OriginNode);
