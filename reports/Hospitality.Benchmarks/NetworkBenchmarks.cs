using System.Net;
using BenchmarkDotNet.Attributes;
using Hospitality.Sim.Demo;
using Hospitality.Sim.Kernel;
using Hospitality.Sim.Network;

namespace Hospitality.Benchmarks;

/// <summary>
/// Datagram deliveries through the virtual network, and a whole world of 1000 hosts.
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class NetworkBenchmarks
{
    private const int DatagramsPerInvoke = 10_000;

    private Simulation _simulation = null!;
    private VirtualNetwork _network = null!;
    private SimHost _sender = null!;
    private SimHost _receiver = null!;
    private ReadOnlyMemory<byte> _payload;

    [GlobalSetup]
    public void Setup()
    {
        _simulation = new Simulation(1);
        _network = new VirtualNetwork(_simulation);
        var building = _network.AddSegment("building", SegmentKind.Building, LinkProfiles.Broadband);
        var cloud = _network.AddSegment("cloud", SegmentKind.CloudRegion, LinkProfiles.CloudEdge);
        _sender = _network.AddHost("tablet", building, LinkProfiles.Wifi);
        _receiver = _network.AddHost("cloud-api", cloud, LinkProfiles.Datacenter);
        _payload = new byte[200];
        _simulation.Spawn("sink", async () =>
        {
            var socket = await _receiver.Network.BindDatagramAsync(new IPEndPoint(IPAddress.Any, 9000));
            while (true)
            {
                await socket.ReceiveAsync();
            }
        });
        _simulation.RunFor(TimeSpan.FromMilliseconds(1));
    }

    /// <summary>
    /// One operation: a datagram crosses four hops (Wi-Fi, building uplink, cloud edge, datacenter)
    /// as four kernel events and wakes an async receive loop (whose await allocates).
    /// </summary>
    [Benchmark(OperationsPerInvoke = DatagramsPerInvoke)]
    public long DatagramDelivery_to_async_receiver() => Pump(9000);

    /// <summary>The same four hops to a port nobody listens on: the network's own cost per datagram.</summary>
    [Benchmark(OperationsPerInvoke = DatagramsPerInvoke)]
    public long DatagramTransit_four_hops() => Pump(9001);

    private long Pump(int port)
    {
        var pump = new DatagramPump(_simulation, _network, _sender, HostNetwork.AddressValue(_receiver.Address!), port, _payload);
        pump.Start(DatagramsPerInvoke);
        _simulation.RunFor(TimeSpan.FromSeconds(2));
        return _network.Traffic.Total(TrafficKind.Datagram, TrafficDirection.Received).Packets;
    }

    /// <summary>One operation: ten virtual seconds of the demo world with 1000 devices.</summary>
    [Benchmark]
    public long World_1000_hosts_10_virtual_seconds() =>
        DemoWorld.Run(seed: 1, devices: 1000, TimeSpan.FromSeconds(10)).Events;
}

/// <summary>Sends one datagram every 100 µs from a kernel event, so the harness itself allocates nothing per datagram.</summary>
internal sealed class DatagramPump(Simulation simulation, VirtualNetwork network, SimHost sender, uint destination, int port, ReadOnlyMemory<byte> payload) : IKernelEvent
{
    public int TraceKind => 100;

    public void Start(int count) => simulation.Schedule(simulation.Now.Ticks, this, count);

    public void Fire(long remaining)
    {
        network.SendDatagram(sender, 5000, destination, port, payload);
        if (remaining > 1)
        {
            simulation.Schedule(simulation.Now.Ticks + 1000, this, remaining - 1);
        }
    }
}
