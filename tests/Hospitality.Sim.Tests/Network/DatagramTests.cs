using System.Net;
using Hospitality.Sim.Kernel;
using Hospitality.Sim.Network;
using Hospitality.Sync.Ports;

namespace Hospitality.Sim.Tests.Network;

public sealed class DatagramTests
{
    [Fact]
    public void A_datagram_on_one_lan_arrives_after_two_access_hops()
    {
        var world = new TestWorld();
        var a = world.Host("a", world.BuildingA);
        var b = world.Host("b", world.BuildingA);
        var receivedAt = new List<SimTime>();
        Listen(world, b, 9000, _ => receivedAt.Add(world.Simulation.Now));
        SendLater(world, a, TestWorld.At(b, 9000), 100, SimTime.FromSeconds(1));

        world.Run(2);

        var latency = Assert.Single(receivedAt) - SimTime.FromSeconds(1);
        Assert.InRange(latency.TotalMilliseconds, 0.15, 0.5);
    }

    [Fact]
    public void A_partition_blocks_delivery_and_healing_restores_it()
    {
        var world = new TestWorld();
        var a = world.Host("a", world.BuildingA);
        var b = world.Host("b", world.BuildingB);
        var received = new List<SimTime>();
        Listen(world, b, 9000, _ => received.Add(world.Simulation.Now));
        world.Network.SchedulePartition(SimTime.FromSeconds(10), SimTime.FromSeconds(20), [a], [b]);
        for (var second = 1; second < 30; second++)
        {
            SendLater(world, a, TestWorld.At(b, 9000), 50, SimTime.FromSeconds(second + 0.5));
        }

        world.Run(31);

        Assert.Equal(19, received.Count);
        Assert.DoesNotContain(received, time => time > SimTime.FromSeconds(10) && time < SimTime.FromSeconds(20));
        Assert.Contains(received, time => time > SimTime.FromSeconds(20));
        Assert.Equal(10, world.Network.Traffic.Dropped(DropReason.Partition));
    }

    [Fact]
    public void A_one_way_partition_blocks_only_its_direction()
    {
        var world = new TestWorld();
        var a = world.Host("a", world.BuildingA);
        var b = world.Host("b", world.BuildingA);
        var atA = 0;
        var atB = 0;
        Listen(world, a, 9000, _ => atA++);
        Listen(world, b, 9000, _ => atB++);
        world.Network.Partition([a], [b], PartitionDirection.AToB);
        SendLater(world, a, TestWorld.At(b, 9000), 10, SimTime.FromSeconds(1));
        SendLater(world, b, TestWorld.At(a, 9000), 10, SimTime.FromSeconds(1));

        world.Run(2);

        Assert.Equal((1, 0), (atA, atB));
    }

    [Fact]
    public void An_internet_outage_keeps_the_building_talking_but_cuts_the_cloud()
    {
        var world = new TestWorld();
        var tablet = world.Host("tablet", world.BuildingA, LinkProfiles.Wifi);
        var greengrass = world.Host("greengrass", world.BuildingA);
        var cloud = world.Host("cloud", world.Cloud, LinkProfiles.Datacenter);
        var atGreengrass = 0;
        var atCloud = 0;
        Listen(world, greengrass, 9000, _ => atGreengrass++);
        Listen(world, cloud, 9000, _ => atCloud++);
        world.Network.SetInternetUp(world.BuildingA, false);
        for (var i = 0; i < 10; i++)
        {
            SendLater(world, tablet, TestWorld.At(greengrass, 9000), 10, SimTime.FromSeconds(1 + i));
            SendLater(world, tablet, TestWorld.At(cloud, 9000), 10, SimTime.FromSeconds(1 + i));
        }

        world.Run(12);

        Assert.InRange(atGreengrass, 9, 10); // Wi-Fi loses 0.1 % per hop
        Assert.Equal(0, atCloud);
        Assert.Equal(10, world.Network.Traffic.Dropped(DropReason.LinkDown));
    }

