using Hospitality.Sim.Kernel;
using Hospitality.Sim.Network;
using Hospitality.Sim.Servers;
using Hospitality.Sync.Discovery;
using Hospitality.Sync.Replication;
using Hospitality.Sync.Roles;
using Hospitality.Sync.Signaling;

namespace Hospitality.Sim.World;

/// <summary>
/// A property's Greengrass edge server: serves the property's devices and replicates with the cloud
/// in adaptive batches; on an mDNS property it also answers as <c>greengrass.local</c> with its sync service;
/// on a P2P property it also runs the property's nearest signaling server.
/// </summary>
public sealed class GreengrassNode : WorldNode
{
    private readonly string _cloudHost;
    private readonly Simulation _simulation;
    private readonly string? _advertisedProperty;
    private readonly bool _signaling;
    private int _boots;
    private PushDeltaCounts _pushDeltasOfEarlierBoots;

    /// <param name="advertisedProperty">The property id to advertise by mDNS; null: none (static discovery).</param>
    /// <param name="signaling">Whether it runs a signaling server for its property's P2P devices.</param>
    internal GreengrassNode(SimHost host, int property, string cloudHost, Simulation simulation, EngineOverrides? overrides, SimNodeProcessor processor, string? advertisedProperty = null, bool signaling = false)
        : base(host, NodeRole.Greengrass, property, overrides)
    {
        _cloudHost = cloudHost;
        _simulation = simulation;
        Processor = processor;
        _advertisedProperty = advertisedProperty;
        _signaling = signaling;
        Boot();
    }

    /// <summary>The Greengrass's processor: its service times, queue and utilisation.</summary>
    public SimNodeProcessor Processor { get; }

    /// <summary>The running server; a new one after each restart.</summary>
    public GreengrassServer Server { get; private set; } = null!;

    /// <summary>The running signaling server, or null when its property has no P2P; a new one after each restart.</summary>
    public SignalingServer? Signaling { get; private set; }

    public override string? ActiveEndpoint => Server.ToCloud.State == ReplicatorState.Live ? Server.ToCloud.Upstream : null;

    public override PushDeltaCounts PushDeltas => _pushDeltasOfEarlierBoots + Running(Server);

    internal override void Boot()
    {
        var boot = _boots++ == 0 ? "" : $"/boot-{_boots}";
        _pushDeltasOfEarlierBoots += Running(Server);
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

        Signaling = _signaling ? StartSignaling(Host) : null;
        Host.Spawn("greengrass", async lifetime =>
        {
            await greengrass.StartAsync(lifetime);
            using var stop = lifetime.Register(() => _ = greengrass.StopAsync());
            await greengrass.Completion;
        });
    }

    private static PushDeltaCounts Running(GreengrassServer? server) =>
        server is null ? default : new PushDeltaCounts(server.ToCloud.DeltasPushed, server.ToCloud.DeltasResent, server.Server.PushedDeltasApplied, server.Server.PushedDeltasUnapplied);

    /// <summary>Stops the signaling server (a crash of that process alone); false when none runs.</summary>
    internal bool StopSignaling() => SignalingHost.Stop(Host, Signaling, server => Signaling = server);

    /// <summary>Starts a signaling server again after <see cref="StopSignaling"/>, unless a restart already did.</summary>
    internal void StartSignaling() => SignalingHost.Start(Host, _signaling, Signaling, server => Signaling = server);

    /// <summary>Runs a signaling server on a server's host, for as long as the host lives.</summary>
    internal static SignalingServer StartSignaling(SimHost host)
    {
        var server = new SignalingServer(host.Network, host.Clock);
        host.Spawn("signaling", async lifetime =>
        {
            await server.StartAsync(lifetime);
            lifetime.Register(() => _ = server.StopAsync());
        });
        return server;
    }
}
