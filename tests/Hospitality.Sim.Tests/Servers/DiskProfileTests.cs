using System.Net;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Hospitality.Sim.Kernel;
using Hospitality.Sim.Servers;
using Hospitality.Sync.Ports;

namespace Hospitality.Sim.Tests.Servers;

/// <summary>A node's disk: fsync times drawn from measured quantiles, and what they add to a commit.</summary>
public sealed class DiskProfileTests
{
    private static readonly DiskProfile Measured = new(
    [
        (0, TimeSpan.FromMilliseconds(0.2)), (0.5, TimeSpan.FromMilliseconds(0.4)), (0.9, TimeSpan.FromMilliseconds(1)),
        (0.99, TimeSpan.FromMilliseconds(16)), (1, TimeSpan.FromMilliseconds(60)),
    ]);

    [Fact]
    public void Draws_reproduce_the_quantiles_they_were_given()
    {
        var random = new SimRandom(7);
        var draws = Enumerable.Range(0, 100_000).Select(_ => Measured.Fsync(random).TotalMilliseconds).Order().ToArray();

        Assert.Equal([0.2, 0.4, 1, 16, 60], new[] { 0, 0.5, 0.9, 0.99, 1 }.Select(quantile => Measured.At(quantile).TotalMilliseconds));
        Assert.Equal(0.3, Measured.At(0.25).TotalMilliseconds, 6);
        Assert.InRange(draws[50_000], 0.39, 0.41);
        Assert.InRange(draws[90_000], 0.8, 1.3); // 1 ms, where the quantiles climb 15 ms in 9 % of the draws
        Assert.InRange(draws[99_000], 14, 18);
        Assert.True(draws[0] >= 0.2 && draws[^1] <= 60);
    }

    [Property]
    public Property Every_draw_lies_between_the_fastest_and_the_slowest_fsync(ulong seed) =>
        Enumerable.Range(0, 50).Select(_ => Measured.Fsync(new SimRandom(seed))).All(fsync => fsync >= TimeSpan.FromMilliseconds(0.2) && fsync <= TimeSpan.FromMilliseconds(60)).ToProperty();

    [Fact]
    public void Quantiles_that_fall_or_do_not_span_zero_to_one_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new DiskProfile([(0, TimeSpan.FromMilliseconds(2)), (1, TimeSpan.FromMilliseconds(1))]));
        Assert.Throws<ArgumentException>(() => new DiskProfile([(0.1, TimeSpan.Zero), (1, TimeSpan.FromMilliseconds(1))]));
        Assert.Throws<ArgumentException>(() => new DiskProfile([(0, TimeSpan.Zero), (0.5, TimeSpan.FromSeconds(11)), (1, TimeSpan.FromSeconds(11))]));
    }

    [Fact]
    public void A_disk_replaces_the_folded_median_fsync_in_commits_only()
    {
        var times = new ServiceTimes { Disk = new DiskProfile([(0, TimeSpan.FromMilliseconds(5)), (1, TimeSpan.FromMilliseconds(5))]) };
        var random = new SimRandom(1);
        var extra = TimeSpan.FromMilliseconds(5) - ServiceTimes.MeasuredCommit;

        Assert.Equal(times.Of(NodeWorkKind.PushBatch, 3) + extra, times.Time(NodeWorkKind.PushBatch, 3, random).Total);
        Assert.Equal(times.Of(NodeWorkKind.ApplyChanges, 1) + extra, times.Time(NodeWorkKind.ApplyChanges, 1, random).Total);
        Assert.Equal(times.Of(NodeWorkKind.LiveFanOut, 1), times.Time(NodeWorkKind.LiveFanOut, 1, random).Total);
        Assert.Equal(times.Of(NodeWorkKind.PushOutbox, 1), times.Time(NodeWorkKind.PushOutbox, 1, random).Total);
    }

    [Fact]
    public void Without_a_disk_a_processor_draws_nothing_and_takes_the_calibrated_times()
    {
        var simulation = new Simulation(1);
        var processor = new SimNodeProcessor(simulation, new ServiceTimes(), _ => 0, node: "greengrass-1");
        var finished = SimTime.Zero;
        simulation.Spawn("server", async () =>
        {
            await processor.RunAsync(new NodeWork(NodeWorkKind.PushBatch, 1, new IPEndPoint(IPAddress.Loopback, 1)), default);
            finished = simulation.Now;
        });
        simulation.RunUntil(SimTime.FromSeconds(1));

        Assert.Equal(SimTime.Zero + new ServiceTimes().Of(NodeWorkKind.PushBatch, 1), finished);
    }

    [Fact]
    public void A_slow_disk_holds_the_node_so_work_behind_a_commit_waits_for_its_fsync()
    {
        var simulation = new Simulation(1);
        var slow = new DiskProfile([(0, TimeSpan.FromMilliseconds(30)), (1, TimeSpan.FromMilliseconds(30))]);
        var times = new ServiceTimes { Disk = slow };
        var processor = new SimNodeProcessor(simulation, times, _ => 0, node: "greengrass-1");
        var peer = new IPEndPoint(IPAddress.Loopback, 1);
        var fannedOut = SimTime.Zero;
        simulation.Spawn("server", async () =>
        {
            _ = processor.RunAsync(new NodeWork(NodeWorkKind.PushBatch, 1, peer), default);
            await processor.RunAsync(new NodeWork(NodeWorkKind.LiveFanOut, 1, peer), default);
            fannedOut = simulation.Now;
        });
        simulation.RunUntil(SimTime.FromSeconds(1));

        Assert.Equal(SimTime.Zero + (times.Of(NodeWorkKind.PushBatch, 1) - ServiceTimes.MeasuredCommit + TimeSpan.FromMilliseconds(30) + times.Of(NodeWorkKind.LiveFanOut, 1)), fannedOut);
    }
}