    [Fact]
    public void Multicast_reaches_members_of_the_group_in_its_segment_only()
    {
        var world = new TestWorld();
        var sender = world.Host("sender", world.BuildingA, LinkProfiles.Wifi);
        var wifiMember = world.Host("wifi-member", world.BuildingA, LinkProfiles.Wifi);
        var lanMember = world.Host("lan-member", world.BuildingA);
        var bystander = world.Host("bystander", world.BuildingA);
        var otherBuilding = world.Host("other-building", world.BuildingB);
        var group = new IPEndPoint(IPAddress.Parse("224.0.0.251"), 5353);
        var heard = new Dictionary<string, int>();
        foreach (var member in new[] { sender, wifiMember, lanMember, otherBuilding })
        {
            Listen(world, member, group.Port, _ => heard[member.Name] = heard.GetValueOrDefault(member.Name) + 1, group.Address);
        }

        Listen(world, bystander, group.Port, _ => heard["bystander"] = 1);
        for (var i = 0; i < 20; i++)
        {
            SendLater(world, sender, group, 80, SimTime.FromSeconds(1 + i), fromPort: group.Port);
        }

        world.Run(25);

        Assert.Equal(["lan-member", "wifi-member"], heard.Keys.Order());
        Assert.InRange(heard["wifi-member"], 19, 20);
        Assert.Equal(20, world.Network.Traffic.Host(sender, TrafficKind.Multicast, TrafficDirection.Sent).Packets);
    }

    [Fact]
    public void Loss_matches_the_profile_within_statistical_tolerance()
    {
        var world = new TestWorld(seed: 11);
        var lossy = TestWorld.Clean("lossy") with { LossRate = 0.05 };
        var a = world.Host("a", world.BuildingA, lossy);
        var b = world.Host("b", world.BuildingA, lossy);
        var received = 0;
        Listen(world, b, 9000, _ => received++);
        const int sent = 20_000;
        world.Simulation.Spawn("sender", async () =>
        {
            var socket = await a.Network.BindDatagramAsync(new IPEndPoint(IPAddress.Any, 0));
            var payload = new byte[100];
            for (var i = 0; i < sent; i++)
            {
                await socket.SendAsync(payload, TestWorld.At(b, 9000));
                await Task.Delay(TimeSpan.FromMilliseconds(1), world.Simulation.Clock);
            }
        });

        world.Run(30);

        // Two lossy hops: P(arrive) = 0.95^2 = 0.9025; sigma over 20,000 is 0.21 %, so 1 % is ~5 sigma.
        Assert.InRange(received / (double)sent, 0.8925, 0.9125);
        Assert.Equal(sent - received, world.Network.Traffic.Dropped(DropReason.Loss));
    }

    [Fact]
    public void Which_packets_a_hop_loses_does_not_depend_on_traffic_over_other_hops()
    {
        IReadOnlyList<int> Arrivals(bool neighboursTalk)
        {
            var world = new TestWorld(seed: 23);
            var lossy = TestWorld.Clean("lossy") with { LossRate = 0.05, Jitter = TimeSpan.FromMilliseconds(2) };
            var a = world.Host("a", world.BuildingA, lossy);
            var b = world.Host("b", world.BuildingA, lossy);
            var c = world.Host("c", world.BuildingA, lossy);
            var d = world.Host("d", world.BuildingA, lossy);
            var arrived = new List<int>();
            Listen(world, b, 9000, datagram => arrived.Add(datagram.Payload.Span[0]));
            for (var i = 0; i < 200; i++)
            {
                var at = SimTime.Zero + TimeSpan.FromMilliseconds(5 * i);
                SendLater(world, a, TestWorld.At(b, 9000), 100, at, payloadByte: (byte)i);
                if (neighboursTalk)
                {
                    SendLater(world, c, TestWorld.At(d, 9000), 100, at);
                    SendLater(world, d, TestWorld.At(c, 9000), 100, at);
                }
            }

            world.Run(5);
            return arrived;
        }

        var quiet = Arrivals(neighboursTalk: false);

        Assert.InRange(quiet.Count, 150, 199);
        Assert.Equal(quiet, Arrivals(neighboursTalk: true));
    }

