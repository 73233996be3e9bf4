using Hospitality.Sim.Kernel;
using Hospitality.Sim.Network;
using Hospitality.Sync.Replication;

namespace Hospitality.Sim.World;

/// <summary>A staff tablet: the real engine with MultiServerReplication toward its upstreams, in priority order.</summary>
public sealed class Tablet : WorldNode
{
    private readonly IReadOnlyList<ReplicationEndpoint> _endpoints;
    private readonly Simulation _simulation;
    private int _boots;

    internal Tablet(SimHost host, int property, string kind, IReadOnlyList<ReplicationEndpoint> endpoints, Simulation simulation, EngineOverrides? overrides)
        : base(host, NodeRole.Device, property, overrides)
    {
        Kind = kind;
        _endpoints = endpoints;
        _simulation = simulation;
        Boot();
    }

    /// <summary>What the device is used for, e.g. "front-desk" or "housekeeping".</summary>
    public string Kind { get; }

    /// <summary>The running replication; a new one after each restart.</summary>
    public MultiServerReplication Replication { get; private set; } = null!;

    public override string? ActiveEndpoint => Replication.ActiveEndpoint;

    internal override void Boot()
    {
        var replication = MultiServerReplication.Create(
            Replica,
            Host.Network,
            new MultiServerReplicationOptions { Endpoints = _endpoints, Replicator = new() { Upstream = "unset", Host = "unset", Property = Scope.Property } },
            Host.Clock,
            _simulation.Random(_boots++ == 0 ? $"{Name}/replication" : $"{Name}/replication/boot-{_boots}"));
        Replication = replication;
        Host.Spawn("replication", async _ =>
        {
            await replication.StartAsync();
            await replication.Completion;
        });
    }
}
