using Hospitality.Sync.Detection;
using Hospitality.Sync.Faults;
using Hospitality.Sync.Ports;
using Hospitality.Sync.Replication;

namespace Hospitality.Sync.Tests.Replication;

/// <summary>
/// A tablet's replication with a Greengrass and the cloud: which one it replicates with, how soon it
/// fails over and back, what its statistics say, how often it probes, and a detector's strategy obeyed.
/// </summary>
public sealed class MultiServerReplicationTests
{
    private readonly ReplicationWorld _world = new();
    private readonly Replica _cloud;
    private readonly Replica _greengrass;
    private readonly Replica _tablet;
    private readonly ReplicationServer _cloudServer;
    private readonly ReplicationServer _greengrassServer;

    public MultiServerReplicationTests()
    {
        _cloud = ReplicationWorld.NewReplica(_world.Cloud);
        _greengrass = ReplicationWorld.NewReplica(_world.Greengrass);
        _tablet = ReplicationWorld.NewReplica(_world.Tablet);
        _cloudServer = _world.Serve(_world.Cloud, _cloud);
        _greengrassServer = _world.Serve(_world.Greengrass, _greengrass);
    }

    [Fact]
    public void Replication_needs_at_least_one_endpoint_and_a_name_for_each()
    {
        var random = _world.Simulation.Random("tablet/replication");
        var none = Assert.Throws<ArgumentException>(() => MultiServerReplication.Create(_tablet, _world.Tablet.Network, new MultiServerReplicationOptions { Endpoints = [] }, _world.Tablet.Clock, random));
        Assert.StartsWith("Give at least one endpoint, each with its own name.", none.Message);
        Assert.Equal("options", none.ParamName);
        Assert.Throws<ArgumentException>(() => MultiServerReplication.Create(_tablet, _world.Tablet.Network, new MultiServerReplicationOptions
        {
            Endpoints = [new("upstream", EndpointKind.Greengrass, "10.0.0.1"), new("upstream", EndpointKind.Cloud, "10.0.0.2")],
        }, _world.Tablet.Clock, random));
    }

