using Hospitality.Sim.Network;
using Hospitality.Sim.Servers;
using Hospitality.Sync.Roles;

namespace Hospitality.Sim.World;

/// <summary>The cloud API: one replica of every property's data, fanning each property's changes out to the others.</summary>
public sealed class CloudNode : WorldNode
{
    internal CloudNode(SimHost host, EngineOverrides? overrides, SimServerProcessor processor)
        : base(host, NodeRole.Cloud, property: 0, overrides)
    {
        Processor = processor;
        Boot();
    }

    /// <summary>The cloud API's processor: its service times, queue and utilisation.</summary>
    public SimServerProcessor Processor { get; }

    /// <summary>The cloud has no upstream.</summary>
    public override string? ActiveEndpoint => null;

    internal override void Boot()
    {
        var cloud = new CloudServer(Replica, Host.Network, Overrides?.Serving, Processor);
        Host.Spawn("cloud", async lifetime =>
        {
            await cloud.StartAsync(lifetime);
            lifetime.Register(() => _ = cloud.StopAsync());
        });
    }
}
