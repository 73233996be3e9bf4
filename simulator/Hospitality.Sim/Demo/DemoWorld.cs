using System.Net;
using Hospitality.Sim.Kernel;
using Hospitality.Sim.Network;
using Hospitality.Sim.World;

namespace Hospitality.Sim.Demo;

/// <summary>
/// The demo world: a hotel with two buildings on Wi-Fi and LAN, housekeeping phones on 4G, an
/// on-premise server and a cloud server. Devices keep message connections to the cloud, ping a
/// neighbour in their building by datagram and announce themselves by multicast. A third of the
/// way in, the annex loses the internet for a tenth of the run, then recovers.
/// </summary>
public static class DemoWorld
{
    public const int ServerPort = 443;

    public static DemoResult Run(ulong seed, int devices, TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(devices, 2);
        var simulation = new Simulation(seed);
        var network = new VirtualNetwork(simulation);
        var game = new SimulationGame(simulation, TimeSpan.FromMilliseconds(100));

        var main = network.AddSegment("main-building", SegmentKind.Building, LinkProfiles.Broadband);
        var annex = network.AddSegment("annex", SegmentKind.Building, LinkProfiles.Broadband);
        var carrier = network.AddSegment("carrier", SegmentKind.Cellular, LinkProfiles.CarrierCore);
        var cloud = network.AddSegment("cloud", SegmentKind.CloudRegion, LinkProfiles.CloudEdge);

        var cloudApi = network.AddHost("cloud-api", cloud, LinkProfiles.Datacenter);
        network.AddHost("greengrass", main, LinkProfiles.Lan);
        var server = new DemoServer(cloudApi, ServerPort);
        game.Add(server);

        var placement = simulation.Random("demo/placement");
        var deviceRandom = simulation.Random("demo/devices");
        var agents = new List<(DemoDevice Agent, SimHost Host)>();
        for (var i = 0; i < devices; i++)
        {
            var roll = placement.NextDouble();
            var (segment, profile) = roll switch
            {
                < 0.40 => (main, LinkProfiles.Wifi),
                < 0.50 => (main, LinkProfiles.Lan),
                < 0.80 => (annex, LinkProfiles.WifiCongested),
                _ => (carrier, LinkProfiles.Cellular4G),
            };
            var host = network.AddHost($"device-{i:D3}", segment, profile);
            var agent = new DemoDevice(host, new IPEndPoint(cloudApi.Address!, ServerPort), deviceRandom.Fork(host.Name));
            agents.Add((agent, host));
            game.Add(agent);
        }

        // Each device pings the next device of its own segment.
        foreach (var group in agents.GroupBy(pair => pair.Host.Segment))
        {
            var members = group.ToList();
            for (var i = 0; i < members.Count && members.Count > 1; i++)
            {
                var next = members[(i + 1) % members.Count].Host;
                members[i].Agent.Neighbour = new IPEndPoint(next.Address!, DemoDevice.DatagramPort);
            }
        }

        var outageStart = SimTime.Zero + (duration / 3);
        simulation.At(outageStart, () => network.SetInternetUp(annex, false));
        simulation.At(outageStart + (duration / 10), () => network.SetInternetUp(annex, true));

        game.Run(duration);
        return new DemoResult(
            seed,
            simulation.Trace.HashHex,
            simulation.Trace.EventCount,
            simulation.Now.Elapsed,
            agents.Sum(pair => pair.Agent.MessagesAcknowledged),
            agents.Sum(pair => pair.Agent.DatagramsReceived),
            agents.Sum(pair => pair.Agent.AnnouncementsHeard),
            agents.Sum(pair => pair.Agent.Reconnects),
            network.Traffic);
    }
}