    [Fact]
    public void A_tablet_replicates_with_its_greengrass_fails_over_to_the_cloud_and_back_after_two_answers()
    {
        var faults = new NamedFaults();
        using var installed = Buggify.Install(faults);
        var replication = Start();
        var switches = new List<string>();
        replication.ActiveEndpointChanged += switches.Add;
        Assert.True(_world.RunUntil(() => replication.ActiveEndpoint == "greengrass", 3));
        _world.Run(1);
        Assert.Equal(0, replication.Failovers);

        // The live session's heartbeat (2 s after the Greengrass last spoke) goes unanswered for 0.5 s.
        var cut = _world.Network.Partition([_world.Tablet], [_world.Greengrass]);
        var cutAt = _world.Simulation.Now;
        Assert.True(_world.RunUntil(() => replication.ActiveEndpoint == "cloud", 10));
        Assert.InRange(_world.Simulation.Now - cutAt, TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(2.6));
        Assert.Equal(1, replication.Failovers);
        Assert.False(Stats(replication, "greengrass").Healthy);
        Assert.NotNull(Stats(replication, "greengrass").LastError);
        _world.Run(2); // the better Greengrass is probed every round meanwhile, in vain
        Assert.Equal("no answer in time", Stats(replication, "greengrass").LastError);

        // Writes made meanwhile go to the cloud.
        _world.Simulation.Spawn("front-desk", () =>
        {
            _tablet.Write("rooms", "r1", ReplicationServerTests.Room("r1", "dirty"));
            return Task.CompletedTask;
        });
        Assert.True(_world.RunUntil(() => _cloud.Get("rooms", "r1") is not null, 3));

        cut.Heal();
        var healedAt = _world.Simulation.Now;
        Assert.True(_world.RunUntil(() => replication.ActiveEndpoint == "greengrass", 10));

        // Hysteresis: the Greengrass that failed must answer twice, a probe interval apart.
        Assert.InRange(_world.Simulation.Now - healedAt, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2.6));
        Assert.Equal(2, replication.Failovers);
        Assert.Equal(["greengrass", "cloud", "greengrass"], switches);
        Assert.Equal(2, replication.GetStats().Failovers);
        Assert.Equal((1, 1), (faults.Count("multi-server.failover"), faults.Count("multi-server.failback")));
    }

    [Fact]
    public void A_lost_probe_answer_counts_as_a_failure_and_an_endpoint_that_failed_must_answer_twice()
    {
        var faults = new NamedFaults().Fire("multi-server.probe.lost", times: 2);
        using var installed = Buggify.Install(faults);
        var replication = Start();

        _world.Run(0.5);
        Assert.Null(replication.ActiveEndpoint);
        Assert.All(replication.GetStats().Endpoints, endpoint => Assert.Equal("the health answer was lost (injected)", endpoint.LastError));
        Assert.All(replication.GetStats().Endpoints, endpoint => Assert.False(endpoint.Healthy));

        _world.Run(1);
        Assert.Null(replication.ActiveEndpoint); // one answer since the failure is not enough
        Assert.All(replication.GetStats().Endpoints, endpoint => Assert.Null(endpoint.LastError));

        Assert.True(_world.RunUntil(() => replication.ActiveEndpoint == "greengrass", 1.5));
    }

    [Fact]
    public void A_healthy_fallback_stays_healthy_through_one_lost_probe_answer_but_not_two()
    {
        var faults = new NamedFaults();
        using var installed = Buggify.Install(faults);
        var replication = Start(options => options with { FallbackProbeEvery = 1, LiveHeartbeat = TimeSpan.FromMinutes(5), CloudHeartbeat = TimeSpan.FromMinutes(5) });
        Assert.True(_world.RunUntil(() => replication.ActiveEndpoint == "greengrass", 3));
        _world.Run(1.5);
        Assert.True(Stats(replication, "cloud").Healthy);

        faults.Fire("multi-server.probe.lost");
        Assert.True(_world.RunUntil(() => Stats(replication, "cloud").LastError is not null, 2));
        Assert.Equal("the health answer was lost (injected)", Stats(replication, "cloud").LastError);
        Assert.True(Stats(replication, "cloud").Healthy);
        Assert.True(_world.RunUntil(() => Stats(replication, "cloud").LastError is null, 2)); // the next answer

        faults.Fire("multi-server.probe.lost", times: 2);
        Assert.True(_world.RunUntil(() => faults.Fired["multi-server.probe.lost"] == 3, 3));
        Assert.False(Stats(replication, "cloud").Healthy);
        Assert.Equal("greengrass", replication.ActiveEndpoint);
    }

    [Fact]
    public void Following_a_detector_replication_waits_for_its_first_strategy_and_its_live_session_vouches_only_for_its_own_endpoint()
    {
        var detector = new NetworkDetector(_world.Tablet.Network, _world.Tablet.Interfaces, null, _world.Tablet.Clock, new NetworkDetectorOptions
        {
            Cloud = new ReplicationEndpoint("cloud", EndpointKind.Cloud, ReplicationWorld.Address(_world.Cloud)),
        });
        var replication = Start();
        replication.Follow(detector);
        _world.Run(3);
        Assert.Null(replication.ActiveEndpoint); // offline until the detector's first detection
        Assert.Null(detector.LastHeard!(EndpointKind.Cloud, null));

        Apply(replication, new SyncStrategy(NetworkSituation.CloudOnly, EndpointKind.Cloud, TimeSpan.Zero, 100, false, false));
        Assert.True(_world.RunUntil(() => replication.ActiveEndpoint == "cloud", 3));
        _world.Run(1);
        var heard = detector.LastHeard(EndpointKind.Cloud, null);
        Assert.NotNull(heard);
        Assert.True(_world.Tablet.Clock.GetElapsedTime(heard!.Value) < TimeSpan.FromSeconds(1.5));
        Assert.Null(detector.LastHeard(EndpointKind.Greengrass, null));

        var greengrassAt = ReplicationWorld.At(_world.Greengrass);
        Apply(replication, new SyncStrategy(NetworkSituation.OnProperty, EndpointKind.Greengrass, TimeSpan.Zero, 100, false, false) { PrimaryEndPoint = greengrassAt });
        Assert.True(_world.RunUntil(() => replication.ActiveEndpoint == "greengrass", 3));
        _world.Run(1);
        Assert.NotNull(detector.LastHeard(EndpointKind.Greengrass, greengrassAt));
        Assert.NotNull(detector.LastHeard(EndpointKind.Greengrass, null));
        Assert.Null(detector.LastHeard(EndpointKind.Greengrass, ReplicationWorld.At(_world.Cloud)));
        Assert.Null(detector.LastHeard(EndpointKind.Cloud, null));
    }

    [Fact]
    public void A_greengrass_found_by_mdns_is_replicated_with_at_its_found_address_under_its_configured_name()
    {
        var replication = Start(endpoints:
        [
            new("site-greengrass", EndpointKind.Greengrass, "10.9.9.9"),
            new("cloud", EndpointKind.Cloud, ReplicationWorld.Address(_world.Cloud)),
        ]);

        Apply(replication, new SyncStrategy(NetworkSituation.OnProperty, EndpointKind.Greengrass, TimeSpan.Zero, 100, false, false) { PrimaryEndPoint = ReplicationWorld.At(_world.Greengrass) });

        Assert.True(_world.RunUntil(() => replication.ActiveEndpoint == "site-greengrass" && _greengrassServer.ConnectionCount == 1, 5));
        Assert.Equal(["site-greengrass", "cloud"], replication.GetStats().Endpoints.Select(endpoint => endpoint.Name));
    }

    [Fact]
    public void A_greengrass_found_by_mdns_where_none_was_configured_joins_the_endpoints()
    {
        var replication = Start(endpoints: [new("cloud", EndpointKind.Cloud, ReplicationWorld.Address(_world.Cloud))]);

        Apply(replication, new SyncStrategy(NetworkSituation.OnProperty, EndpointKind.Greengrass, TimeSpan.Zero, 100, false, false) { PrimaryEndPoint = ReplicationWorld.At(_world.Greengrass) });

        Assert.True(_world.RunUntil(() => replication.ActiveEndpoint == "greengrass" && _greengrassServer.ConnectionCount == 1, 5));
        Assert.Equal(["cloud", "greengrass"], replication.GetStats().Endpoints.Select(endpoint => endpoint.Name));
    }

    [Fact]
    public void Under_a_strategy_a_lone_primary_is_not_probed_and_its_live_session_shows_it_healthy()
    {
        var replication = Start(
            options => options with { LiveHeartbeat = TimeSpan.FromMinutes(5), CloudHeartbeat = TimeSpan.FromMinutes(5) },
            endpoints: [new("cloud", EndpointKind.Cloud, ReplicationWorld.Address(_world.Cloud))],
            strategy: new SyncStrategy(NetworkSituation.CloudOnly, EndpointKind.Cloud, TimeSpan.Zero, 100, false, false));

        Assert.True(_world.RunUntil(() => replication.ActiveEndpoint == "cloud", 3));
        _world.Run(10);

        var cloud = Stats(replication, "cloud");
        Assert.True(cloud.Healthy);
        Assert.Null(cloud.Latency); // never probed
        Assert.Equal(3, _cloudServer.RequestsServed); // the session's hello, pull and subscribe: no health probe
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Among_endpoints_of_one_kind_the_nearest_healthy_one_is_chosen_and_left_when_it_stops_answering(bool strategy)
    {
        // Two cloud endpoints: the Greengrass's host is the nearer one here.
        var replication = Start(
            endpoints:
            [
                new("far", EndpointKind.Cloud, ReplicationWorld.Address(_world.Cloud)),
                new("near", EndpointKind.Cloud, ReplicationWorld.Address(_world.Greengrass)),
            ],
            strategy: strategy ? new SyncStrategy(NetworkSituation.CloudOnly, EndpointKind.Cloud, TimeSpan.Zero, 100, false, false) : null);
        Assert.True(_world.RunUntil(() => replication.ActiveEndpoint == "near", 3));
        _world.Run(1);

        _world.Network.Partition([_world.Tablet], [_world.Greengrass]);

        Assert.True(_world.RunUntil(() => replication.ActiveEndpoint == "far", 10));
        Assert.Equal(1, replication.Failovers);
        Assert.True(Stats(replication, "near").Latency < Stats(replication, "far").Latency);
    }

    [Fact]
    public async Task Replication_never_started_stops_at_once_and_a_cancelled_start_starts_nothing()
    {
        var replication = MultiServerReplication.Create(_tablet, _world.Tablet.Network, new MultiServerReplicationOptions
        {
            Endpoints = [new("cloud", EndpointKind.Cloud, ReplicationWorld.Address(_world.Cloud))],
        }, _world.Tablet.Clock, _world.Simulation.Random("tablet/replication"));

        Assert.True(replication.StopAsync().IsCompletedSuccessfully);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => replication.StartAsync(new CancellationToken(canceled: true)));
        _world.Run(10);

        Assert.Null(replication.ActiveEndpoint);
        Assert.Equal(0, _cloudServer.RequestsServed);
    }

    [Fact]
    public void The_statistics_name_the_active_endpoint_each_ones_health_and_lag_and_every_document_synced_across_sessions()
    {
        for (var i = 0; i < 3; i++)
        {
            _greengrass.Write("rooms", $"g{i}", ReplicationServerTests.Room($"g{i}", "clean"));
        }

        for (var i = 0; i < 4; i++)
        {
            _cloud.Write("rooms", $"c{i}", ReplicationServerTests.Room($"c{i}", "clean"));
        }

        var replication = Start();
        Assert.True(_world.RunUntil(() => replication.ActiveEndpoint == "greengrass" && _tablet.Get("rooms", "g2") is not null, 3));
        _world.Simulation.Spawn("front-desk", () =>
        {
            _tablet.Write("rooms", "t1", ReplicationServerTests.Room("t1", "dirty"));
            _tablet.Write("rooms", "t2", ReplicationServerTests.Room("t2", "dirty"));
            return Task.CompletedTask;
        });
        Assert.True(_world.RunUntil(() => _greengrass.Get("rooms", "t2") is not null && _tablet.OutboxCount == 0, 3));
        _world.Run(1);

        var stats = replication.GetStats();
        Assert.Equal(["greengrass"], stats.ActiveEndpoints);
        Assert.Equal(5, stats.SyncedDocuments);
        Assert.Equal(0, stats.PendingCount);
        Assert.Equal(["greengrass", "cloud"], stats.Endpoints.Select(endpoint => endpoint.Name));
        var greengrass = stats.Endpoints[0];
        Assert.Equal((EndpointKind.Greengrass, true, true), (greengrass.Kind, greengrass.Healthy, greengrass.Active));
        Assert.Equal(0, greengrass.Lag);
        Assert.NotNull(greengrass.Latency);
        var cloud = stats.Endpoints[1];
        Assert.Equal((EndpointKind.Cloud, true, false), (cloud.Kind, cloud.Healthy, cloud.Active));
        Assert.Equal(4, cloud.Lag);
        Assert.InRange(cloud.Latency!.Value, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(100));
        Assert.Null(cloud.LastError);

        // After a failover the documents the retired session synced still count.
        var cut = _world.Network.Partition([_world.Tablet], [_world.Greengrass]);
        Assert.True(_world.RunUntil(() => replication.ActiveEndpoint == "cloud" && _tablet.Get("rooms", "c3") is not null, 10));
        _world.Run(1);
        stats = replication.GetStats();
        Assert.Equal(["cloud"], stats.ActiveEndpoints);
        Assert.Equal(5 + 4, stats.SyncedDocuments); // and the cloud's four pulled
        cut.Heal();
    }

    [Fact]
    public void While_live_with_the_greengrass_the_cloud_is_probed_only_every_fallback_round()
    {
        // A live heartbeat of minutes: the Greengrass hears nothing from the tablet in this minute.
        var replication = Start(options => options with { FallbackProbeEvery = 5, LiveHeartbeat = TimeSpan.FromMinutes(5), CloudHeartbeat = TimeSpan.FromMinutes(5) });
        Assert.True(_world.RunUntil(() => replication.ActiveEndpoint == "greengrass", 3));
        _world.Run(2);
        var cloudRequests = _cloudServer.RequestsServed;
        var greengrassRequests = _greengrassServer.RequestsServed;

        _world.Run(50);

        // One probe (a health request) every five 1 s rounds; the live Greengrass is not probed at all.
        Assert.InRange(_cloudServer.RequestsServed - cloudRequests, 9, 11);
        Assert.Equal(greengrassRequests, _greengrassServer.RequestsServed);
    }

    [Fact]
    public void With_the_cloud_active_the_better_greengrass_is_probed_every_round()
    {
        var faults = new NamedFaults();
        using var installed = Buggify.Install(faults);
        var cut = _world.Network.Partition([_world.Tablet], [_world.Greengrass]);
        var replication = Start(options => options with { FallbackProbeEvery = 5 });
        Assert.True(_world.RunUntil(() => replication.ActiveEndpoint == "cloud", 5));
        cut.Heal();
        var healedAt = _world.Simulation.Now;

        Assert.True(_world.RunUntil(() => replication.ActiveEndpoint == "greengrass", 10));

        Assert.InRange(_world.Simulation.Now - healedAt, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2.6));
        Assert.Equal(1, replication.Failovers);
        Assert.Equal((0, 1), (faults.Count("multi-server.failover"), faults.Count("multi-server.failback")));
    }

    [Fact]
    public void A_strategy_decides_the_endpoint_a_new_batch_size_restarts_the_session_and_offline_stops_replicating()
    {
        var replication = Start();
        Assert.True(_world.RunUntil(() => replication.ActiveEndpoint == "greengrass", 3));

        Apply(replication, new SyncStrategy(NetworkSituation.CloudOnly, EndpointKind.Cloud, TimeSpan.Zero, 100, false, false));
        Assert.True(_world.RunUntil(() => replication.ActiveEndpoint == "cloud", 3));
        Assert.Equal(1, replication.Failovers);
        Assert.Equal(0, replication.Reconfigurations);

        Apply(replication, new SyncStrategy(NetworkSituation.CloudOnly, EndpointKind.Cloud, TimeSpan.Zero, 20, false, false));
        Assert.True(_world.RunUntil(() => replication.Reconfigurations == 1, 3));
        Assert.Equal("cloud", replication.ActiveEndpoint);
        Assert.Equal(1, replication.Failovers);

        // The same strategy again changes nothing.
        Apply(replication, new SyncStrategy(NetworkSituation.CloudOnly, EndpointKind.Cloud, TimeSpan.Zero, 20, false, false));
        _world.Run(3);
        Assert.Equal(1, replication.Reconfigurations);

        Apply(replication, new SyncStrategy(NetworkSituation.Offline, null, TimeSpan.Zero, 20, false, false));
        Assert.True(_world.RunUntil(() => replication.ActiveEndpoint is null, 3));
        Assert.Empty(replication.GetStats().ActiveEndpoints);
        _world.Run(3);
        Assert.Equal(0, _cloudServer.ConnectionCount);
        Assert.Equal(0, _greengrassServer.ConnectionCount);
    }

    [Fact]
    public void Stopping_replication_closes_its_session_and_a_restart_does_not_count_as_a_failover()
    {
        var replication = Start();
        Assert.True(_world.RunUntil(() => replication.ActiveEndpoint == "greengrass", 3));
        Assert.True(_world.RunUntil(() => _greengrassServer.ConnectionCount == 1, 3));

        _world.Tablet.Spawn("stop", async _ => await replication.StopAsync());
        Assert.True(_world.RunUntil(() => replication.ActiveEndpoint is null && _greengrassServer.ConnectionCount == 0, 3));

        _world.Tablet.Spawn("start", async _ => await replication.StartAsync());
        Assert.True(_world.RunUntil(() => replication.ActiveEndpoint == "greengrass", 3));
        Assert.Equal(0, replication.Failovers);
    }

    [Fact]
    public void Following_no_detector_or_applying_no_strategy_is_an_argument_error()
    {
        var replication = Start();

        Assert.Throws<ArgumentNullException>(() => replication.Follow(null!));
        Assert.Throws<ArgumentNullException>(() => replication.Apply(null!));
        Assert.Null(replication.Strategy);
    }

    [Fact]
    public void Each_page_pulled_is_merged_through_the_processor_handed_to_replication()
    {
        _greengrass.Write("rooms", "g1", ReplicationServerTests.Room("g1", "clean"));
        var processor = new RecordingProcessor();
        Start(processor: processor);

        Assert.True(_world.RunUntil(() => _tablet.Get("rooms", "g1") is not null, 3));
        Assert.NotEmpty(processor.Work);
    }

    [Fact]
    public void The_first_answer_of_an_endpoint_that_never_failed_makes_it_healthy_at_once()
    {
        var replication = Start();

        Assert.True(_world.RunUntil(() => replication.ActiveEndpoint == "greengrass", 0.5)); // the next probe is 1 s away
    }

    [Fact]
    public void A_strategy_applied_while_replication_sleeps_through_idle_rounds_is_followed_at_once()
    {
        var replication = Start(options => options with { FallbackProbeEvery = 100, LiveHeartbeat = TimeSpan.FromMinutes(5), CloudHeartbeat = TimeSpan.FromMinutes(5) });
        Assert.True(_world.RunUntil(() => replication.ActiveEndpoint == "greengrass", 3));
        _world.Run(3);

        Apply(replication, new SyncStrategy(NetworkSituation.CloudOnly, EndpointKind.Cloud, TimeSpan.Zero, 100, false, false));

        Assert.True(_world.RunUntil(() => replication.ActiveEndpoint == "cloud", 1));
    }

    [Fact]
    public void While_live_with_the_greengrass_replication_sleeps_until_the_next_fallback_probe()
    {
        var time = new RecordingTime(_world.Tablet.Clock);
        var replication = Start(options => options with { FallbackProbeEvery = 5, LiveHeartbeat = TimeSpan.FromMinutes(5), CloudHeartbeat = TimeSpan.FromMinutes(5) }, time: time);
        Assert.True(_world.RunUntil(() => replication.ActiveEndpoint == "greengrass", 3));
        _world.Run(2);
        var before = time.Waits.Count;

        _world.Run(50);

        // One wait of five 1 s rounds per fallback probe, not one per round.
        Assert.InRange(time.WaitsBetween(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), skip: before), 9, 11);
        Assert.InRange(time.WaitsBetween(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5), skip: before), 9, 11);
    }

    [Fact]
    public void Under_a_strategy_a_lone_primary_leaves_replication_asleep_until_the_strategy_changes()
    {
        var time = new RecordingTime(_world.Tablet.Clock);
        var replication = Start(
            options => options with { LiveHeartbeat = TimeSpan.FromMinutes(5), CloudHeartbeat = TimeSpan.FromMinutes(5) },
            strategy: new SyncStrategy(NetworkSituation.CloudOnly, EndpointKind.Cloud, TimeSpan.Zero, 100, false, false),
            time: time);
        Assert.True(_world.RunUntil(() => replication.ActiveEndpoint == "cloud", 3));
        var before = time.Waits.Count;

        _world.Run(20);

        Assert.Equal(0, time.WaitsBetween(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), skip: before));
    }

    [Fact]
    public void Under_a_strategy_endpoints_of_its_kind_are_probed_once_per_interval_from_the_start()
    {
        var replication = Start(
            endpoints:
            [
                new("far", EndpointKind.Cloud, ReplicationWorld.Address(_world.Cloud)),
                new("near", EndpointKind.Cloud, ReplicationWorld.Address(_world.Greengrass)),
            ],
            strategy: new SyncStrategy(NetworkSituation.CloudOnly, EndpointKind.Cloud, TimeSpan.Zero, 100, false, false));

        Assert.True(_world.RunUntil(() => replication.ActiveEndpoint == "near", 0.5));
        _world.Run(0.5);

        Assert.Equal(1, _cloudServer.RequestsServed); // far's first probe only
    }

    [Fact]
    public void Under_a_strategy_with_no_endpoint_of_its_kind_answering_the_active_one_is_kept_retrying()
    {
        var replication = Start(
            endpoints:
            [
                new("far", EndpointKind.Cloud, ReplicationWorld.Address(_world.Cloud)),
                new("near", EndpointKind.Cloud, ReplicationWorld.Address(_world.Greengrass)),
            ],
            strategy: new SyncStrategy(NetworkSituation.CloudOnly, EndpointKind.Cloud, TimeSpan.Zero, 100, false, false));
        Assert.True(_world.RunUntil(() => replication.ActiveEndpoint == "near", 3));

        _world.Network.Partition([_world.Tablet], [_world.Greengrass, _world.Cloud]);
        _world.Run(5);

        Assert.False(Stats(replication, "near").Healthy);
        Assert.False(Stats(replication, "far").Healthy);
        Assert.Equal("near", replication.ActiveEndpoint);
        Assert.Equal(0, replication.Failovers);
    }

    [Fact]
    public void A_failed_session_marks_its_endpoint_with_its_own_error_and_fails_over_without_probing_it_first()
    {
        var replication = Start();
        Assert.True(_world.RunUntil(() => replication.ActiveEndpoint == "greengrass", 3));
        _world.Run(1);

        _world.Network.Partition([_world.Tablet], [_world.Greengrass]);
        Assert.True(_world.RunUntil(() => !Stats(replication, "greengrass").Healthy, 10));
        var failedAt = _world.Simulation.Now;
        var error = Stats(replication, "greengrass").LastError;
        Assert.True(_world.RunUntil(() => replication.ActiveEndpoint == "cloud", 3));

        Assert.True(_world.Simulation.Now - failedAt < TimeSpan.FromSeconds(0.25), $"failed over {(_world.Simulation.Now - failedAt).TotalSeconds} s after the session failed");
        Assert.NotNull(error);
        Assert.NotEqual("the session failed", error);
    }

    [Fact]
    public void With_a_better_endpoint_down_another_of_the_active_ones_kind_is_still_probed_only_every_fallback_round()
    {
        // The Greengrass endpoint points where nothing listens: each round probes it, in vain.
        var replication = Start(
            options => options with { FallbackProbeEvery = 5, LiveHeartbeat = TimeSpan.FromMinutes(5), CloudHeartbeat = TimeSpan.FromMinutes(5) },
            endpoints:
            [
                new("greengrass", EndpointKind.Greengrass, ReplicationWorld.Address(_world.Tablet)),
                new("near", EndpointKind.Cloud, ReplicationWorld.Address(_world.Greengrass)),
                new("far", EndpointKind.Cloud, ReplicationWorld.Address(_world.Cloud)),
            ]);
        Assert.True(_world.RunUntil(() => replication.ActiveEndpoint == "near", 3));
        _world.Run(2);
        var farRequests = _cloudServer.RequestsServed;

        _world.Run(20);

        Assert.InRange(_cloudServer.RequestsServed - farRequests, 3, 5);
    }

    [Fact]
    public void A_stop_during_a_probe_leaves_the_endpoints_health_as_it_was()
    {
        _world.Network.Partition([_world.Tablet], [_world.Cloud]);
        var replication = Start(endpoints: [new("cloud", EndpointKind.Cloud, ReplicationWorld.Address(_world.Cloud))]);
        _world.Run(0.2); // the first probe waits for its 0.5 s timeout

        _world.Tablet.Spawn("stop", async _ => await replication.StopAsync());
        _world.Run(1);

        Assert.Null(Stats(replication, "cloud").LastError);
    }

    [Fact]
    public void Stopping_replication_ends_its_probing_before_the_stop_returns()
    {
        _world.Network.Partition([_world.Tablet], [_world.Greengrass, _world.Cloud]);
        var replication = Start();
        _world.Run(2.7); // between rounds, nothing active

        var ended = (bool?)null;
        _world.Tablet.Spawn("stop", async _ =>
        {
            await replication.StopAsync();
            ended = replication.Completion.IsCompleted;
        });
        _world.Run(1);

        Assert.True(ended);
    }

    [Fact]
    public void Stopping_replication_while_it_sleeps_through_idle_rounds_ends_its_loop_as_cancelled()
    {
        var replication = Start(options => options with { FallbackProbeEvery = 100, LiveHeartbeat = TimeSpan.FromMinutes(5), CloudHeartbeat = TimeSpan.FromMinutes(5) });
        Assert.True(_world.RunUntil(() => replication.ActiveEndpoint == "greengrass", 3));
        _world.Run(3);

        _world.Tablet.Spawn("stop", async _ => await replication.StopAsync());
        _world.Run(1);

        Assert.True(replication.Completion.IsCanceled);
    }

    [Fact]
    public void A_cloud_session_keeps_alive_at_the_cloud_pace_and_a_greengrass_session_at_the_live_one()
    {
        var network = new RecordingNetwork(_world.Tablet.Network);
        var replication = Start(
            options => options with
            {
                LiveKeepAlive = new TcpKeepAlive(TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(1), 2),
                CloudKeepAlive = new TcpKeepAlive(TimeSpan.FromSeconds(40), TimeSpan.FromSeconds(3), 4),
            },
            network: network);
        Assert.True(_world.RunUntil(() => replication.ActiveEndpoint == "greengrass", 3));

        Apply(replication, new SyncStrategy(NetworkSituation.CloudOnly, EndpointKind.Cloud, TimeSpan.Zero, 100, false, false));
        Assert.True(_world.RunUntil(() => replication.ActiveEndpoint == "cloud" && network.KeepAlives.Any(each => each.Remote.Equals(_world.Cloud.Address)), 3));

        Assert.Equal(
            [new TcpKeepAlive(TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(1), 2), new TcpKeepAlive(TimeSpan.FromSeconds(40), TimeSpan.FromSeconds(3), 4)],
            new[] { _world.Greengrass, _world.Cloud }.Select(host => network.KeepAlives.First(each => each.Remote.Equals(host.Address)).KeepAlive));
    }

    private MultiServerReplication Start(
        Func<MultiServerReplicationOptions, MultiServerReplicationOptions>? configure = null,
        IReadOnlyList<ReplicationEndpoint>? endpoints = null,
        SyncStrategy? strategy = null,
        TimeProvider? time = null,
        INetwork? network = null,
        INodeProcessor? processor = null)
    {
        var options = new MultiServerReplicationOptions
        {
            Endpoints = endpoints ??
            [
                new("greengrass", EndpointKind.Greengrass, ReplicationWorld.Address(_world.Greengrass)),
                new("cloud", EndpointKind.Cloud, ReplicationWorld.Address(_world.Cloud)),
            ],
            HealthProbeInterval = TimeSpan.FromSeconds(1),
            HealthProbeTimeout = TimeSpan.FromSeconds(0.5),
            LiveHeartbeat = TimeSpan.FromSeconds(2),
            CloudHeartbeat = TimeSpan.FromSeconds(2),
        };
        var replication = MultiServerReplication.Create(_tablet, network ?? _world.Tablet.Network, configure?.Invoke(options) ?? options, time ?? _world.Tablet.Clock, _world.Simulation.Random("tablet/replication"), processor);
        if (strategy is not null)
        {
            replication.Apply(strategy);
        }

        _world.Tablet.Spawn("replication", async _ => await replication.StartAsync());
        return replication;
    }

    private void Apply(MultiServerReplication replication, SyncStrategy strategy) =>
        _world.Simulation.Spawn("detector", () =>
        {
            replication.Apply(strategy);
            return Task.CompletedTask;
        });

    private static EndpointStats Stats(MultiServerReplication replication, string name) =>
        replication.GetStats().Endpoints.Single(endpoint => endpoint.Name == name);

    private sealed class RecordingProcessor : INodeProcessor
    {
        public List<NodeWork> Work { get; } = [];

        public ValueTask RunAsync(NodeWork work, CancellationToken cancellationToken)
        {
            Work.Add(work);
            return ValueTask.CompletedTask;
        }
    }
}
