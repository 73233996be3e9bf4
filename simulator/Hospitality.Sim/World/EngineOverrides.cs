using Hospitality.Sync.Conflicts;
using Hospitality.Sync.Documents;
using Hospitality.Sync.Storage;

namespace Hospitality.Sim.World;

/// <summary>
/// How a test plants a known bug in every node of a world (a store that misbehaves, a broken
/// conflict rule) to prove the checks catch it. Worlds without overrides run the engine as shipped.
/// </summary>
public sealed record EngineOverrides
{
    /// <summary>Wraps each store as it is opened (at boot and after every restart).</summary>
    public Func<IDocumentStore, IDocumentStore>? WrapStore { get; init; }

    /// <summary>Replaces last-write-wins.</summary>
    public Func<Document, Document, LwwResolution>? Resolve { get; init; }
}
