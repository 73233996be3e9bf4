using static Hospitality.Sync.Hosting.Tests.Replication.LoopbackHotel;

namespace Hospitality.Sync.Hosting.Tests.Replication;

/// <summary>
/// The replication tests that matter, on OS sockets over loopback with one run loop per node, as
/// the simulator runs them in virtual time (tests/Hospitality.Sim.Tests/Replication: ConvergenceTests,
/// FailoverTests, RestartTests).
/// </summary>
[Collection(LoopbackNodesCollection.Name)]
public sealed class LoopbackReplicationTests
{
    [Fact]
    public async Task Concurrent_writes_on_three_nodes_converge_to_the_same_state_everywhere()
    {
        await using var hotel = await LoopbackHotel.StartAsync(tablets: 2);
        var writers = new[] { hotel.Tablets[0], hotel.Tablets[1], hotel.Greengrass! };
        var writes = writers.Select((node, n) => node.OnLoopAsync(replica =>
        {
            for (var i = 0; i < 10; i++)
            {
                // Rooms 100-109 are written by all three at once: conflicting versions, resolved by HLC.
                replica.Write("rooms", $"room-{100 + i}", Room(100 + i, n % 2 == 0 ? "clean" : "dirty"));
                replica.Write("rooms", $"room-{110 + 10 * n + i}", Room(110 + 10 * n + i, "clean"));
            }

            return true;
        }));
        await Task.WhenAll(writes);

        Assert.True(await hotel.ConvergedAsync(expected: 40), await hotel.DescribeAsync());
    }

    [Fact]
    public async Task Greengrass_crash_moves_tablets_to_the_cloud_without_losing_writes_and_back_when_it_returns()
    {
        await using var hotel = await LoopbackHotel.StartAsync(tablets: 2);
        Assert.True(await hotel.AllTabletsFollowAsync("greengrass"));

        await hotel.StopGreengrassAsync();
        Assert.True(await hotel.AllTabletsFollowAsync("cloud"), "tablets did not fail over to the cloud");
        await hotel.Tablets[0].OnLoopAsync(replica => replica.Write("rooms", "room-201", Room(201, "dirty")));
        await hotel.Tablets[1].OnLoopAsync(replica => replica.Write("rooms", "room-202", Room(202, "clean")));

        await hotel.StartGreengrassAsync();
        Assert.True(await hotel.AllTabletsFollowAsync("greengrass"), "tablets did not fail back to the Greengrass");
        await hotel.Tablets[1].OnLoopAsync(replica => replica.Write("rooms", "room-203", Room(203, "clean")));

        Assert.True(await hotel.ConvergedAsync(expected: 3), await hotel.DescribeAsync());
        foreach (var tablet in hotel.Tablets)
        {
            Assert.Equal(0, await tablet.OnLoopAsync(replica => replica.OutboxCount));
        }
    }

    [Fact]
    public async Task A_tablet_restarted_with_unsent_writes_reopens_its_store_and_sends_them()
    {
        await using var hotel = await LoopbackHotel.StartAsync(tablets: 1);
        await hotel.StopGreengrassAsync();
        var cloud = hotel.Cloud;
        await cloud.StopAsync(TimeSpan.Zero);

        var tablet = hotel.Tablets[0];
        await tablet.OnLoopAsync(replica =>
        {
            for (var i = 0; i < 10; i++)
            {
                replica.Write("rooms", $"room-{300 + i}", Room(300 + i, "dirty"));
            }

            return true;
        });
        var stampBefore = await tablet.OnLoopAsync(replica => replica.Get("rooms", "room-309")!.Stamp);
        await tablet.StopAsync(TimeSpan.Zero);
        hotel.Tablets.Clear();

        var restarted = await hotel.StartTabletAsync("tablet-0");
        hotel.Tablets.Add(restarted);
        Assert.Equal(10, await restarted.OnLoopAsync(replica => replica.OutboxCount));
        Assert.True(await restarted.OnLoopAsync(replica => replica.Clock.Now() > stampBefore), "the clock resumed below a stored stamp");

        await hotel.RestartCloudAsync();
        await hotel.StartGreengrassAsync();
        Assert.True(await hotel.ConvergedAsync(expected: 10), await hotel.DescribeAsync());
        Assert.Equal(0, await restarted.OnLoopAsync(replica => replica.OutboxCount));
    }
}
