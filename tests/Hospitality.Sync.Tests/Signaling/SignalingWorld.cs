using System.Net;
using Hospitality.Sim.Kernel;
using Hospitality.Sim.Network;
using Hospitality.Sync.Signaling;
using Hospitality.Sync.Tests.Simulated;

namespace Hospitality.Sync.Tests.Signaling;

/// <summary>A signaling server on a Greengrass and devices on the same building LAN of the simulator's network.</summary>
public sealed class SignalingWorld
{
    private readonly Segment _building;

    public SignalingWorld(ulong seed = 1, SignalingServerOptions? options = null)
    {
        Simulation = new Simulation(seed);
        Network = new VirtualNetwork(Simulation);
        _building = Network.AddSegment("building", SegmentKind.Building, LinkProfiles.Lan);
        var greengrass = Network.AddHost("greengrass", _building, LinkProfiles.Lan);
        Server = new SignalingServer(greengrass.Network, Simulation.Clock, options);
        Endpoint = new IPEndPoint(greengrass.Address!, (options ?? new SignalingServerOptions()).Port);
        Run(() => Server.StartAsync());
    }

    public Simulation Simulation { get; }

    public VirtualNetwork Network { get; }

    public SignalingServer Server { get; }

    public IPEndPoint Endpoint { get; }

    public SimHost AddDevice(string name) => Network.AddHost(name, _building, LinkProfiles.Lan);

    /// <summary>Joins <paramref name="deviceId"/> from a host of its own and records everything the server sends it.</summary>
    public JoinedDevice Join(string propertyId, string deviceId)
    {
        var host = AddDevice(deviceId);
        return Run(async () => new JoinedDevice(await SignalingClient.ConnectAsync(host.Network, Endpoint, propertyId, deviceId)));
    }

    public T Run<T>(Func<Task<T>> body) => Simulation.RunStep(body);

    public void Run(Func<Task> body) => Simulation.RunStep(body);

    /// <summary>Lets messages in flight arrive.</summary>
    public void Settle(double seconds = 1) => Simulation.RunFor(TimeSpan.FromSeconds(seconds));
}
