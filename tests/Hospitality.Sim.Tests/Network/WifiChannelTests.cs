using System.Buffers.Binary;
using System.Net;
using Hospitality.Sim.Calibration;
using Hospitality.Sim.Kernel;
using Hospitality.Sim.Network;
using Hospitality.Sim.Network.Wifi;

namespace Hospitality.Sim.Tests.Network;

public sealed class WifiChannelTests
{
    /// <summary>The healthy profile without random loss or station stalls, so what is measured is the channel alone.</summary>
    private static readonly LinkProfile CleanWifi = LinkProfiles.Wifi with { LossRate = 0, TailProbability = 0 };

    [Fact]
    public void A_stall_on_one_stations_flow_does_not_hold_back_another_stations_frames()
    {
        var world = new TestWorld(seed: 3);
        var server = world.Host("server", world.BuildingA);
        var stalling = world.Host("stalling", world.BuildingA, CleanWifi);
        var steady = world.Host("steady", world.BuildingA, CleanWifi);
        world.Network.SetAccessConditions(stalling, CleanWifi with { TailProbability = 0.2, TailScale = TimeSpan.FromMilliseconds(50), TailMax = TimeSpan.FromMilliseconds(150) });
        var latency = new Dictionary<int, List<double>> { [1] = [], [2] = [] };
        ListenForStamps(world, server, 9000, (sender, ms) => latency[sender].Add(ms));
        SendStamped(world, stalling, server, 9000, sender: 1, TimeSpan.FromMilliseconds(5), count: 1000);
        SendStamped(world, steady, server, 9000, sender: 2, TimeSpan.FromMilliseconds(5), count: 1000);

        world.Run(8);

        Assert.True(latency[1].Max() > 50, "the stalling station's own frames wait behind its stalls");
        Assert.Equal(1000, latency[2].Count);
        Assert.True(latency[2].Max() < 10, $"the steady station's worst latency was {latency[2].Max():F1} ms");
    }

    [Fact]
    public void Frames_of_one_flow_arrive_in_the_order_they_were_sent_despite_jitter_and_tails()
    {
        var world = new TestWorld(seed: 5);
        var jittery = TestWorld.Clean("jittery") with { Jitter = TimeSpan.FromMilliseconds(3), TailProbability = 0.05, TailScale = TimeSpan.FromMilliseconds(20) };
        var server = world.Host("server", world.BuildingB, jittery);
        var device = world.Host("device", world.BuildingA, LinkProfiles.Wifi with { LossRate = 0 });
        var received = new List<long>();
        DatagramTests.Listen(world, server, 9000, datagram => received.Add(BinaryPrimitives.ReadInt64LittleEndian(datagram.Payload.Span)));
        var sequence = 0L;
        world.Simulation.Clock.CreateTimer(_ =>
        {
            var payload = new byte[100];
            BinaryPrimitives.WriteInt64LittleEndian(payload, sequence++);
            device.Sockets.SendDatagram(9001, TestWorld.At(server, 9000), payload);
        }, null, TimeSpan.FromMilliseconds(1), TimeSpan.FromTicks(3_000));

        world.Run(3);

        Assert.True(received.Count > 900);
        Assert.Equal(received.Order(), received);
    }

    [Fact]
    public void A_backlogged_station_neither_drops_nor_stalls_a_light_stations_frames()
    {
        var cell = new WifiCell(seed: 2, CleanWifi with { Wifi = CleanWifi.Wifi! with { AttemptErrorRate = 0 } }, stations: 2);
        var (heavy, light) = (cell.Stations[0], cell.Stations[1]);
        cell.SendConstantRate(heavy, cell.Server, 1472, TimeSpan.FromTicks(300), TimeSpan.FromTicks(1)); // 400 Mbit/s offered, twice the PHY rate
        var trips = new RoundTrips();
        cell.Probe(light, trips, TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(5));

        cell.RunFor(TimeSpan.FromSeconds(6));

        Assert.True(cell.Network.Traffic.Dropped(DropReason.Congestion) > 1000, "the heavy station overflows its own queue");
        Assert.Equal(trips.Sent, trips.Received);

        // Each way the light frame wins the air against the heavy station's 4 ms aggregates with even odds.
        Assert.True(trips.Percentile(50) < 25, $"the light station's p50 round trip was {trips.Percentile(50):F1} ms");
        Assert.True(trips.Percentile(99) < 60, $"the light station's p99 round trip was {trips.Percentile(99):F1} ms");
    }

    [Fact]
    public void A_transmission_that_fails_every_attempt_is_lost_after_the_retry_limit()
    {
        var hopeless = CleanWifi with { Wifi = CleanWifi.Wifi! with { AttemptErrorRate = 1 } };
        var cell = new WifiCell(seed: 1, hopeless, stations: 1);
        cell.SendConstantRate(cell.Stations[0], cell.Server, 200, TimeSpan.FromMilliseconds(50), TimeSpan.FromTicks(1));

        cell.RunFor(TimeSpan.FromSeconds(1));

        var stats = cell.Channel.Stats;
        Assert.Equal(20, stats.Opportunities);
        Assert.Equal(20 * (hopeless.Wifi!.RetryLimit - 1), stats.Retries);
        Assert.Equal(20, stats.FramesLost);
        Assert.Equal(0, cell.ReceivedBytes(cell.Server));
    }

