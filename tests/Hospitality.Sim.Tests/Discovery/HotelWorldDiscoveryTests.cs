using Hospitality.Sim.Faults;
using Hospitality.Sim.Network;
using Hospitality.Sim.Workload;
using Hospitality.Sim.World;
using Hospitality.Sync.Detection;
using Hospitality.Sync.Ports;
using Hospitality.Sync.Replication;
using Hospitality.Sync.Replication.Protocol;
using Xunit.Abstractions;

namespace Hospitality.Sim.Tests.Discovery;

/// <summary>
/// Discovery inside the hotel worlds the scenarios run: no name resolves by magic; tablets find their
/// Greengrass by mDNS and follow their network detector. Every time asserted is virtual and bounded.
/// </summary>
public sealed class HotelWorldDiscoveryTests(ITestOutputHelper output)
{
    private static readonly NetworkDetectorOptions Defaults = new() { Cloud = new("cloud", EndpointKind.Cloud, HotelChainWorld.CloudName) };

    [Fact]
    public void Tablets_find_the_greengrass_by_mdns_within_two_seconds_and_its_name_resolves_nowhere_else()
    {
        using var world = new HotelChainWorld(tablets: 4);

        var took = RunUntil(world, () => world.Tablets.All(tablet => tablet.ActiveEndpoint == "greengrass"), TimeSpan.FromSeconds(30));

        var unresolved = Record.Exception(() => world.Tablets[0].Host.Network.ResolveAsync("greengrass.local").AsTask().GetAwaiter().GetResult());
        output.WriteLine($"all tablets on the Greengrass after {took.TotalSeconds:F2} s; discovery p99 {world.Discovery.Report(took)!.FoundP99Ms:F0} ms");
        Assert.InRange(took, TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(5));
        Assert.Equal(4, world.Discovery.Discoveries.Count);
        Assert.All(world.Discovery.Discoveries, found => Assert.InRange(found, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(2)));
        Assert.IsType<NetworkConnectionException>(unresolved);
        Assert.All(world.Tablets, tablet => Assert.Equal(world.GreengrassHost.Address, tablet.Locator!.Current!.EndPoint.Address));
    }

    [Fact]
    public void A_housekeeping_phone_walking_onto_cellular_syncs_compressed_with_the_cloud_and_comes_back()
    {
        using var world = new HotelChainWorld(tablets: 2);
        var phone = world.Tablets[0];
        var faults = new WorldFaults(world);
        RunUntil(world, () => phone.ActiveEndpoint == "greengrass", TimeSpan.FromSeconds(30));

        var back = faults.Handover(phone.Host)!;
        var toCloud = RunUntil(world, () => phone.ActiveEndpoint == "cloud", TimeSpan.FromMinutes(1));
        world.Run(5); // the session's hello agrees on compression
        var compression = phone.Replication.Compression;
        back();
        var toGreengrass = RunUntil(world, () => phone.ActiveEndpoint == "greengrass", TimeSpan.FromMinutes(2));

        output.WriteLine($"Wi-Fi -> cloud on cellular {toCloud.TotalSeconds:F1} s; back on the Greengrass {toGreengrass.TotalSeconds:F1} s after returning");
        Assert.Equal(WireCompression.Brotli, compression);
        Assert.InRange(toCloud, Defaults.DegradeAfter, Defaults.DegradeAfter + TimeSpan.FromSeconds(4));
        Assert.InRange(toGreengrass, Defaults.ImproveAfter, Defaults.ImproveAfter + TimeSpan.FromSeconds(6));
        var changes = world.Discovery.SwitchOvers.Where(each => each.Device == phone.Name).ToList();
        Assert.Equal(["on-property → cellular", "cellular → on-property"], changes.Select(each => each.Change));
        Assert.All(changes, each => Assert.InRange(each.Noticed!.Value, TimeSpan.Zero, TimeSpan.FromSeconds(3)));
        Assert.Equal("greengrass", world.Tablets[1].ActiveEndpoint); // the other tablet never moved
    }

