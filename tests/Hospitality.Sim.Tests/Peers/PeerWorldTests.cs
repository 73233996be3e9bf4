using HdrHistogram;
using Hospitality.Sim.Kernel;
using Hospitality.Sim.Metrics;
using Hospitality.Sim.Network;
using Hospitality.Sim.World;

namespace Hospitality.Sim.Tests.Peers;

/// <summary>P2P in the hotel worlds: the tablets of a P2P property run the engine's WebRTC peer and P2P replication over the virtual network.</summary>
public sealed class PeerWorldTests
{
    [Fact]
    public void Tablets_of_a_small_hotel_hear_each_other_over_p2p_first()
    {
        using var world = SmallHotel(seed: 3);
        Assert.True(RunUntil(world, () => MeshFormed(world), 30), "the mesh did not form");

        Write(world, world.Tablets[0], "room-101");
        Assert.True(RunUntil(world, () => world.Tablets.All(tablet => tablet.Replica.Get("rooms", "room-101") is not null), 5));

        var p2p = world.Propagation.Histogram(PropagationProbe.PeerToPeer);
        Assert.NotNull(p2p);
        Assert.Equal(2, p2p.TotalCount);
        Assert.True(p2p.GetMaxValue() < 20_000, $"P2P delivery took {p2p.GetMaxValue()} µs");
        world.Run(30);

        // The servers' copies arrive later and are not stored again, but they still measure the path through the cloud.
        // Each tablet also pushes what it heard over P2P (a courier), and the cloud streams no tablet its own stored
        // push: the tablet whose copy reached the cloud first never gets one back, so one or two tablets measure it.
        Assert.InRange(world.Propagation.Histogram(PropagationProbe.SameProperty)!.TotalCount, 1, 2);
        Assert.True(world.Propagation.Histogram(PropagationProbe.SameProperty)!.GetValueAtPercentile(0) > p2p.GetMaxValue());
        Assert.True(world.Converged());
        Assert.True(world.OutboxesDrained, "the writer's outbox still waits for the cloud");

        var report = world.Peers.Report(_ => (3, 0))!.Properties.Single();
        Assert.True(report.Available);
        Assert.Equal((3, 3), (report.Boots, report.MeshFormed));
        Assert.InRange(report.MeshFormedMaxSeconds!.Value, 0.01, 30);
    }

    [Fact]
    public void During_an_internet_outage_writes_still_reach_the_other_tablets_over_p2p_and_the_cloud_catches_up_after()
    {
        using var world = SmallHotel(seed: 5, tablets: 2);
        Assert.True(RunUntil(world, () => MeshFormed(world), 30), "the mesh did not form");
        world.Network.SetInternetUp(world.Building, false);
        world.Run(60);

        for (var i = 0; i < 10; i++)
        {
            Write(world, world.Tablets[i % 2], $"room-{300 + i}", "dirty");
            world.Run(1);
        }

        Assert.True(RunUntil(world, () => world.Tablets.All(tablet => Enumerable.Range(300, 10).All(room => tablet.Replica.Get("rooms", $"room-{room}") is not null)), 5));
        Assert.All(Enumerable.Range(300, 10), room => Assert.Null(world.Cloud.Get("rooms", $"room-{room}")));
        Assert.Equal(10, world.Propagation.Histogram(PropagationProbe.PeerToPeer)!.TotalCount);
        Assert.True(world.Propagation.Histogram(PropagationProbe.PeerToPeer)!.GetMaxValue() < 50_000);

        // Both tablets queue every write for the cloud (the writer's own, and the peer's as a courier): none is lost.
        world.Network.SetInternetUp(world.Building, true);
        Assert.True(RunUntil(world, () => world.OutboxesDrained && world.Converged(), 120), "the cloud did not catch up");
        Assert.All(Enumerable.Range(300, 10), room => Assert.NotNull(world.Cloud.Get("rooms", $"room-{room}")));
    }

    [Fact]
    public void Under_client_isolation_p2p_gives_up_with_its_reason_and_the_cloud_carries_the_writes()
    {
        using var world = SmallHotel(seed: 7, clientIsolation: true);
        world.Run(60);

        Assert.All(world.Tablets, tablet => Assert.Empty(tablet.Peer!.Peers));
        var unavailable = world.Peers.UnavailableEvents;
        Assert.NotEmpty(unavailable);
        Assert.All(unavailable, each => Assert.Contains("no direct path", each.Reason, StringComparison.Ordinal));
        Assert.True(unavailable.Max(each => each.At.TotalSeconds) < 60, "P2P took more than a minute to give up");
        Assert.True(world.Network.Traffic.Dropped(DropReason.ClientIsolation) > 0);

        Write(world, world.Tablets[0], "room-102");
        Assert.True(RunUntil(world, () => world.Tablets.All(tablet => tablet.Replica.Get("rooms", "room-102") is not null), 5));
        Assert.Null(world.Propagation.Histogram(PropagationProbe.PeerToPeer));
        Assert.Equal(2, world.Propagation.Histogram(PropagationProbe.SameProperty)!.TotalCount);

        var report = world.Peers.Report(_ => (3, 0))!.Properties.Single();
        Assert.False(report.Available);
        Assert.Contains("no direct path", report.Unavailable[0].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_crashed_tablet_rejoins_the_mesh_after_its_restart_and_catches_up_over_p2p()
    {
        using var world = SmallHotel(seed: 9, tablets: 3);
        Assert.True(RunUntil(world, () => MeshFormed(world), 30), "the mesh did not form");
        world.Network.SetInternetUp(world.Building, false);
        var crashed = world.Tablets[2];
        world.Crash(crashed);
        world.Run(2);
        Write(world, world.Tablets[0], "room-103");
        world.Run(5);
        world.Restart(crashed);

        Assert.True(RunUntil(world, () => crashed.Replica.Get("rooms", "room-103") is not null, 60), "the restarted tablet did not catch up over P2P");
        Assert.Null(world.Cloud.Get("rooms", "room-103"));
        Assert.True(RunUntil(world, () => MeshFormed(world), 60), "the mesh did not form again");
    }

    [Fact]
    public void A_p2p_world_replays_the_same_trace()
    {
        static string Run()
        {
            using var world = SmallHotel(seed: 11);
            world.Run(20);
            Write(world, world.Tablets[1], "room-104");
            world.Run(20);
            return world.Simulation.Trace.HashHex;
        }

        Assert.Equal(Run(), Run());
    }

    internal static HotelChainWorld SmallHotel(ulong seed, bool clientIsolation = false, int tablets = 3, LinkProfile? link = null) =>
        new([new PropertyPlan(false, Enumerable.Repeat(link ?? LinkProfiles.Wifi, tablets).ToList(), P2P: true, ClientIsolation: clientIsolation)], seed);

    internal static bool MeshFormed(HotelChainWorld world) =>
        world.Tablets.All(tablet => tablet.Peer is { } peer && peer.Peers.Count == world.Tablets.Count - 1);

    internal static bool RunUntil(HotelChainWorld world, Func<bool> condition, double seconds) =>
        world.Simulation.RunUntil(condition, world.Simulation.Now + TimeSpan.FromSeconds(seconds)) == RunOutcome.ConditionMet;

    internal static void Write(HotelChainWorld world, Tablet tablet, string room, string status = "clean") =>
        world.Simulation.Spawn($"{tablet.Name}/staff", () =>
        {
            var number = room["room-".Length..];
            tablet.Replica.Write("rooms", room, $$"""{"id":"{{room}}","number":"{{number}}","floor":1,"type":"deluxe","status":"{{status}}"}""");
            return Task.CompletedTask;
        });
}
