using Hospitality.Sim.Kernel;
using Hospitality.Sim.Network;
using Hospitality.Sync.Replication;
using Hospitality.Sync.Roles;

namespace Hospitality.Sim.World;

/// <summary>A property's Greengrass edge server: serves the property's devices and replicates with the cloud in batches.</summary>
public sealed class GreengrassNode : WorldNode
{
    private readonly string _cloudHost;
    private readonly Simulation _simulation;
    private int _boots;

    internal GreengrassNode(SimHost host, int property, string cloudHost, Simulation simulation, EngineOverrides? overrides)
        : base(host, NodeRole.Greengrass, property, overrides)
    {
        _cloudHost = cloudHost;
        _simulation = simulation;
        Boot();
    }

    /// <summary>The running server; a new one after each restart.</summary>
    public GreengrassServer Server { get; private set; } = null!;

    public override string? ActiveEndpoint => Server.ToCloud.State == ReplicatorState.Live ? Server.ToCloud.Upstream : null;

    internal override void Boot()
    {
        var greengrass = GreengrassServer.Create(
            Replica,
            Host.Network,
            new GreengrassOptions { CloudHost = _cloudHost, Property = Scope.Property },
            Host.Clock,
            _simulation.Random(_boots++ == 0 ? $"{Name}/replicator" : $"{Name}/replicator/boot-{_boots}"));
        Server = greengrass;
        Host.Spawn("greengrass", async lifetime =>
        {
            await greengrass.StartAsync(lifetime);
            using var stop = lifetime.Register(() => _ = greengrass.StopAsync());
            await greengrass.Completion;
        });
    }
}
