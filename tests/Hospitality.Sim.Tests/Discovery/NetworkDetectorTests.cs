using Hospitality.Sim.Network;
using Hospitality.Sync.Detection;
using Hospitality.Sync.Ports;
using Hospitality.Sync.Replication;
using Xunit.Abstractions;

namespace Hospitality.Sim.Tests.Discovery;

/// <summary>The network detector on a simulated phone: what it notices, how fast, and the strategy it recommends.</summary>
public sealed class NetworkDetectorTests(ITestOutputHelper output)
{
    [Fact]
    public void On_the_property_wifi_the_strategy_is_the_greengrass_every_five_seconds_without_compression()
    {
        var world = new PhoneWorld();

        var took = world.RunUntil(NetworkSituation.OnProperty, TimeSpan.FromSeconds(30));

        output.WriteLine($"on property after {took.TotalMilliseconds:F0} ms; {world.Detector.State}");
        Assert.InRange(took, TimeSpan.Zero, TimeSpan.FromSeconds(3));
        var strategy = world.Detector.RecommendStrategy();
        Assert.Equal(EndpointKind.Greengrass, strategy.Primary);
        Assert.Equal(new System.Net.IPEndPoint(world.GreengrassHost.Address!, 8000), strategy.PrimaryEndPoint);
        Assert.Equal((TimeSpan.FromSeconds(5), false, false), (strategy.SyncInterval, strategy.Compress, strategy.EnableP2P));
        Assert.True(world.Detector.State is { Kind: NetworkKind.Wifi, IsOnPropertyNetwork: true, HasInternet: true, Latency: not null });
    }

    [Fact]
    public void A_phone_walking_onto_cellular_and_back_switches_within_bounded_times()
    {
        var world = new PhoneWorld();
        world.RunUntil(NetworkSituation.OnProperty, TimeSpan.FromSeconds(30));
        world.Mdns.RunFor(TimeSpan.FromMinutes(1));
        var changes = new List<(NetworkState Old, NetworkState New)>();
        world.Detector.Changed += (old, now) => changes.Add((old, now));

        world.Mdns.World.Network.Move(world.Phone, world.Carrier, LinkProfiles.Cellular4G);
        var toCellular = world.RunUntil(NetworkSituation.Cellular, TimeSpan.FromMinutes(1));
        var cellular = world.Detector.RecommendStrategy();
        world.Mdns.RunFor(TimeSpan.FromMinutes(5));
        world.Mdns.World.Network.Move(world.Phone, world.Building, LinkProfiles.Wifi);
        var back = world.RunUntil(NetworkSituation.OnProperty, TimeSpan.FromMinutes(2));

        output.WriteLine($"Wi-Fi -> cellular switched after {toCellular.TotalSeconds:F1} s; cellular -> property Wi-Fi after {back.TotalSeconds:F1} s");
        Assert.Equal((EndpointKind.Cloud, TimeSpan.FromSeconds(60), 10, true), (cellular.Primary!.Value, cellular.SyncInterval, cellular.BatchSize, cellular.Compress));
        Assert.InRange(toCellular, PhoneWorld.Options.DegradeAfter, PhoneWorld.Options.DegradeAfter + TimeSpan.FromSeconds(3));
        Assert.InRange(back, PhoneWorld.Options.ImproveAfter, PhoneWorld.Options.ImproveAfter + TimeSpan.FromSeconds(5));
        Assert.Equal(NetworkKind.Cellular, changes[0].New.Kind);
        Assert.False(changes[0].New.IsOnPropertyNetwork);
        Assert.True(changes[0].Old.IsOnPropertyNetwork);
        Assert.Equal(2, world.Detector.StrategySwitches);
    }

    [Fact]
    public void A_flapping_link_does_not_thrash_the_strategy()
    {
        var world = new PhoneWorld();
        world.RunUntil(NetworkSituation.OnProperty, TimeSpan.FromSeconds(30));
        var network = world.Mdns.World.Network;

        // Out of the Wi-Fi for 4 s, back for 4 s, for five minutes: at a stairwell's edge.
        for (var i = 0; i < 38; i++)
        {
            network.Move(world.Phone, i % 2 == 0 ? world.Carrier : world.Building, i % 2 == 0 ? LinkProfiles.Cellular4G : LinkProfiles.Wifi);
            world.Mdns.RunFor(TimeSpan.FromSeconds(4));
        }

        output.WriteLine($"{world.Detector.StrategySwitches} strategy switches in 38 link changes");
        Assert.InRange(world.Detector.StrategySwitches, 0, 2);
    }