    [Fact]
    public void Duplication_and_reordering_follow_the_profile()
    {
        var world = new TestWorld(seed: 5);
        var messy = TestWorld.Clean("messy") with { DuplicationRate = 0.5, ReorderRate = 0.3, ReorderDelay = TimeSpan.FromMilliseconds(3) };
        var a = world.Host("a", world.BuildingA, messy);
        var b = world.Host("b", world.BuildingA, TestWorld.Clean("clean"));
        var order = new List<int>();
        Listen(world, b, 9000, datagram => order.Add(datagram.Payload.Span[0]));
        world.Simulation.Spawn("sender", async () =>
        {
            var socket = await a.Network.BindDatagramAsync(new IPEndPoint(IPAddress.Any, 0));
            for (var i = 0; i < 200; i++)
            {
                await socket.SendAsync(new[] { (byte)i }, TestWorld.At(b, 9000));
                await Task.Delay(TimeSpan.FromMilliseconds(1), world.Simulation.Clock);
            }
        });

        world.Run(2);

        Assert.InRange(order.Count, 260, 340);
        Assert.Equal(200, order.Distinct().Count());
        Assert.Contains(order.Zip(order.Skip(1)), pair => pair.Second < pair.First);
    }

    [Fact]
    public void Byte_counters_include_ip_and_udp_headers_and_fragments()
    {
        var world = new TestWorld();
        var a = world.Host("a", world.BuildingA);
        var b = world.Host("b", world.BuildingB);
        Listen(world, b, 9000, _ => { });
        SendLater(world, a, TestWorld.At(b, 9000), 100, SimTime.FromSeconds(1));
        SendLater(world, a, TestWorld.At(b, 9000), 4000, SimTime.FromSeconds(2));

        world.Run(3);

        var traffic = world.Network.Traffic;
        var sent = traffic.Peer(a, b, TrafficKind.Datagram, TrafficDirection.Sent);
        var received = traffic.Peer(b, a, TrafficKind.Datagram, TrafficDirection.Received);

        // 100 + 28, and 4000 + 28 + 2 extra fragments x 20 (1480-byte fragments on a 1500 MTU).
        Assert.Equal(100 + 28 + 4000 + 28 + 40, sent.WireBytes);
        Assert.Equal(4100, sent.PayloadBytes);
        Assert.Equal(sent.WireBytes, received.WireBytes);
        Assert.Equal(2, traffic.Host(b, TrafficKind.Datagram, TrafficDirection.Received).Packets);
    }

    [Fact]
    public void An_oversized_datagram_is_refused_with_a_clear_error()
    {
        var world = new TestWorld();
        var a = world.Host("a", world.BuildingA);
        Exception? error = null;
        world.Simulation.Spawn("sender", async () =>
        {
            var socket = await a.Network.BindDatagramAsync(new IPEndPoint(IPAddress.Any, 0));
            error = await Record.ExceptionAsync(async () => await socket.SendAsync(new byte[70_000], new IPEndPoint(a.Address!, 1)));
        });

        world.Run(1);

        Assert.IsType<ArgumentException>(error);
        Assert.Contains("65507", error.Message);
    }

    [Fact]
    public void Multicast_from_a_wired_host_crosses_a_wifi_channel_once_for_all_its_stations()
    {
        var world = new TestWorld();
        var server = world.Host("greengrass", world.BuildingA);
        var group = new IPEndPoint(IPAddress.Parse("224.0.0.251"), 5353);
        var tablets = Enumerable.Range(0, 60).Select(i => world.Host($"tablet-{i}", world.BuildingA, LinkProfiles.Wifi)).ToList();
        var heard = 0;
        foreach (var tablet in tablets)
        {
            Listen(world, tablet, group.Port, _ => heard++, group.Address);
        }

        for (var i = 0; i < 100; i++)
        {
            SendLater(world, server, group, 1400, SimTime.FromMilliseconds(1000 + (i * 2)), fromPort: group.Port);
        }

        world.Run(3);

        // 100 frames to 60 stations: one relay per frame on the air, not 60, so nothing queues up.
        Assert.Equal(0, world.Network.Traffic.Dropped(DropReason.Congestion));
        Assert.InRange(heard, 5_900, 6_000);
    }

