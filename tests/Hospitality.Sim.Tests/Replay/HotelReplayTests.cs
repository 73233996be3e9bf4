using Hospitality.Reports.Replay;
using Hospitality.Sim.Kernel;
using Hospitality.Sim.Replay;
using Hospitality.Sim.World;

namespace Hospitality.Sim.Tests.Replay;

public sealed class HotelReplayTests
{
    private static readonly ReplayFault Crash = new("greengrass crash", 120, 300);

    [Fact]
    public void A_crashed_greengrass_is_drawn_down_and_its_devices_sync_through_the_cloud_until_it_is_back()
    {
        var replay = CrashedGreengrass(seed: 1);

        var hosts = replay.Hosts.Select(host => host.Name).ToList();
        var greengrass = hosts.IndexOf("greengrass");
        var tablets = Enumerable.Range(1, 3).Select(i => hosts.IndexOf($"tablet-{i}")).ToList();
        Assert.Equal(["cloud-api", "greengrass", "tablet-1", "tablet-2", "tablet-3"], hosts);
        Assert.All(replay.Frames, frame => Assert.Equal(hosts.Count, frame.States.Length));
        Assert.Equal([Crash], replay.Faults);

        var before = At(replay, 100);
        var during = At(replay, 250);
        var after = At(replay, 580);
        Assert.Equal(ReplayData.StateCode(true, replay.Endpoints.ToList().IndexOf("cloud")), before.States[greengrass]);
        Assert.All(tablets, i => Assert.Equal(Via(replay, "greengrass"), before.States[i]));
        Assert.Equal(ReplayFrame.Offline, during.States[greengrass]);
        Assert.All(tablets, i => Assert.Equal(Via(replay, "cloud"), during.States[i]));
        Assert.NotEqual(ReplayFrame.Offline, after.States[greengrass]);
    }

    [Fact]
    public void The_flows_of_all_frames_add_up_to_every_byte_of_every_upstream_link()
    {
        using var world = new HotelChainWorld(tablets: 3, seed: 2);
        world.Run(600);

        var replay = HotelReplay.Capture(world, "three tablets", TimeSpan.FromMinutes(10), []);

        var counted = replay.Frames.Sum(frame => frame.Flows.Sum(flow => flow[2]) + frame.OtherBytes);
        Assert.Equal(world.Frames.Kept[^1].Flows.Sum(flow => flow.WireBytes), counted);
        Assert.True(counted > 0);
        Assert.All(replay.Frames, frame => Assert.All(frame.Flows, flow => Assert.True(flow[2] > 0)));
    }

    [Fact]
    public void A_busy_frame_draws_only_its_busiest_flows_and_sums_the_rest()
    {
        using var world = new HotelChainWorld(tablets: 40, seed: 3);
        world.Run(120);

        var replay = HotelReplay.Capture(world, "forty tablets", TimeSpan.FromMinutes(2), []);

        Assert.All(replay.Frames, frame =>
        {
            Assert.InRange(frame.Flows.Count, 0, HotelReplay.MaxFlowsPerFrame);
            Assert.Equal(frame.Flows.OrderByDescending(flow => flow[2]).Select(flow => flow[2]), frame.Flows.Select(flow => flow[2]));
            Assert.True(frame.OtherBytes == 0 || frame.OtherBytes <= frame.Flows.Count * frame.Flows[^1][2] * 2, "the rest are the smaller flows");
        });
        Assert.Contains(replay.Frames, frame => frame.Flows.Count == HotelReplay.MaxFlowsPerFrame && frame.OtherBytes > 0);
    }

    [Fact]
    public void The_same_world_and_seed_give_the_same_replay()
    {
        Assert.Equal(CrashedGreengrass(seed: 4).ToJson(), CrashedGreengrass(seed: 4).ToJson());
        Assert.NotEqual(CrashedGreengrass(seed: 4).ToJson(), CrashedGreengrass(seed: 5).ToJson());
    }

    private static ReplayData CrashedGreengrass(ulong seed)
    {
        using var world = new HotelChainWorld(tablets: 3, seed: seed);
        world.Simulation.At(SimTime.FromSeconds(Crash.StartSeconds), world.CrashGreengrass);
        world.Simulation.At(SimTime.FromSeconds(Crash.EndSeconds!.Value), world.RestartGreengrass);
        world.Run(600);
        return HotelReplay.Capture(world, "greengrass crash", TimeSpan.FromMinutes(10), [Crash]);
    }

    private static ReplayFrame At(ReplayData replay, double seconds) => replay.Frames.Last(frame => frame.Seconds <= seconds);

    private static char Via(ReplayData replay, string endpoint) => ReplayData.StateCode(true, replay.Endpoints.ToList().IndexOf(endpoint));
}
