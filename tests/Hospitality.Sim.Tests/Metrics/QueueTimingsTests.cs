using HdrHistogram;
using System.Net;
using Hospitality.Sim.Kernel;
using Hospitality.Sim.Metrics;
using Hospitality.Sim.Network;
using Hospitality.Sim.Network.Tcp;
using Hospitality.Sim.Servers;
using Hospitality.Sim.Tests.Network;
using Hospitality.Sync.Ports;

namespace Hospitality.Sim.Tests.Metrics;

/// <summary>Every place a message waits records how long it waited and how long it was then served, where the wait is known.</summary>
public sealed class QueueTimingsTests
{
    private const int Port = 443;

    [Fact]
    public void Datagrams_sent_at_once_over_a_slow_link_wait_behind_each_other_for_its_serialization()
    {
        var world = new TestWorld();
        var slow = TestWorld.Clean("slow", bitsPerSecond: 1_000_000); // 1 ms one way, no jitter
        var sender = world.Host("sender", world.BuildingA, slow);
        var receiver = world.Host("receiver", world.BuildingA);
        world.Simulation.At(SimTime.FromSeconds(1), () =>
        {
            for (var i = 0; i < 10; i++)
            {
                sender.Sockets.SendDatagram(9001, TestWorld.At(receiver, 9000), new byte[1_000]);
            }
        });

        world.Run(2);

        // 1,000 + IP/UDP 28 + Ethernet framing 38 bytes at 1 Mbit/s: 8.528 ms each, the tenth waiting behind nine.
        var queue = world.Network.Queues.Stage(QueueKind.Link, "slow, up");
        Assert.Equal(10, queue.Wait.TotalCount);
        Assert.Equal(0, queue.Wait.GetValueAtPercentile(0));
        Assert.InRange(queue.Wait.GetMaxValue(), 9 * 85_280 * 0.99, 9 * 85_280 * 1.01);
        Assert.InRange(queue.Service!.GetValueAtPercentile(50), 85_280 * 0.99, 85_280 * 1.01);
        var delay = world.Network.Queues.Stage(QueueKind.LinkDelay, "slow, up");
        Assert.Equal(10, delay.Wait.TotalCount);
        Assert.Equal(0, delay.Wait.GetMaxValue()); // no jitter: nothing overtakes, nothing is held back
        Assert.InRange(delay.Service!.GetMaxValue(), 9_900, 10_100); // the profile's 1 ms
    }

    [Fact]
    public void Frames_queued_at_a_busy_access_point_wait_for_the_transmission_ahead_of_them()
    {
        var world = new TestWorld(seed: 2);
        var server = world.Host("server", world.BuildingA, TestWorld.Clean("wired", bitsPerSecond: 10_000_000_000)); // no jitter: the frames reach the access point 0.9 us apart
        var station = world.Host("station", world.BuildingA, LinkProfiles.Wifi with { LossRate = 0, TailProbability = 0 });
        world.Simulation.At(SimTime.FromSeconds(1), () =>
        {
            for (var i = 0; i < 50; i++)
            {
                server.Sockets.SendDatagram(9001, TestWorld.At(station, 9000), new byte[1_000]);
            }
        });

        world.Run(2);

        // The first frame finds the air free and goes alone; the 49 behind it wait exactly as long as its opportunity took.
        var queue = world.Network.Queues.Stage(QueueKind.WifiAccessPoint, "wifi");
        Assert.Equal(50, queue.Wait.TotalCount);
        Assert.Equal(0, queue.Wait.GetValueAtPercentile(0));
        var first = queue.Service!.GetValueAtPercentile(0);
        Assert.True(first >= LinkProfiles.Wifi.Wifi!.Preamble.Ticks, $"an opportunity of {first} ticks is shorter than the preamble");
        Assert.InRange(queue.Wait.GetMaxValue(), first * 0.98, first * 1.02);
        Assert.Equal(0, world.Network.Queues.Stage(QueueKind.WifiStation, "wifi").Wait.TotalCount); // the station sent nothing
    }