    [Fact]
    public void The_latency_tail_is_capped()
    {
        var world = new TestWorld(seed: 9);
        var spiky = TestWorld.Clean("spiky") with { TailProbability = 1.0, TailScale = TimeSpan.FromMilliseconds(1), TailMax = TimeSpan.FromMilliseconds(4) };
        var a = world.Host("a", world.BuildingA, spiky);
        var b = world.Host("b", world.BuildingA, spiky);
        var latencies = new List<TimeSpan>();
        var sentAt = new Dictionary<int, SimTime>();
        Listen(world, b, 9000, datagram => latencies.Add(world.Simulation.Now - sentAt[datagram.Payload.Span[0]]));
        for (var i = 0; i < 200; i++)
        {
            var at = SimTime.FromSeconds(1 + (i * 0.05));
            sentAt[i] = at;
            SendLater(world, a, TestWorld.At(b, 9000), 1, at, payloadByte: (byte)i);
        }

        world.Run(15);

        // Two hops of 1 ms base plus a tail of at most 4 ms each, plus serialization.
        Assert.Equal(200, latencies.Count);
        Assert.All(latencies, latency => Assert.InRange(latency.TotalMilliseconds, 4, 10.1));
        Assert.Contains(latencies, latency => latency.TotalMilliseconds > 9);
    }

    [Fact]
    public void A_host_that_roams_for_days_never_runs_out_of_addresses()
    {
        var world = new TestWorld();
        var phone = world.Host("phone", world.BuildingA, LinkProfiles.Wifi);
        var fixedHost = world.Host("greengrass", world.BuildingB);

        for (var i = 0; i < 70_000; i++)
        {
            world.Network.Move(phone, i % 2 == 0 ? world.BuildingB : world.BuildingA);
        }

        Assert.NotEqual(fixedHost.Address, phone.Address);
        Assert.Equal(world.BuildingA, phone.Segment);
    }

    [Fact]
    public void A_cancelled_receive_leaves_the_next_datagram_to_the_next_receive_and_closing_fails_a_waiting_one()
    {
        var world = new TestWorld();
        var a = world.Host("a", world.BuildingA);
        var b = world.Host("b", world.BuildingA);
        Exception? cancelled = null;
        Exception? closed = null;
        byte? received = null;
        world.Simulation.Spawn("b/listen", async () =>
        {
            var socket = await b.Network.BindDatagramAsync(new IPEndPoint(IPAddress.Any, 9000));
            using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1), world.Simulation.Clock))
            {
                cancelled = await Record.ExceptionAsync(async () => await socket.ReceiveAsync(timeout.Token));
            }

            received = (await socket.ReceiveAsync()).Payload.Span[0];
            world.Simulation.After(TimeSpan.FromSeconds(1), () => _ = socket.DisposeAsync());
            closed = await Record.ExceptionAsync(async () => await socket.ReceiveAsync());
        });
        SendLater(world, a, TestWorld.At(b, 9000), 10, SimTime.FromSeconds(2), payloadByte: 42);

        world.Run(5);

        Assert.IsAssignableFrom<OperationCanceledException>(cancelled);
        Assert.Equal((byte)42, received);
        Assert.IsType<ObjectDisposedException>(closed);
    }

    internal static void Listen(TestWorld world, SimHost host, int port, Action<Datagram> onDatagram, IPAddress? group = null) =>
        world.Simulation.Spawn($"{host.Name}/listen", async () =>
        {
            var socket = await host.Network.BindDatagramAsync(new IPEndPoint(IPAddress.Any, port));
            if (group is not null)
            {
                socket.JoinMulticastGroup(group);
            }

            while (true)
            {
                onDatagram(await socket.ReceiveAsync());
            }
        });

    internal static void SendLater(TestWorld world, SimHost from, IPEndPoint to, int bytes, SimTime at, int fromPort = 0, byte payloadByte = 0) =>
        world.Simulation.At(at, () => world.Simulation.Spawn($"{from.Name}/send", async () =>
        {
            var socket = await from.Network.BindDatagramAsync(new IPEndPoint(IPAddress.Any, fromPort == 0 ? 0 : fromPort + 10_000));
            var payload = new byte[bytes];
            payload[0] = payloadByte;
            await socket.SendAsync(payload, to);
            await socket.DisposeAsync();
        }));
}
