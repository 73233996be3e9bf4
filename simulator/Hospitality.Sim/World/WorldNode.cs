using Hospitality.Sim.Kernel;
using Hospitality.Sim.Network;
using Hospitality.Sim.Storage;
using Hospitality.Sync.Clock;
using Hospitality.Sync.Conflicts;
using Hospitality.Sync.Documents;
using Hospitality.Sync.Replication;
using Hospitality.Sync.Scoping;
using Hospitality.Sync.Storage;

namespace Hospitality.Sim.World;

/// <summary>
/// One node of a hotel world: a host, its disk, and the engine software it runs. A crash stops the
/// software and abandons its open store; a restart reopens the store from the disk and boots the
/// software again, as a real device or server does after power returns. As a game component it
/// boots when built (so a world runs on the kernel alone too) and draws its state in every frame.
/// </summary>
public abstract class WorldNode : IGameComponent, IDisposable, IStoreWatcher
{
    private readonly SimDisk _disk;

    protected WorldNode(SimHost host, NodeRole role, int property, EngineOverrides? overrides)
    {
        Host = host;
        Role = role;
        Property = property;
        Scope = role == NodeRole.Cloud ? ReplicaScope.WholeChain : ReplicaScope.OfProperty(HotelChainWorld.PropertyId(property));
        Overrides = overrides;
        _disk = overrides?.FileStores.Contains(host.Name) == true ? SimDisk.OnFile() : SimDisk.InMemory();
        Replica = OpenReplica();
    }

    public SimHost Host { get; }

    public string Name => Host.Name;

    public NodeRole Role { get; }

    /// <summary>The property (1-based) the node belongs to; 0 for the cloud.</summary>
    public int Property { get; }

    /// <summary>What the node holds: its property's documents and the chain-wide ones, or everything (the cloud).</summary>
    public ReplicaScope Scope { get; }

    /// <summary>A planted bug or a test's knobs; null runs the engine as shipped.</summary>
    private protected EngineOverrides? Overrides { get; }

    /// <summary>Whether the node keeps its store in a real SQLite file (WAL) rather than in memory.</summary>
    public bool StoresOnFile => _disk.IsFile;

    /// <summary>The replica the running software uses; a new object after each restart.</summary>
    public Replica Replica { get; private set; }

    /// <summary>The store as on the node's disk, without the software's planted bugs or watchers: what checks read.</summary>
    public IDocumentStore Store { get; private set; } = null!;

    /// <summary>Changes committed on this node, by whichever replica is current: watchers need not follow restarts.</summary>
    public event Action<WorldNode, IReadOnlyList<StoredChange>>? Stored;

    /// <summary>Versions merged into this node's replica, stored or not (after <see cref="Stored"/>), by whichever replica is current.</summary>
    public event Action<WorldNode, IReadOnlyList<Sync.Documents.Document>>? Merged;

    /// <summary>A write joined the outbox (committed).</summary>
    public event Action<WorldNode, StoredChange>? Queued;

    /// <summary>Outbox entries were acknowledged (committed).</summary>
    public event Action<WorldNode, IReadOnlyList<long>>? Acknowledged;

    /// <summary>A pull checkpoint moved, with the documents it covered (committed): upstream, from, to.</summary>
    public event Action<WorldNode, string, long, long>? CheckpointMoved;

    /// <summary>The node's conflict log stored a record (committed).</summary>
    public event Action<WorldNode, ConflictRecord>? ConflictRecorded;

    /// <summary>The node's store lost power inside a transaction, at the named crash site; the world crashes the node.</summary>
    public event Action<WorldNode, string>? PowerLost;

    /// <summary>The node reopened its store from disk after a crash.</summary>
    public event Action<WorldNode>? Restarted;

    internal void Crash(VirtualNetwork network)
    {
        network.Crash(Host);
        Crashed();
    }

    /// <summary>The host just crashed: software that does not stop with the host's lifetime stops here.</summary>
    private protected virtual void Crashed()
    {
    }

    internal void Restart(VirtualNetwork network)
    {
        // The crashed software's cancellations have run by now: nothing uses the old store any more.
        Replica.Store.Dispose();
        network.Restart(Host);
        Replica = OpenReplica();
        Restarted?.Invoke(this);
        Boot();
    }

    /// <summary>The upstream the node syncs through right now, or null when none is live.</summary>
    public abstract string? ActiveEndpoint { get; }

    /// <summary>Its pushes as deltas so far, as client and as server, over every boot.</summary>
    public abstract PushDeltaCounts PushDeltas { get; }

    /// <summary>Starts the node's software on its host.</summary>
    internal abstract void Boot();

    void IGameComponent.Initialize(SimulationGame game)
    {
    }

    void IGameComponent.Update(SimTime time)
    {
    }

    bool IGameComponent.UpdatesEachStep => false;

    // The cloud's outbox holds its own writes with nowhere to push them: nothing waits there.
    void IGameComponent.Draw(FrameLog frames) =>
        frames.Record(new HostFrame(Name, Host.IsUp, Host.IsUp ? ActiveEndpoint : null, Role == NodeRole.Cloud ? 0 : Replica.Store.OutboxCount, Host.Clock.Offset));

    public void Dispose()
    {
        Replica.Store.Dispose();
        _disk.Dispose();
    }

    void IStoreWatcher.Queued(StoredChange change) => Queued?.Invoke(this, change);

    void IStoreWatcher.Acknowledged(IReadOnlyList<long> sequences) => Acknowledged?.Invoke(this, sequences);

    void IStoreWatcher.CheckpointMoved(string upstream, long from, long to) => CheckpointMoved?.Invoke(this, upstream, from, to);

    void IStoreWatcher.ConflictRecorded(ConflictRecord record) => ConflictRecorded?.Invoke(this, record);

    void IStoreWatcher.PowerLost(string site) => PowerLost?.Invoke(this, site);

    private Replica OpenReplica()
    {
        var disk = _disk.Open();
        Store = disk;
        IDocumentStore watched = new WatchedStore(disk, Name, Overrides?.Crashes ?? new(), this);
        var clock = new HybridLogicalClock(Host.Clock, Host.Name);
        var validator = Role == NodeRole.Cloud ? null : new DocumentValidator(HotelCollections.All, Scope);
        var replica = new Replica(Overrides?.WrapStore?.Invoke(watched) ?? watched, clock, validator, resolve: Overrides?.Resolve, observe: Overrides?.Observe?.Invoke(clock));
        replica.Changed += changes => Stored?.Invoke(this, changes);
        replica.Merged += documents => Merged?.Invoke(this, documents);
        return replica;
    }
}