    [Fact]
    public void A_message_larger_than_the_window_waits_to_be_sent_and_a_segment_lost_to_a_partition_waits_for_its_resend()
    {
        var world = new TestWorld();
        var client = world.Host("client", world.BuildingA);
        var server = world.Host("server", world.BuildingB);
        var received = 0;
        Serve(world, server, () => received++);
        IMessageConnection? connection = null;
        world.Simulation.Spawn("client", async () => connection = await client.Network.ConnectAsync(TestWorld.At(server, Port)));
        world.Run(1);
        Partition? cut = null;
        world.Simulation.Spawn("send", async () =>
        {
            await connection!.SendAsync(new byte[100_000]); // about 70 segments: the initial window takes 10
            cut = world.Network.Partition([client], [server]);
            await connection.SendAsync(new byte[100]);
        });
        world.Run(3);
        cut!.Heal();
        world.Run(5);

        Assert.Equal(2, received);
        var queues = world.Network.Queues;
        Assert.Equal(2, queues.Stage(QueueKind.TcpSendBuffer, "host").Wait.TotalCount); // the server sent no message
        var unsent = queues.Stage(QueueKind.TcpUnsent, "host").Wait;
        Assert.True(unsent.GetMaxValue() > TimeSpan.TicksPerMillisecond * 40, $"the last segment of the big message waited {unsent.GetMaxValue()} ticks: less than a round trip (two broadband lines, 40 ms)");
        var resends = queues.Stage(QueueKind.TcpRetransmission, "host").Wait;
        Assert.True(resends.TotalCount >= 1);
        Assert.True(resends.GetValueAtPercentile(0) >= 0.99 * new TcpOptions().MinRto.Ticks, $"a resend after {resends.GetValueAtPercentile(0)} ticks, under the minimum RTO");
    }

    [Fact]
    public void A_processor_records_per_kind_of_work_how_long_it_waited_and_how_long_it_was_served()
    {
        var simulation = new Simulation(1);
        var queues = new QueueTimings();
        var times = new ServiceTimes { LiveFanOut = new WorkCost(TimeSpan.FromMilliseconds(5), TimeSpan.Zero) };
        var processor = new SimNodeProcessor(simulation, times, _ => 1, queues.Processor("greengrass"));
        var client = new IPEndPoint(IPAddress.Parse("10.1.0.5"), 40000);
        for (var i = 0; i < 3; i++)
        {
            _ = processor.RunAsync(new NodeWork(NodeWorkKind.LiveFanOut, 1, client), default);
        }

        simulation.RunUntil(SimTime.FromSeconds(1));

        var fanOut = queues.Stage(QueueKind.Processor, "greengrass, live fan-out");
        Assert.Equal(3, fanOut.Wait.TotalCount);
        Assert.Equal(0, fanOut.Wait.GetValueAtPercentile(0));
        Assert.InRange(fanOut.Wait.GetMaxValue(), 99_000, 101_000); // the third waited for two: 10 ms
        Assert.InRange(fanOut.Service!.GetMaxValue(), 49_500, 50_500);
        Assert.Equal(0, queues.Stage(QueueKind.Processor, "greengrass, push batch").Wait.TotalCount);
        Assert.Equal([fanOut], queues.Recorded());
    }

    [Fact]
    public void Once_the_start_up_ends_each_queue_keeps_what_it_recorded_apart_and_records_afresh()
    {
        var queues = new QueueTimings();
        var link = queues.Stage(QueueKind.Link, "lan, up");
        link.Record(50_000, 10);

        queues.EndStartUp();
        link.Record(20, 10);
        var later = queues.Stage(QueueKind.TcpRetransmission, "device");
        later.RecordWait(2_000_000);

        Assert.Equal((1, 50_000), (link.StartUpWait!.TotalCount, link.StartUpWait.GetMaxValue() / 1_000 * 1_000));
        Assert.Equal((1, 20), (link.Wait.TotalCount, link.Wait.GetMaxValue()));
        Assert.Equal(0, later.StartUpWait!.TotalCount); // made after the start-up: nothing of it there
        Assert.Equal([link, later], queues.Recorded());
    }

    private static void Serve(TestWorld world, SimHost host, Action onMessage) =>
        host.Spawn("server", async lifetime =>
        {
            var listener = await host.Network.ListenAsync(new IPEndPoint(IPAddress.Any, Port), lifetime);
            var connection = await listener.AcceptAsync(lifetime);
            while (await connection.ReceiveAsync(lifetime) is not null)
            {
                onMessage();
            }
        });
}
