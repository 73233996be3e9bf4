using FsCheck;
using FsCheck.Xunit;
using Hospitality.Sim.Network;
using Hospitality.Sim.Workload;
using Hospitality.Sync.Clock;
using Hospitality.Sync.Detection;
using Hospitality.Sync.Replication;
using Hospitality.Sync.Replication.Protocol;
using Hospitality.Sync.Storage;
using Xunit.Abstractions;

namespace Hospitality.Sim.Tests.Discovery;

/// <summary>
/// A housekeeping phone whose <see cref="MultiServerReplication"/> follows its network detector: it is
/// configured with the cloud only and learns the Greengrass from mDNS; times are virtual and bounded.
/// </summary>
public sealed class StrategyFollowingReplicationTests(ITestOutputHelper output)
{
    [Fact]
    public void On_the_property_wifi_replication_uses_the_greengrass_mdns_found()
    {
        var phone = new FollowingPhone();

        var took = phone.World.Mdns.RunUntil(() => phone.Replication.ActiveEndpoint == "greengrass", TimeSpan.FromSeconds(30));
        phone.WriteRoom(101);
        var pushed = phone.World.Mdns.RunUntil(() => phone.World.GreengrassServer.Replica.Get("rooms", phone.RoomId(101)) is not null, TimeSpan.FromSeconds(30));

        output.WriteLine($"replicating with the Greengrass {took.TotalMilliseconds:F0} ms after start; a write reached it in {pushed.TotalMilliseconds:F0} ms");
        Assert.InRange(took, TimeSpan.Zero, TimeSpan.FromSeconds(4));
        Assert.InRange(pushed, TimeSpan.Zero, TimeSpan.FromSeconds(6));
        Assert.Null(phone.World.CloudServer.Replica.Get("rooms", phone.RoomId(101)));
        Assert.Equal(0, phone.Replication.Failovers);
    }

    [Fact]
    public void Walking_onto_cellular_moves_replication_to_the_cloud_compressed_every_minute_and_back()
    {
        var phone = new FollowingPhone();
        phone.World.Mdns.RunUntil(() => phone.Replication.ActiveEndpoint == "greengrass", TimeSpan.FromSeconds(30));
        var network = phone.World.Mdns.World.Network;

        network.Move(phone.World.Phone, phone.World.Carrier, LinkProfiles.Cellular4G);
        var toCloud = phone.World.Mdns.RunUntil(() => phone.Replication.ActiveEndpoint == "cloud", TimeSpan.FromMinutes(1));

        // A session pushes at once when it starts, then every SyncInterval.
        phone.WriteRoom(102);
        phone.World.Mdns.RunUntil(() => phone.Replica.Store.OutboxCount == 0, TimeSpan.FromMinutes(1));
        phone.WriteRoom(103);
        var pushed = phone.World.Mdns.RunUntil(() => phone.World.CloudServer.Replica.Get("rooms", phone.RoomId(103)) is not null, TimeSpan.FromMinutes(2));
        var (strategy, compression) = (phone.Replication.Strategy!, phone.Replication.Compression);
        phone.World.Mdns.RunFor(TimeSpan.FromMinutes(2));
        network.Move(phone.World.Phone, phone.World.Building, LinkProfiles.Wifi);
        var back = phone.World.Mdns.RunUntil(() => phone.Replication.ActiveEndpoint == "greengrass", TimeSpan.FromMinutes(2));

        output.WriteLine($"Wi-Fi -> cloud on cellular in {toCloud.TotalSeconds:F1} s, a write pushed after {pushed.TotalSeconds:F1} s, back on the Greengrass {back.TotalSeconds:F1} s after returning");
        Assert.Equal((NetworkSituation.Cellular, TimeSpan.FromSeconds(60), 10, true), (strategy.Situation, strategy.SyncInterval, strategy.BatchSize, strategy.Compress));
        Assert.Equal(WireCompression.Brotli, compression);
        Assert.Equal(WireCompression.None, phone.Replication.Compression);
        Assert.InRange(toCloud, PhoneWorld.Options.DegradeAfter, PhoneWorld.Options.DegradeAfter + TimeSpan.FromSeconds(4));

        Assert.InRange(pushed, TimeSpan.FromSeconds(55), TimeSpan.FromSeconds(62));
        Assert.InRange(back, PhoneWorld.Options.ImproveAfter, PhoneWorld.Options.ImproveAfter + TimeSpan.FromSeconds(6));
        Assert.Equal(2, phone.Replication.Failovers);
    }

