using Hospitality.Sync.Conflicts;
using Hospitality.Sync.Storage;

namespace Hospitality.Sim.Storage;

/// <summary>Told of each durable change a node's store committed, and of a power loss inside one of its transactions.</summary>
internal interface IStoreWatcher
{
    void Queued(StoredChange change);

    void Acknowledged(IReadOnlyList<long> sequences);

    void CheckpointMoved(string upstream, long from, long to);

    void ConflictRecorded(ConflictRecord record);

    void PowerLost(string site);
}
