using Hospitality.Sim.Network;
using Hospitality.Sim.Storage;
using Hospitality.Sync.Clock;
using Hospitality.Sync.Conflicts;
using Hospitality.Sync.Replication;
using Hospitality.Sync.Storage;

namespace Hospitality.Sim.Worlds;

/// <summary>
/// One node of a hotel world: a host, its disk, and the engine software it runs. A crash stops the
/// software and abandons its open store; a restart reopens the store from the disk and boots the
/// software again, as a real device or server does after power returns.
/// </summary>
public abstract class WorldNode : IDisposable
{
    private readonly SimDisk _disk;
    private readonly EngineOverrides? _overrides;

    protected WorldNode(SimHost host, NodeRole role, int property, EngineOverrides? overrides)
    {
        Host = host;
        Role = role;
        Property = property;
        _overrides = overrides;
        _disk = new SimDisk();
        Replica = OpenReplica();
    }

    public SimHost Host { get; }

    public string Name => Host.Name;

    public NodeRole Role { get; }

    /// <summary>The property (1-based) the node belongs to; 0 for the cloud.</summary>
    public int Property { get; }

    /// <summary>The replica the running software uses; a new object after each restart.</summary>
    public Replica Replica { get; private set; }

    /// <summary>Changes committed on this node, by whichever replica is current: watchers need not follow restarts.</summary>
    public event Action<WorldNode, IReadOnlyList<StoredChange>>? Stored;

    /// <summary>Conflicts resolved on this node, by whichever replica is current.</summary>
    public event Action<WorldNode, ConflictRecord>? Conflicted;

    internal void Crash(VirtualNetwork network) => network.Crash(Host);

    internal void Restart(VirtualNetwork network)
    {
        // The crashed software's cancellations have run by now: nothing uses the old store any more.
        Replica.Store.Dispose();
        network.Restart(Host);
        Replica = OpenReplica();
        Boot();
    }

    /// <summary>Starts the node's software on its host.</summary>
    internal abstract void Boot();

    public void Dispose()
    {
        Replica.Store.Dispose();
        _disk.Dispose();
    }

    private Replica OpenReplica()
    {
        IDocumentStore store = _disk.Open();
        var replica = new Replica(_overrides?.WrapStore?.Invoke(store) ?? store, new HybridLogicalClock(Host.Clock, Host.Name), resolve: _overrides?.Resolve);
        replica.Changed += changes => Stored?.Invoke(this, changes);
        replica.Conflicts.Recorded += record => Conflicted?.Invoke(this, record);
        return replica;
    }
}
