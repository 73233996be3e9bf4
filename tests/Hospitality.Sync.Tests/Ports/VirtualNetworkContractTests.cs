using System.Net;
using Hospitality.Sim.Kernel;
using Hospitality.Sim.Network;
using Hospitality.Sync.Ports;

namespace Hospitality.Sync.Tests.Ports;

/// <summary>The simulator's virtual network against the INetwork contract.</summary>
public sealed class VirtualNetworkContractTests : NetworkContractTests
{
    private readonly Simulation _simulation = new(seed: 2026);

    protected override (INetwork Client, IPAddress ClientAddress, INetwork Server, IPAddress ServerAddress) TwoHosts()
    {
        var network = new VirtualNetwork(_simulation);
        var building = network.AddSegment("building", SegmentKind.Building, LinkProfiles.Broadband);
        var cloud = network.AddSegment("cloud", SegmentKind.CloudRegion, LinkProfiles.CloudEdge);
        var tablet = network.AddHost("tablet", building, LinkProfiles.Wifi);
        var server = network.AddHost("cloud-api", cloud, LinkProfiles.Datacenter);
        return (tablet.Network, tablet.Address!, server.Network, server.Address!);
    }

    protected override T Run<T>(Func<Task<T>> scenario)
    {
        Task<T>? running = null;
        _simulation.Spawn("scenario", () => running = scenario());
        _simulation.RunUntil(() => running is { IsCompleted: true }, SimTime.FromSeconds(600));
        Assert.True(running is { IsCompleted: true }, "the scenario did not finish within 600 virtual seconds");
        return running!.GetAwaiter().GetResult();
    }
}
