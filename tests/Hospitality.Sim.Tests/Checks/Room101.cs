using Hospitality.Sync.Clock;
using Hospitality.Sync.Documents;
using Hospitality.Sync.Storage;

namespace Hospitality.Sim.Tests.Checks;

/// <summary>The one room the oracle tests write: its versions by stamp, and replicas holding one of them.</summary>
internal static class Room101
{
    public static Document Version(string status, long wall, string node) =>
        new("rooms", "room-101", $$"""{"status":"{{status}}"}""", new HlcTimestamp(wall, 0, node), false, node);

    public static SqliteDocumentStore ReplicaHolding(Document document)
    {
        var store = SqliteDocumentStore.OpenInMemory();
        store.Put(document, queueForUpstream: false);
        return store;
    }
}