    [Fact]
    public void An_hour_offline_stops_trying_keeps_the_outbox_and_pushes_it_to_the_greengrass_on_return()
    {
        var phone = new FollowingPhone();
        phone.World.Mdns.RunUntil(() => phone.Replication.ActiveEndpoint == "greengrass", TimeSpan.FromSeconds(30));
        var network = phone.World.Mdns.World.Network;

        network.Move(phone.World.Phone, null);
        var stopped = phone.World.Mdns.RunUntil(() => phone.Replication.ActiveEndpoint is null, TimeSpan.FromMinutes(1));
        for (var room = 0; room < 12; room++)
        {
            phone.WriteRoom(200 + room);
            phone.World.Mdns.RunFor(TimeSpan.FromMinutes(5));
        }

        var whileOffline = phone.Replication.GetStats();
        network.Move(phone.World.Phone, phone.World.Building, LinkProfiles.Wifi);
        var drained = phone.World.Mdns.RunUntil(() => phone.Replica.Store.OutboxCount == 0, TimeSpan.FromMinutes(2));

        output.WriteLine($"stopped {stopped.TotalSeconds:F1} s after the link went; 12 writes queued for an hour; outbox drained {drained.TotalSeconds:F1} s after return");
        Assert.InRange(stopped, TimeSpan.Zero, PhoneWorld.Options.DegradeAfter + TimeSpan.FromSeconds(2));
        Assert.Empty(whileOffline.ActiveEndpoints);
        Assert.Equal(12, whileOffline.PendingCount);
        Assert.InRange(drained, PhoneWorld.Options.RecoverAfter, PhoneWorld.Options.RecoverAfter + TimeSpan.FromSeconds(6));
        Assert.NotNull(phone.World.GreengrassServer.Replica.Get("rooms", phone.RoomId(211)));
    }

    [Fact]
    public void A_flapping_link_does_not_make_replication_switch_back_and_forth()
    {
        var (phone, switches) = Flap(PhoneWorld.Options);
        var drained = phone.World.Mdns.RunUntil(() => phone.Replica.Store.OutboxCount == 0, TimeSpan.FromMinutes(2));

        // The same walk without the detector's hysteresis: replication would follow every change.
        var (unheld, unheldSwitches) = Flap(PhoneWorld.Options with { DegradeAfter = TimeSpan.Zero, ImproveAfter = TimeSpan.Zero, RecoverAfter = TimeSpan.Zero });

        output.WriteLine($"{switches} endpoint switches, {phone.Replication.Reconfigurations} reconfigurations in 38 link changes (without hysteresis: {unheldSwitches} and {unheld.Replication.Reconfigurations}); outbox drained {drained.TotalSeconds:F1} s after");
        Assert.Equal(0, switches);
        Assert.Equal(0, phone.Replication.Reconfigurations);
        Assert.Equal("greengrass", phone.Replication.ActiveEndpoint);
        Assert.NotNull(phone.World.GreengrassServer.Replica.Get("rooms", phone.RoomId(337)));
        Assert.InRange(unheldSwitches, 30, 38);
    }

    /// <summary>
    /// However the link flaps (stays of 1-20 s, up to 24 moves), replication switches only when the
    /// detector's strategy does, and no faster than its holds allow: a return to the Greengrass needs
    /// 30 s of it, so there are at most two switches per 35 s (degrade and improve hold) plus one.
    /// </summary>
    [Property(MaxTest = 50)]
    public bool Replication_never_switches_more_than_the_detector_s_holds_allow(byte[] stays)
    {
        var phone = new FollowingPhone();
        phone.World.Mdns.RunUntil(() => phone.Replication.ActiveEndpoint == "greengrass", TimeSpan.FromSeconds(30));
        var network = phone.World.Mdns.World.Network;
        var (switches, strategySwitches) = (0, phone.World.Detector.StrategySwitches);
        phone.Replication.ActiveEndpointChanged += _ => switches++;
        var elapsed = TimeSpan.Zero;
        for (var i = 0; i < Math.Min(stays.Length, 24); i++)
        {
            network.Move(phone.World.Phone, i % 2 == 0 ? phone.World.Carrier : phone.World.Building, i % 2 == 0 ? LinkProfiles.Cellular4G : LinkProfiles.Wifi);
            var stay = TimeSpan.FromSeconds(1 + (stays[i] % 20));
            phone.World.Mdns.RunFor(stay);
            elapsed += stay;
        }

        var holds = PhoneWorld.Options.DegradeAfter + PhoneWorld.Options.ImproveAfter;
        return switches <= phone.World.Detector.StrategySwitches - strategySwitches
            && switches <= (2 * (int)Math.Ceiling(elapsed / holds)) + 1;
    }

    /// <summary>Out of the Wi-Fi for 4 s, back for 4 s, 38 times (2.5 min), writing as it goes: at a stairwell's edge.</summary>
    private static (FollowingPhone Phone, int Switches) Flap(NetworkDetectorOptions options)
    {
        var phone = new FollowingPhone(options);
        phone.World.Mdns.RunUntil(() => phone.Replication.ActiveEndpoint == "greengrass", TimeSpan.FromSeconds(30));
        var network = phone.World.Mdns.World.Network;
        var switches = 0;
        phone.Replication.ActiveEndpointChanged += _ => switches++;
        for (var i = 0; i < 38; i++)
        {
            network.Move(phone.World.Phone, i % 2 == 0 ? phone.World.Carrier : phone.World.Building, i % 2 == 0 ? LinkProfiles.Cellular4G : LinkProfiles.Wifi);
            phone.WriteRoom(300 + i);
            phone.World.Mdns.RunFor(TimeSpan.FromSeconds(4));
        }

        return (phone, switches);
    }

