using Hospitality.Sim.Network;
using Hospitality.Sim.Servers;
using Hospitality.Sync.Replication;
using Hospitality.Sync.Roles;
using Hospitality.Sync.Signaling;

namespace Hospitality.Sim.World;

/// <summary>The cloud API: one replica of every property's data, fanning each property's changes out to the others; with P2P properties, their signaling server too.</summary>
public sealed class CloudNode : WorldNode
{
    private readonly bool _signaling;
    private PushDeltaCounts _pushDeltasOfEarlierBoots;
    private CloudServer? _server;

    internal CloudNode(SimHost host, EngineOverrides? overrides, SimNodeProcessor processor, bool signaling = false)
        : base(host, NodeRole.Cloud, property: 0, overrides)
    {
        Processor = processor;
        _signaling = signaling;
        Boot();
    }

    /// <summary>The cloud API's processor: its service times, queue and utilisation.</summary>
    public SimNodeProcessor Processor { get; }

    /// <summary>The running signaling server, or null when no property has P2P; a new one after each restart.</summary>
    public SignalingServer? Signaling { get; private set; }

    /// <summary>Stops the signaling server (a crash of that process alone); false when none runs.</summary>
    internal bool StopSignaling() => SignalingHost.Stop(Host, Signaling, server => Signaling = server);

    /// <summary>Starts a signaling server again after <see cref="StopSignaling"/>, unless a restart already did.</summary>
    internal void StartSignaling() => SignalingHost.Start(Host, _signaling, Signaling, server => Signaling = server);

    /// <summary>The cloud has no upstream.</summary>
    public override string? ActiveEndpoint => null;

    public override PushDeltaCounts PushDeltas => _pushDeltasOfEarlierBoots + Running(_server);

    internal override void Boot()
    {
        _pushDeltasOfEarlierBoots += Running(_server);
        var cloud = new CloudServer(Replica, Host.Network, (Overrides?.Serving ?? new ReplicationServerOptions()) with { Time = Host.Clock }, Processor);
        _server = cloud;
        Signaling = _signaling ? GreengrassNode.StartSignaling(Host) : null;
        Host.Spawn("cloud", async lifetime =>
        {
            await cloud.StartAsync(lifetime);
            lifetime.Register(() => _ = cloud.StopAsync());
        });
    }

    private static PushDeltaCounts Running(CloudServer? server) =>
        server is null ? default : new PushDeltaCounts(0, 0, server.Server.PushedDeltasApplied, server.Server.PushedDeltasUnapplied);
}
