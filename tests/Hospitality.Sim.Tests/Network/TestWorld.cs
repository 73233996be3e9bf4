using System.Net;
using Hospitality.Sim.Kernel;
using Hospitality.Sim.Network;
using Hospitality.Sim.Network.Tcp;

namespace Hospitality.Sim.Tests.Network;

/// <summary>A simulation with a network and two buildings plus a cloud region, for network tests.</summary>
internal sealed class TestWorld
{
    public TestWorld(ulong seed = 1, TcpOptions? tcp = null)
    {
        Simulation = new Simulation(seed);
        Network = new VirtualNetwork(Simulation, tcp);
        BuildingA = Network.AddSegment("building-a", SegmentKind.Building, LinkProfiles.Broadband);
        BuildingB = Network.AddSegment("building-b", SegmentKind.Building, LinkProfiles.Broadband);
        Cloud = Network.AddSegment("cloud", SegmentKind.CloudRegion, LinkProfiles.CloudEdge);
    }

    public Simulation Simulation { get; }

    public VirtualNetwork Network { get; }

    public Segment BuildingA { get; }

    public Segment BuildingB { get; }

    public Segment Cloud { get; }

    public static LinkProfile Clean(string name, long bitsPerSecond = 100_000_000) => new()
    {
        Name = name,
        BaseLatency = TimeSpan.FromMilliseconds(1),
        UpBitsPerSecond = bitsPerSecond,
        DownBitsPerSecond = bitsPerSecond,
        QueueLimitBytes = 16 * 1024 * 1024,
    };

    public SimHost Host(string name, Segment segment, LinkProfile? profile = null) =>
        Network.AddHost(name, segment, profile ?? LinkProfiles.Lan);

    public static IPEndPoint At(SimHost host, int port) => new(host.Address!, port);

    public void Run(double seconds) => Simulation.RunUntil(Simulation.Now + TimeSpan.FromSeconds(seconds));
}
