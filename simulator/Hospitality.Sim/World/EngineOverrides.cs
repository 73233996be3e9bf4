using Hospitality.Sim.Faults;
using Hospitality.Sync.Clock;
using Hospitality.Sync.Conflicts;
using Hospitality.Sync.Documents;
using Hospitality.Sync.Replication;
using Hospitality.Sync.Storage;

namespace Hospitality.Sim.World;

/// <summary>
/// How a test plants a known bug in every node of a world (a store that misbehaves, a broken
/// conflict rule, a clock that skips its receive step) to prove the checks catch it, and which
/// nodes keep their store in a real file. Worlds without overrides run the engine as shipped, in memory.
/// </summary>
public sealed record EngineOverrides
{
    /// <summary>Names the nodes whose store is a SQLite file in WAL mode with the production settings, in a temp folder.</summary>
    public IReadOnlySet<string> FileStores { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Replaces the HLC receive rule for merged stamps, given the node's clock.</summary>
    public Func<HybridLogicalClock, Func<HlcTimestamp, HlcTimestamp>>? Observe { get; init; }

    /// <summary>Wraps each store as it is opened (at boot and after every restart).</summary>
    public Func<IDocumentStore, IDocumentStore>? WrapStore { get; init; }

    /// <summary>The world's crash sites, which every node's watched store names itself to.</summary>
    internal TransactionCrashes Crashes { get; init; } = new();

    /// <summary>How the Greengrasses and the cloud serve (smaller live-stream pages, say); null serves with the engine's defaults.</summary>
    public ReplicationServerOptions? Serving { get; init; }

    /// <summary>Replaces last-write-wins.</summary>
    public Func<Document, Document, LwwResolution>? Resolve { get; init; }
}