    [Fact]
    public void An_hour_offline_queues_and_enables_p2p_then_returns_to_the_greengrass()
    {
        var world = new PhoneWorld();
        world.RunUntil(NetworkSituation.OnProperty, TimeSpan.FromSeconds(30));
        var network = world.Mdns.World.Network;

        network.Move(world.Phone, null);
        var offline = world.RunUntil(NetworkSituation.Offline, TimeSpan.FromMinutes(1));
        var strategy = world.Detector.RecommendStrategy();
        world.Mdns.RunFor(TimeSpan.FromHours(1));
        network.Move(world.Phone, world.Building, LinkProfiles.Wifi);
        var back = world.RunUntil(NetworkSituation.OnProperty, TimeSpan.FromMinutes(2));

        output.WriteLine($"offline noticed in {offline.TotalSeconds:F1} s, back on the Greengrass {back.TotalSeconds:F1} s after returning");
        Assert.Null(strategy.Primary);
        Assert.True(strategy.EnableP2P);
        Assert.InRange(offline, TimeSpan.Zero, PhoneWorld.Options.DegradeAfter + TimeSpan.FromSeconds(1));
        Assert.InRange(back, PhoneWorld.Options.RecoverAfter, PhoneWorld.Options.RecoverAfter + TimeSpan.FromSeconds(3));
    }

    [Fact]
    public void An_internet_outage_keeps_the_greengrass_and_reports_no_internet_by_the_next_cloud_probe()
    {
        var world = new PhoneWorld();
        world.RunUntil(NetworkSituation.OnProperty, TimeSpan.FromSeconds(30));

        world.Mdns.World.Network.SetInternetUp(world.Building, false);
        world.Mdns.RunFor(TimeSpan.FromMinutes(2));
        Assert.True(world.Detector.State.HasInternet); // on the property the cloud is probed every 15 minutes
        world.Mdns.RunFor(PhoneWorld.Options.InternetProbeInterval);

        Assert.Equal(NetworkSituation.OnProperty, world.Situation);
        Assert.False(world.Detector.State.HasInternet);
        Assert.Equal(0, world.Detector.StrategySwitches);

        // A probe the cloud did not answer is tried again at the next detection, not 15 minutes later.
        world.Mdns.World.Network.SetInternetUp(world.Building, true);
        world.Mdns.RunFor(PhoneWorld.Options.ProbeInterval + TimeSpan.FromSeconds(5));
        Assert.True(world.Detector.State.HasInternet);
    }

    [Fact]
    public void A_greengrass_reboot_moves_the_phone_to_the_cloud_and_back()
    {
        var world = new PhoneWorld();
        world.RunUntil(NetworkSituation.OnProperty, TimeSpan.FromSeconds(30));

        world.Mdns.Stop(world.Greengrass);
        var toCloud = world.RunUntil(NetworkSituation.CloudOnly, TimeSpan.FromMinutes(1));
        world.Mdns.Run(world.GreengrassHost, world.Greengrass);
        var back = world.RunUntil(NetworkSituation.OnProperty, TimeSpan.FromMinutes(2));

        output.WriteLine($"Greengrass goodbye -> cloud in {toCloud.TotalSeconds:F1} s; back {back.TotalSeconds:F1} s after it restarted");
        Assert.InRange(toCloud, PhoneWorld.Options.DegradeAfter, PhoneWorld.Options.DegradeAfter + TimeSpan.FromSeconds(3));
        Assert.InRange(back, PhoneWorld.Options.ImproveAfter, PhoneWorld.Options.ImproveAfter + TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void The_strategy_table_is_configurable()
    {
        var options = PhoneWorld.Options with
        {
            Strategies = new SyncStrategyTable { OnProperty = new SyncStrategy(NetworkSituation.OnProperty, EndpointKind.Greengrass, TimeSpan.FromSeconds(1), 500, Compress: true, EnableP2P: true) },
        };
        var world = new PhoneWorld(options: options);

        world.RunUntil(NetworkSituation.OnProperty, TimeSpan.FromSeconds(30));

        Assert.Equal((TimeSpan.FromSeconds(1), 500, true, true), (world.Detector.Strategy.SyncInterval, world.Detector.Strategy.BatchSize, world.Detector.Strategy.Compress, world.Detector.Strategy.EnableP2P));
    }

    [Fact]
    public void Transfers_and_round_trips_are_smoothed_into_estimates()
    {
        var world = new PhoneWorld();
        world.RunUntil(NetworkSituation.OnProperty, TimeSpan.FromSeconds(30));

        world.Detector.ObserveTransfer(125_000, TimeSpan.FromSeconds(1));
        world.Detector.ObserveTransfer(250_000, TimeSpan.FromSeconds(1));
        world.Detector.ObserveRoundTrip(TimeSpan.FromSeconds(1));
        world.Mdns.RunFor(PhoneWorld.Options.ProbeInterval + TimeSpan.FromSeconds(5)); // the next detection takes them in

        // 1 Mbit/s, then a quarter of the way to 2 Mbit/s.
        Assert.Equal(1_250_000, world.Detector.State.BandwidthBitsPerSecond);
        Assert.True(world.Detector.State.Latency > TimeSpan.FromMilliseconds(100), $"{world.Detector.State.Latency}");
    }
}