    [Fact]
    public void A_greengrass_reboot_moves_replication_to_the_cloud_and_back()
    {
        var phone = new FollowingPhone();
        phone.World.Mdns.RunUntil(() => phone.Replication.ActiveEndpoint == "greengrass", TimeSpan.FromSeconds(30));

        phone.World.Mdns.Stop(phone.World.Greengrass);
        var toCloud = phone.World.Mdns.RunUntil(() => phone.Replication.ActiveEndpoint == "cloud", TimeSpan.FromMinutes(1));
        phone.World.Mdns.Run(phone.World.GreengrassHost, phone.World.Greengrass);
        var back = phone.World.Mdns.RunUntil(() => phone.Replication.ActiveEndpoint == "greengrass", TimeSpan.FromMinutes(2));

        output.WriteLine($"Greengrass goodbye -> cloud in {toCloud.TotalSeconds:F1} s; back {back.TotalSeconds:F1} s after it restarted");
        Assert.InRange(toCloud, PhoneWorld.Options.DegradeAfter, PhoneWorld.Options.DegradeAfter + TimeSpan.FromSeconds(4));
        Assert.InRange(back, PhoneWorld.Options.ImproveAfter, PhoneWorld.Options.ImproveAfter + TimeSpan.FromSeconds(6));
        Assert.Equal(2, phone.Replication.Failovers);
    }

    [Fact]
    public void A_greengrass_session_that_keeps_speaking_wakes_the_detector_only_for_the_cloud_s_recheck()
    {
        var phone = new FollowingPhone();
        phone.World.Mdns.RunUntil(() => phone.Replication.ActiveEndpoint == "greengrass", TimeSpan.FromSeconds(30));
        phone.World.Mdns.RunFor(TimeSpan.FromMinutes(1));
        var (detections, probes) = (phone.World.Detector.Detections, phone.World.Detector.HealthProbes);

        phone.World.Mdns.RunFor(TimeSpan.FromMinutes(30));

        // The session hears its Greengrass every heartbeat (25 s): a round for each would be 72 in 30 minutes.
        var rounds = phone.World.Detector.Detections - detections;
        output.WriteLine($"30 minutes live on the Greengrass: {rounds} detections, {phone.World.Detector.HealthProbes - probes} health probes");
        Assert.InRange(rounds, 1, 3);
        Assert.Equal(rounds, phone.World.Detector.HealthProbes - probes); // each one the cloud's re-check, every 15 minutes
        Assert.Equal(NetworkSituation.OnProperty, phone.World.Situation);
    }

    [Fact]
    public void A_greengrass_that_falls_silent_is_left_within_a_probe_interval_and_the_hold()
    {
        var phone = new FollowingPhone();
        phone.World.Mdns.RunUntil(() => phone.Replication.ActiveEndpoint == "greengrass", TimeSpan.FromSeconds(30));
        phone.World.Mdns.RunFor(TimeSpan.FromMinutes(10));

        phone.World.Mdns.World.Network.Partition([phone.World.Phone], [phone.World.GreengrassHost]);
        var left = phone.World.RunUntil(NetworkSituation.CloudOnly, TimeSpan.FromMinutes(2));

        // Probed a probe interval after the last frame heard (at most that long before the cut), then the degrade hold.
        var options = PhoneWorld.Options;
        output.WriteLine($"Greengrass cut off -> cloud in {left.TotalSeconds:F1} s");
        Assert.InRange(left, options.DegradeAfter, options.ProbeInterval + options.ProbeTimeout + options.DegradeAfter + TimeSpan.FromSeconds(1));
    }

    /// <summary>The phone of <see cref="PhoneWorld"/> with a replica and a replication that follows its detector.</summary>
    private sealed class FollowingPhone
    {
        private readonly HotelDataset _dataset;

        public FollowingPhone(NetworkDetectorOptions? options = null)
        {
            World = new PhoneWorld(options: options);
            _dataset = new HotelDataset(PhoneWorld.Property, new WorkloadSpec(), seed: 1, World.Mdns.Simulation.Clock.GetUtcNow());
            var host = World.Phone;
            Replica = new Replica(SqliteDocumentStore.OpenInMemory(), new HybridLogicalClock(host.Clock, host.Name));
            Replication = MultiServerReplication.Create(
                Replica,
                host.Network,
                new MultiServerReplicationOptions { Endpoints = [PhoneWorld.Options.Cloud] },
                host.Clock,
                World.Mdns.Simulation.Random("phone/replication"));
            Replication.Follow(World.Detector);
            host.Spawn("replication", async _ =>
            {
                await Replication.StartAsync();
                await Replication.Completion;
            });
        }

        public PhoneWorld World { get; }

        public Replica Replica { get; }

        public MultiServerReplication Replication { get; }

        public string RoomId(int index) => _dataset.Rooms[index % _dataset.Rooms.Count].Id;

        /// <summary>A housekeeping update of one of the property's rooms, as the workload writes it.</summary>
        public void WriteRoom(int index) =>
            Replica.Write("rooms", RoomId(index), _dataset.Rooms[index % _dataset.Rooms.Count].Body(["balcony"], $"update {index}: cleaned"));
    }
}
