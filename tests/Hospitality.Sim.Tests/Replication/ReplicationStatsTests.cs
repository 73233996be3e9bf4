using Hospitality.Sim.Network;
using Hospitality.Sim.World;
using Hospitality.Sync.Replication;

namespace Hospitality.Sim.Tests.Replication;

/// <summary>The seed's getStats() through a failover and back: what an operator's status screen shows.</summary>
public sealed class ReplicationStatsTests
{
    [Fact]
    public void Stats_follow_the_active_endpoint_its_health_and_lag_and_count_failovers_and_synced_documents_across_sessions()
    {
        var world = new HotelChainWorld([new PropertyPlan(true, [LinkProfiles.Wifi, LinkProfiles.Wifi], Discovery: Sim.Discovery.DiscoveryMode.Static)], seed: 1);
        var tablet = world.Tablets[0];
        world.Run(20);
        world.Simulation.Spawn("front-desk", () =>
        {
            tablet.Replica.Write("rooms", "room-101", Room("101", "clean"));
            world.Tablets[1].Replica.Write("rooms", "room-102", Room("102", "clean"));
            return Task.CompletedTask;
        });
        world.Run(10);

        var onGreengrass = tablet.Replication.GetStats();
        Assert.Equal(["greengrass"], onGreengrass.ActiveEndpoints);
        Assert.Equal((0, 0), (onGreengrass.PendingCount, onGreengrass.Failovers));
        Assert.Equal(2, onGreengrass.SyncedDocuments); // its own write pushed, the other tablet's pulled
        var greengrass = onGreengrass.Endpoints.Single(endpoint => endpoint.Name == "greengrass");
        Assert.Equal((EndpointKind.Greengrass, true, true, 0L, (string?)null), (greengrass.Kind, greengrass.Healthy, greengrass.Active, greengrass.Lag, greengrass.LastError));
        Assert.NotNull(greengrass.Latency);
        var cloud = onGreengrass.Endpoints.Single(endpoint => endpoint.Name == "cloud");
        Assert.Equal((EndpointKind.Cloud, false), (cloud.Kind, cloud.Active));

        world.CrashGreengrass();
        world.Run(30);
        tablet.Replica.Write("rooms", "room-103", Room("103", "dirty"));
        world.Run(10);

        var onCloud = tablet.Replication.GetStats();
        Assert.Equal(["cloud"], onCloud.ActiveEndpoints);
        Assert.Equal(1, onCloud.Failovers);
        Assert.True(onCloud.SyncedDocuments >= 3, $"synced {onCloud.SyncedDocuments}: the greengrass session's count was lost");
        var down = onCloud.Endpoints.Single(endpoint => endpoint.Name == "greengrass");
        Assert.Equal((false, false), (down.Healthy, down.Active));
        Assert.NotNull(down.LastError);
        Assert.True(onCloud.Endpoints.Single(endpoint => endpoint.Name == "cloud") is { Active: true, Healthy: true, Lag: 0 });

        world.RestartGreengrass();
        world.Run(60);

        var back = tablet.Replication.GetStats();
        Assert.Equal(["greengrass"], back.ActiveEndpoints);
        Assert.Equal(2, back.Failovers);
        Assert.True(back.SyncedDocuments >= onCloud.SyncedDocuments);
    }

    private static string Room(string number, string status) =>
        $$"""{"id":"room-{{number}}","number":"{{number}}","floor":1,"type":"deluxe","status":"{{status}}"}""";
}