    [Fact]
    public void Health_probes_stop_while_a_live_cloud_session_vouches_and_the_cloud_is_probed_every_15_minutes_on_the_property_over_kept_connections()
    {
        using var world = new HotelChainWorld(tablets: 2);
        var phone = world.Tablets[0];
        RunUntil(world, () => phone.ActiveEndpoint == "greengrass", TimeSpan.FromSeconds(30));
        var start = phone.Detector!.HealthProbes;
        var connections = phone.Detector.HealthProbeConnections;
        world.Run(1800);
        var onProperty = phone.Detector.HealthProbes - start;
        var opened = phone.Detector.HealthProbeConnections - connections;

        new WorldFaults(world).Handover(phone.Host);
        RunUntil(world, () => phone.ActiveEndpoint == "cloud", TimeSpan.FromMinutes(1));
        world.Run(5);
        var live = phone.Detector.HealthProbes;
        world.Run(600);

        output.WriteLine($"on the property {onProperty} probes on {opened} new connections in 30 min; on cellular with a live cloud session {phone.Detector.HealthProbes - live}");
        Assert.InRange(onProperty, 1, 3); // the cloud every 15 minutes; the session's 25 s beacons keep the Greengrass heard
        Assert.Equal(0, opened); // each server's probe connection, opened before, carried them all
        Assert.Equal(live, phone.Detector.HealthProbes);
        Assert.True(phone.Detector.State.HasInternet);
    }

    [Fact]
    public void A_greengrass_the_live_session_hears_is_not_probed_busy_or_quiet_and_one_gone_silent_is_probed_and_left()
    {
        using var world = new HotelChainWorld(tablets: 2);
        var phone = world.Tablets[0];
        var writer = world.Tablets[1];
        RunUntil(world, () => phone.ActiveEndpoint == "greengrass" && writer.ActiveEndpoint == "greengrass", TimeSpan.FromSeconds(30));
        var rooms = new HotelDataset(HotelChainWorld.PropertyId(1), new WorkloadSpec(), seed: 1, world.Simulation.Clock.GetUtcNow()).Rooms;
        world.Run(60); // past the first detections and the cloud's first probe

        // Busy: the other tablet writes every 5 s, so the Greengrass streams a change to the phone that often.
        var start = phone.Detector!.HealthProbes;
        for (var i = 0; i < 120; i++)
        {
            writer.Replica.Write("rooms", rooms[i % rooms.Count].Id, rooms[i % rooms.Count].Body(["balcony"], $"busy {i}"));
            world.Run(5);
        }

        var busy = phone.Detector.HealthProbes - start;

        // Quiet: nothing streams, but the Greengrass beacons on the session after 25 s of silence.
        start = phone.Detector.HealthProbes;
        world.Run(600);
        var quiet = phone.Detector.HealthProbes - start;

        // Gone silent: the phone cannot reach the Greengrass; the detector probes it at its first round
        // 30 s after it last heard it, and the strategy leaves it.
        start = phone.Detector.HealthProbes;
        var cut = world.Simulation.Now;
        world.Network.Partition([phone.Host], [world.Properties[0].GreengrassNode!.Host]);
        RunUntil(world, () => phone.Detector.Strategy.Situation != NetworkSituation.OnProperty, TimeSpan.FromSeconds(40));

        output.WriteLine($"health probes in 10 min: {busy} while the Greengrass streamed a change every 5 s, {quiet} while it was quiet; left {world.Simulation.Now - cut} after the cut");
        Assert.InRange(busy, 0, 1); // the cloud's, every 15 minutes
        Assert.InRange(quiet, 0, 1);
        Assert.True(phone.Detector.HealthProbes > start);
        Assert.True(world.Simulation.Now - cut <= Defaults.ProbeInterval + Defaults.ProbeTimeout + Defaults.DegradeAfter, $"left after {world.Simulation.Now - cut}");
    }

