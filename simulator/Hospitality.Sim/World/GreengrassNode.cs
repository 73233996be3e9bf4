using Hospitality.Sim.Kernel;
using Hospitality.Sim.Network;
using Hospitality.Sim.Servers;
using Hospitality.Sync.Discovery;
using Hospitality.Sync.Replication;
using Hospitality.Sync.Roles;

namespace Hospitality.Sim.World;

/// <summary>
/// A property's Greengrass edge server: serves the property's devices and replicates with the cloud
/// in adaptive batches; on an mDNS property it also answers as <c>greengrass.local</c> with its sync service.
/// </summary>
public sealed class GreengrassNode : WorldNode
{
    private readonly string _cloudHost;
    private readonly Simulation _simulation;
    private readonly string? _advertisedProperty;
    private int _boots;

    /// <param name="advertisedProperty">The property id to advertise by mDNS; null: none (static discovery).</param>
    internal GreengrassNode(SimHost host, int property, string cloudHost, Simulation simulation, EngineOverrides? overrides, SimServerProcessor processor, string? advertisedProperty = null)
        : base(host, NodeRole.Greengrass, property, overrides)
    {
        _cloudHost = cloudHost;
        _simulation = simulation;
        Processor = processor;
        _advertisedProperty = advertisedProperty;
        Boot();
    }

    /// <summary>The Greengrass's processor: its service times, queue and utilisation.</summary>
    public SimServerProcessor Processor { get; }

    /// <summary>The running server; a new one after each restart.</summary>
    public GreengrassServer Server { get; private set; } = null!;

    public override string? ActiveEndpoint => Server.ToCloud.State == ReplicatorState.Live ? Server.ToCloud.Upstream : null;

    internal override void Boot()
    {
        var boot = _boots++ == 0 ? "" : $"/boot-{_boots}";
        var options = new GreengrassOptions { CloudHost = _cloudHost, Property = Scope.Property, Serving = Overrides?.Serving ?? new ReplicationServerOptions() };
        var greengrass = GreengrassServer.Create(Replica, Host.Network, options, Host.Clock, _simulation.Random($"{Name}/replicator{boot}"), Processor);
        Server = greengrass;
        if (_advertisedProperty is { } property)
        {
            var mdns = new MulticastDns(Host.Network, Host.Interfaces, Host.Clock, _simulation.Random($"{Name}/mdns{boot}"), new MdnsOptions { HostName = HospitalityServices.GreengrassHostName });
            mdns.Responder.Advertise(HospitalityServices.Greengrass(property, options.Port));
            Host.Spawn("mdns", async lifetime =>
            {
                await mdns.StartAsync(lifetime);
                await mdns.Completion;
            });
        }

        Host.Spawn("greengrass", async lifetime =>
        {
            await greengrass.StartAsync(lifetime);
            using var stop = lifetime.Register(() => _ = greengrass.StopAsync());
            await greengrass.Completion;
        });
    }
}