    [Fact]
    public void A_busy_station_aggregates_its_frames_into_few_transmissions()
    {
        var cell = new WifiCell(seed: 1, CleanWifi, stations: 1);
        cell.SendConstantRate(cell.Stations[0], cell.Server, 1472, TimeSpan.FromTicks(300), TimeSpan.FromTicks(1));

        cell.RunFor(TimeSpan.FromSeconds(1));

        var stats = cell.Channel.Stats;
        Assert.InRange(stats.Frames / (double)stats.Opportunities, 40, CleanWifi.Wifi!.MaxAggregateFrames);
    }

    [Fact]
    public void Stations_fill_access_points_of_thirty_and_multicast_reaches_all_of_them()
    {
        var world = new TestWorld(seed: 4);
        var group = new IPEndPoint(IPAddress.Parse("224.0.0.251"), 5353);
        var stations = Enumerable.Range(0, 70).Select(i => world.Host($"tablet-{i:D2}", world.BuildingA, CleanWifi)).ToList();
        var heard = 0;
        foreach (var station in stations.Skip(1))
        {
            DatagramTests.Listen(world, station, group.Port, _ => heard++, group.Address);
        }

        DatagramTests.SendLater(world, stations[0], group, 200, SimTime.FromSeconds(1), fromPort: group.Port);
        world.Run(2);

        Assert.Equal([30, 30, 10], world.BuildingA.Channels.Select(channel => channel.Stations));
        Assert.Equal(69, heard);
    }

    [Fact]
    public void Saturation_throughput_falls_with_the_number_of_stations_as_Bianchis_model_predicts()
    {
        var previous = double.MaxValue;
        foreach (var stations in new[] { 5, 20, 50 })
        {
            var (share, _) = WifiCalibration.SaturationThroughput(1, WifiCalibration.Bianchi, stations, WifiCalibration.BianchiPayloadBytes - VirtualNetwork.DatagramOverheadBytes, TimeSpan.FromSeconds(60));
            var (model, _) = WifiCalibration.BianchiThroughput(WifiCalibration.Bianchi.Wifi!, stations);
            Assert.InRange(share, model * 0.97, model * 1.03);
            Assert.True(share < previous, $"throughput at n = {stations} did not fall");
            previous = share;
        }
    }

    [Fact]
    public void A_light_station_among_downlink_saturators_keeps_a_low_round_trip()
    {
        var trips = WifiCalibration.LightAmongSaturators(seed: 1, stations: 10, downlink: true);

        Assert.True(trips.Percentile(50) < 25, $"p50 {trips.Percentile(50):F1} ms");
        Assert.True(trips.LossRate < 0.02, $"lost {trips.LossRate:P1}");
    }

    [Fact]
    public void Fixed_interval_senders_each_get_close_to_an_equal_share()
    {
        var (jain, least) = WifiCalibration.FixedRateFairness(seed: 1, stations: 10);

        Assert.True(jain > 0.95, $"Jain's index {jain:F3}");
        Assert.True(least > 0.7, $"the least served station got {least:P0} of the fair share");
    }

    [Fact]
    public void Light_load_round_trips_do_not_grow_with_the_number_of_stations()
    {
        var one = WifiCalibration.LightLoad(seed: 1, stations: 1).Percentile(50);
        var hundred = WifiCalibration.LightLoad(seed: 1, stations: 100).Percentile(50);

        Assert.InRange(hundred, one * 0.8, one * 1.2);
    }

    private static void ListenForStamps(TestWorld world, SimHost host, int port, Action<int, double> onStamp) =>
        DatagramTests.Listen(world, host, port, datagram =>
        {
            var sender = datagram.Payload.Span[0];
            var sentTicks = BinaryPrimitives.ReadInt64LittleEndian(datagram.Payload.Span[1..]);
            onStamp(sender, (world.Simulation.Now.Ticks - sentTicks) / (double)TimeSpan.TicksPerMillisecond);
        });

    private static void SendStamped(TestWorld world, SimHost from, SimHost to, int port, byte sender, TimeSpan interval, int count)
    {
        var sent = 0;
        ITimer? timer = null;
        timer = world.Simulation.Clock.CreateTimer(_ =>
        {
            var payload = new byte[200];
            payload[0] = sender;
            BinaryPrimitives.WriteInt64LittleEndian(payload.AsSpan(1), world.Simulation.Now.Ticks);
            from.Sockets.SendDatagram(port + sender, TestWorld.At(to, port), payload);
            if (++sent == count)
            {
                timer!.Dispose();
            }
        }, null, interval, interval);
    }
}