    [Fact]
    public void A_device_offline_for_an_hour_stops_trying_keeps_its_writes_and_delivers_them_on_return()
    {
        using var world = new HotelChainWorld(tablets: 2);
        var phone = world.Tablets[0];
        var faults = new WorldFaults(world);
        RunUntil(world, () => phone.ActiveEndpoint == "greengrass", TimeSpan.FromSeconds(30));

        var back = faults.Offline(phone.Host)!;
        var stopped = RunUntil(world, () => phone.ActiveEndpoint is null, TimeSpan.FromMinutes(1));
        var rooms = new HotelDataset(HotelChainWorld.PropertyId(1), new WorkloadSpec(), seed: 1, world.Simulation.Clock.GetUtcNow()).Rooms;
        for (var i = 0; i < 6; i++)
        {
            phone.Replica.Write("rooms", rooms[i].Id, rooms[i].Body(["balcony"], $"offline update {i}"));
            world.Run(600);
        }

        var queued = phone.Replica.Store.OutboxCount;
        back();
        var delivered = RunUntil(world, () => world.Tablets[1].Replica.Get("rooms", rooms[5].Id)?.BodyJson.Contains("offline update 5", StringComparison.Ordinal) == true, TimeSpan.FromMinutes(2));

        output.WriteLine($"stopped {stopped.TotalSeconds:F1} s after losing the link; {queued} writes queued; on the other tablet {delivered.TotalSeconds:F1} s after return");
        Assert.InRange(stopped, Defaults.DegradeAfter, Defaults.DegradeAfter + TimeSpan.FromSeconds(2));
        Assert.Equal(6, queued);
        Assert.InRange(delivered, Defaults.RecoverAfter, Defaults.RecoverAfter + TimeSpan.FromSeconds(5));
        Assert.Equal("greengrass", phone.ActiveEndpoint);
        Assert.Contains(world.Discovery.SwitchOvers, each => each is { Change: "on-property → offline" } && each.Noticed < TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void A_greengrass_reboot_moves_tablets_to_the_cloud_and_back_once_mdns_finds_it_again()
    {
        using var world = new HotelChainWorld(tablets: 3);
        RunUntil(world, () => world.Tablets.All(tablet => tablet.ActiveEndpoint == "greengrass"), TimeSpan.FromSeconds(30));

        world.CrashGreengrass();
        var toCloud = RunUntil(world, () => world.Tablets.All(tablet => tablet.ActiveEndpoint == "cloud"), TimeSpan.FromMinutes(1));
        world.Run(60 - toCloud.TotalSeconds);
        world.RestartGreengrass();
        var back = RunUntil(world, () => world.Tablets.All(tablet => tablet.ActiveEndpoint == "greengrass"), TimeSpan.FromMinutes(2));

        output.WriteLine($"on the cloud {toCloud.TotalSeconds:F1} s after the crash; back on the Greengrass {back.TotalSeconds:F1} s after it rebooted");
        // A crash says no goodbye: the next health probe (every 15 s, 2 s timeout) notices, then the 5 s degrade hold.
        Assert.InRange(toCloud, Defaults.DegradeAfter, Defaults.ProbeInterval + Defaults.ProbeTimeout + Defaults.DegradeAfter + TimeSpan.FromSeconds(3));
        Assert.InRange(back, Defaults.ImproveAfter, Defaults.ImproveAfter + TimeSpan.FromSeconds(20));
        // The probe that timed out dropped its kept connection; the rebooted Greengrass is probed on a new one.
        Assert.All(world.Tablets, tablet => Assert.InRange(tablet.Detector!.HealthProbeConnections, 3, 40));
    }

    [Fact]
    public void Tablets_take_the_greengrass_of_their_own_segment_never_the_one_next_door()
    {
        using var world = new HotelChainWorld(tablets: 3, properties: 2);

        RunUntil(world, () => world.Properties.All(property => property.Tablets.All(tablet => tablet.ActiveEndpoint == "greengrass")), TimeSpan.FromSeconds(30));

        foreach (var property in world.Properties)
        {
            Assert.All(property.Tablets, tablet => Assert.Equal(property.GreengrassHost.Address, tablet.Locator!.Current!.EndPoint.Address));
            Assert.All(property.Tablets, tablet => Assert.Equal(0, tablet.Locator!.Refused)); // mDNS does not cross segments: the other was never seen
        }
    }

    [Fact]
    public void A_rogue_responder_claiming_the_name_for_another_property_is_refused()
    {
        using var world = new HotelChainWorld(tablets: 3);
        var faults = new WorldFaults(world);
        var leave = faults.RogueResponder(world.Building, HotelChainWorld.PropertyId(1));

        RunUntil(world, () => world.Tablets.All(tablet => tablet.ActiveEndpoint == "greengrass"), TimeSpan.FromSeconds(30));
        world.Run(60);

        Assert.All(world.Tablets, tablet => Assert.Equal(1, tablet.Locator!.Refused));
        Assert.All(world.Tablets, tablet => Assert.Equal(world.GreengrassHost.Address, tablet.Locator!.Current!.EndPoint.Address));
        Assert.All(world.Tablets, tablet => Assert.Equal("greengrass", tablet.ActiveEndpoint));
        leave();
    }

    [Fact]
    public void Static_discovery_resolves_the_configured_name_at_once_and_runs_no_mdns()
    {
        using var world = new HotelChainWorld([new PropertyPlan(true, [LinkProfiles.Wifi, LinkProfiles.Wifi], Discovery: Sim.Discovery.DiscoveryMode.Static)], seed: 1);

        var took = RunUntil(world, () => world.Tablets.All(tablet => tablet.ActiveEndpoint == "greengrass"), TimeSpan.FromSeconds(30));

        Assert.InRange(took, TimeSpan.Zero, TimeSpan.FromSeconds(1));
        Assert.Null(world.Discovery.Report(took));
        Assert.All(world.Tablets, tablet => Assert.Null(tablet.Detector));
    }

    private static TimeSpan RunUntil(HotelChainWorld world, Func<bool> condition, TimeSpan limit)
    {
        var start = world.Simulation.Now;
        world.Simulation.RunUntil(condition, start + limit);
        return world.Simulation.Now - start;
    }
}
