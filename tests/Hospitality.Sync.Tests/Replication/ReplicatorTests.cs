using Hospitality.Sim.Kernel;
using Hospitality.Sync.Documents;
using Hospitality.Sync.Faults;
using Hospitality.Sync.Replication;
using Hospitality.Sync.Replication.Deltas;
using Hospitality.Sync.Replication.Protocol;

namespace Hospitality.Sync.Tests.Replication;

/// <summary>
/// One replicator against one upstream, a real server or one whose answers the test writes: when it
/// is live, what it counts, how it backs off, and what ends a session.
/// </summary>
public sealed class ReplicatorTests
{
    private readonly ReplicationWorld _world = new();

    [Fact]
    public void A_replicator_goes_live_only_after_pulling_every_page_of_its_backlog()
    {
        var cloud = ReplicationWorld.NewReplica(_world.Cloud);
        for (var i = 0; i < 250; i++)
        {
            cloud.Write("rooms", $"r{i}", ReplicationServerTests.Room($"r{i}", "clean"));
        }

        _world.Serve(_world.Cloud, cloud);
        var faults = new NamedFaults();
        using var installed = Buggify.Install(faults);
        var tablet = ReplicationWorld.NewReplica(_world.Tablet);
        var replicator = _world.Replicate(_world.Tablet, tablet, _world.Cloud, options => options with { PullBatchSize = 100 });
        var states = new List<ReplicatorState>();
        var heldWhenLive = -1;
        replicator.StateChanged += state =>
        {
            states.Add(state);
            if (state == ReplicatorState.Live)
            {
                heldWhenLive = tablet.ChangesSince(0, 1000).Changes.Count;
            }
        };

        Assert.True(_world.RunUntil(() => replicator.State == ReplicatorState.Live, 5));

        Assert.Equal([ReplicatorState.Connecting, ReplicatorState.CatchingUp, ReplicatorState.Live], states);
        Assert.Equal(250, heldWhenLive);
        Assert.Equal(250, replicator.DocumentsPulled);
        Assert.Equal(250, tablet.GetCheckpoint("cloud"));
        Assert.InRange(replicator.LastRoundTrip!.Value, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(100));
        Assert.Equal(0, replicator.Failures);
        Assert.Equal(2, faults.Count("replicator.catch-up.next-page")); // two full pages, then a short one
        Assert.Equal(0, faults.Count("replicator.catch-up.page-already-stored"));
    }

    [Fact]
    public void Local_writes_go_up_and_count_as_pushed_once_the_upstream_acknowledged_them()
    {
        var faults = new NamedFaults();
        using var installed = Buggify.Install(faults);
        var (cloud, tablet, replicator) = LiveWithServer();

        _world.Simulation.Spawn("front-desk", () =>
        {
            for (var i = 0; i < 3; i++)
            {
                tablet.Write("rooms", $"r{i}", ReplicationServerTests.Room($"r{i}", "dirty"));
            }

            return Task.CompletedTask;
        });

        Assert.True(_world.RunUntil(() => cloud.Get("rooms", "r2") is not null && tablet.OutboxCount == 0, 5));
        _world.Run(1);
        Assert.Equal(3, replicator.DocumentsPushed);
        Assert.Equal(0, replicator.DocumentsPulled); // its own writes are not streamed back
        Assert.Equal(0, replicator.WritesRefused);
        Assert.Null(replicator.LastRefusal);
        Assert.Equal(0, faults.Count("replicator.push.upstream-kept-newer")); // the upstream kept nothing newer
    }

    [Fact]
    public void A_write_the_upstream_refuses_as_another_propertys_is_counted_and_only_its_tombstone_kept()
    {
        var (cloud, tablet, replicator) = LiveWithServer(options => options with { Property = "p1" });

        _world.Simulation.Spawn("front-desk", () =>
        {
            tablet.Write("rooms", "r1", ReplicationServerTests.Room("r1", "clean", "p1"));
            tablet.Write("rooms", "r2", ReplicationServerTests.Room("r2", "clean", "p2"));
            return Task.CompletedTask;
        });

        Assert.True(_world.RunUntil(() => replicator.WritesRefused > 0, 5));
        _world.Run(1);
        Assert.Equal(1, replicator.WritesRefused);
        Assert.Equal(1, replicator.DocumentsPushed);
        Assert.Contains("'p2'", replicator.LastRefusal);
        Assert.False(tablet.Get("rooms", "r1")!.Deleted);
        Assert.True(tablet.Get("rooms", "r2")!.Deleted);
        Assert.Null(cloud.Get("rooms", "r2"));
        Assert.Equal(0, tablet.OutboxCount);
    }

    [Fact]
    public void A_document_transferred_to_another_property_goes_up_and_then_only_its_tombstone_stays_on_the_device()
    {
        var (cloud, tablet, replicator) = LiveWithServer(options => options with { Property = "p1" });
        _world.Simulation.Spawn("front-desk", () =>
        {
            tablet.Write("rooms", "r1", ReplicationServerTests.Room("r1", "clean", "p1"));
            return Task.CompletedTask;
        });
        Assert.True(_world.RunUntil(() => cloud.Get("rooms", "r1") is not null, 5));

        _world.Simulation.Spawn("front-desk", () =>
        {
            tablet.Write("rooms", "r1", ReplicationServerTests.Room("r1", "clean", "p2", movedFrom: "p1"));
            return Task.CompletedTask;
        });

        Assert.True(_world.RunUntil(() => cloud.Get("rooms", "r1")!.BodyJson.Contains("\"p2\"", StringComparison.Ordinal), 5));
        _world.Run(1);
        Assert.Equal(0, replicator.WritesRefused);
        Assert.True(tablet.Get("rooms", "r1")!.Deleted);
        Assert.Equal("{}", tablet.Get("rooms", "r1")!.BodyJson);
    }

    [Fact]
    public void A_replicator_that_cannot_connect_retries_with_a_doubling_backoff_between_half_and_all_of_its_ceiling()
    {
        // Nothing listens on the cloud: every connection is refused at once.
        var faults = new NamedFaults();
        using var installed = Buggify.Install(faults);
        var tablet = ReplicationWorld.NewReplica(_world.Tablet);
        var replicator = _world.Replicate(_world.Tablet, tablet, _world.Cloud, options => options with
        {
            RetryInitialDelay = TimeSpan.FromSeconds(1),
            RetryMaxDelay = TimeSpan.FromSeconds(8),
            BackoffProbeInterval = null,
        });
        var attempts = _world.RecordAttempts(replicator);

        _world.Run(60);

        var ceilings = new[] { 1, 2, 4, 8, 8, 8 };
        Assert.True(attempts.Count > ceilings.Length, $"{attempts.Count} attempts");
        for (var i = 0; i < ceilings.Length; i++)
        {
            var gap = attempts[i + 1] - attempts[i];
            Assert.InRange(gap, TimeSpan.FromSeconds(ceilings[i] / 2.0), TimeSpan.FromSeconds(ceilings[i] + 0.1));
        }

        Assert.Equal(attempts.Count, replicator.Failures + (replicator.State == ReplicatorState.Connecting ? 1 : 0));
        Assert.NotNull(replicator.LastError);
        Assert.Null(replicator.LiveLastHeard);
        Assert.Equal(replicator.Failures - 3, faults.Count("replicator.retry.backoff-capped")); // every retry after the third waits at the 8 s ceiling
    }

    [Fact]
    public void An_upstream_that_moves_the_checkpoint_back_breaks_the_protocol_and_each_retry_starts_from_the_initial_delay()
    {
        var source = ReplicationWorld.NewReplica(_world.Cloud);
        var first = source.Write("rooms", "r1", ReplicationServerTests.Room("r1", "clean")).Document;
        var upstream = new ScriptedUpstream(_world.Cloud, request => request switch
        {
            // A full first page up to 5, then a page that claims to end at 3.
            PullRequest pull => pull.Checkpoint == 0 ? new PullResponse(pull.RequestId, [first], 5) : new PullResponse(pull.RequestId, [], 3),
            _ => Answers(request),
        });
        var tablet = ReplicationWorld.NewReplica(_world.Tablet);
        var replicator = _world.Replicate(_world.Tablet, tablet, _world.Cloud, options => options with { PullBatchSize = 1, BackoffProbeInterval = null });
        var attempts = _world.RecordAttempts(replicator);

        _world.Run(10);

        Assert.Equal("the upstream moved the checkpoint back from 5 to 3", replicator.LastError);
        Assert.Equal(5, tablet.GetCheckpoint("cloud"));
        Assert.True(upstream.Connections >= 5, $"{upstream.Connections} connections");
        Assert.All(attempts.Zip(attempts.Skip(1)), pair => Assert.InRange(pair.Second - pair.First, TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1.1)));
        Assert.DoesNotContain(upstream.Received, request => request is SubscribeRequest);
    }

    [Fact]
    public void A_silent_upstream_is_left_when_the_idle_heartbeat_goes_unanswered()
    {
        var upstream = new ScriptedUpstream(_world.Cloud, request => request is HealthRequest ? null : Answers(request));
        var tablet = ReplicationWorld.NewReplica(_world.Tablet);
        var replicator = _world.Replicate(_world.Tablet, tablet, _world.Cloud, options => options with
        {
            IdleHeartbeat = TimeSpan.FromSeconds(2),
            HeartbeatTimeout = TimeSpan.FromSeconds(1),
        });
        Assert.True(_world.RunUntil(() => replicator.State == ReplicatorState.Live, 5));
        var liveAt = _world.Simulation.Now;

        Assert.True(_world.RunUntil(() => replicator.Failures > 0, 10));

        Assert.InRange(_world.Simulation.Now - liveAt, TimeSpan.FromSeconds(2.9), TimeSpan.FromSeconds(3.1));
        Assert.Single(upstream.Received, request => request is HealthRequest);
    }

    [Fact]
    public void An_upstream_that_answers_its_heartbeats_keeps_the_session_live()
    {
        var upstream = new ScriptedUpstream(_world.Cloud, Answers);
        var tablet = ReplicationWorld.NewReplica(_world.Tablet);
        var replicator = _world.Replicate(_world.Tablet, tablet, _world.Cloud, options => options with
        {
            IdleHeartbeat = TimeSpan.FromSeconds(2),
            HeartbeatTimeout = TimeSpan.FromSeconds(1),
        });
        Assert.True(_world.RunUntil(() => replicator.State == ReplicatorState.Live, 5));
        var heard = replicator.LiveLastHeard;

        _world.Run(11);

        Assert.Equal(ReplicatorState.Live, replicator.State);
        Assert.Equal(0, replicator.Failures);
        Assert.Equal(1, upstream.Connections);
        Assert.Equal(5, upstream.Received.Count(request => request is HealthRequest));
        Assert.True(replicator.LiveLastHeard > heard);
    }

    // A tablet live with an upstream that agrees to beacon every 2 s (the heartbeat's idle time), its time-out 1 s beyond.
    private (ScriptedUpstream Upstream, Replicator Replicator) LiveWithBeacons()
    {
        var upstream = new ScriptedUpstream(_world.Cloud, request => request is HelloRequest hello
            ? new HelloResponse(hello.RequestId, WireCompression.None, hello.Property, hello.Delta, hello.Beacon)
            : Answers(request));
        var replicator = _world.Replicate(_world.Tablet, ReplicationWorld.NewReplica(_world.Tablet), _world.Cloud, options => options with
        {
            IdleHeartbeat = TimeSpan.FromSeconds(2),
            HeartbeatTimeout = TimeSpan.FromSeconds(1),
        });
        Assert.True(_world.RunUntil(() => replicator.State == ReplicatorState.Live, 5));
        return (upstream, replicator);
    }

    [Fact]
    public void A_beaconing_upstream_is_never_asked_for_health_and_its_silence_past_the_beacon_ends_the_session()
    {
        var (upstream, replicator) = LiveWithBeacons();
        Assert.Equal(TimeSpan.FromSeconds(2), upstream.Received.OfType<HelloRequest>().Single().Beacon);

        for (var beacon = 0; beacon < 5; beacon++)
        {
            _world.Run(2);
            upstream.Send(new ChangeEvent(0, [], 0));
        }

        var lastBeacon = _world.Simulation.Now;
        Assert.Equal((ReplicatorState.Live, 0), (replicator.State, replicator.Failures));
        Assert.True(_world.RunUntil(() => replicator.Failures > 0, 10));

        Assert.InRange(_world.Simulation.Now - lastBeacon, TimeSpan.FromSeconds(2.9), TimeSpan.FromSeconds(3.1));
        Assert.DoesNotContain(upstream.Received, request => request is HealthRequest);
    }

    [Fact]
    public void Beacons_move_the_heartbeat_so_an_idle_live_session_never_wakes_the_replication_loop()
    {
        var (upstream, replicator) = LiveWithBeacons();
        _world.Run(0.5);
        var wakes = replicator.LoopWakes;

        // Each beacon comes before the heartbeat deadline (2 s + 1 s after the last one) would.
        for (var beacon = 0; beacon < 10; beacon++)
        {
            _world.Run(2);
            upstream.Send(new ChangeEvent(0, [], 0));
        }

        Assert.Equal((ReplicatorState.Live, 0), (replicator.State, replicator.Failures));
        Assert.Equal(wakes, replicator.LoopWakes);
    }

    [Fact]
    public void A_replicator_that_asks_for_no_beacon_asks_a_beaconing_upstream_for_its_health()
    {
        var upstream = new ScriptedUpstream(_world.Cloud, request => request is HelloRequest hello
            ? new HelloResponse(hello.RequestId, WireCompression.None, hello.Property, hello.Delta, TimeSpan.FromSeconds(2))
            : Answers(request));
        var tablet = ReplicationWorld.NewReplica(_world.Tablet);
        var replicator = _world.Replicate(_world.Tablet, tablet, _world.Cloud, options => options with
        {
            IdleHeartbeat = TimeSpan.FromSeconds(2),
            HeartbeatTimeout = TimeSpan.FromSeconds(1),
            Beacon = false,
        });
        Assert.True(_world.RunUntil(() => replicator.State == ReplicatorState.Live, 5));
        Assert.Null(upstream.Received.OfType<HelloRequest>().Single().Beacon);

        _world.Run(11);

        Assert.Equal((ReplicatorState.Live, 0), (replicator.State, replicator.Failures));
        Assert.Equal(5, upstream.Received.Count(request => request is HealthRequest));
    }

    [Fact]
    public void An_upstream_asking_for_a_resync_is_pulled_from_again_without_reconnecting()
    {
        var upstream = new ScriptedUpstream(_world.Cloud, Answers);
        var tablet = ReplicationWorld.NewReplica(_world.Tablet);
        var replicator = _world.Replicate(_world.Tablet, tablet, _world.Cloud);
        Assert.True(_world.RunUntil(() => replicator.State == ReplicatorState.Live, 5));
        Assert.Single(upstream.Received, request => request is PullRequest);

        upstream.Send(new ResyncEvent(0));
        _world.Run(1);

        Assert.Equal(2, upstream.Received.Count(request => request is PullRequest));
        Assert.Equal(1, upstream.Connections);
        Assert.Equal(ReplicatorState.Live, replicator.State);
    }

    [Fact]
    public void A_change_event_older_than_what_a_catch_up_stored_is_ignored_and_a_newer_one_merged()
    {
        var faults = new NamedFaults();
        using var installed = Buggify.Install(faults);
        var source = ReplicationWorld.NewReplica(_world.Cloud);
        var pulled = source.Write("rooms", "pulled", ReplicationServerTests.Room("pulled", "clean")).Document;
        var stale = source.Write("rooms", "stale", ReplicationServerTests.Room("stale", "clean")).Document;
        var fresh = source.Write("rooms", "fresh", ReplicationServerTests.Room("fresh", "clean")).Document;
        var upstream = new ScriptedUpstream(_world.Cloud, request => request switch
        {
            PullRequest pull => new PullResponse(pull.RequestId, pull.Checkpoint < 5 ? [pulled] : [], 5),
            _ => Answers(request),
        });
        var tablet = ReplicationWorld.NewReplica(_world.Tablet);
        var replicator = _world.Replicate(_world.Tablet, tablet, _world.Cloud);
        Assert.True(_world.RunUntil(() => replicator.State == ReplicatorState.Live, 5));

        upstream.Send(new ChangeEvent(1, [stale], 4));
        upstream.Send(new ChangeEvent(1, [fresh], 6));
        _world.Run(1);

        Assert.NotNull(tablet.Get("rooms", "pulled"));
        Assert.Null(tablet.Get("rooms", "stale"));
        Assert.NotNull(tablet.Get("rooms", "fresh"));
        Assert.Equal(6, tablet.GetCheckpoint("cloud"));
        Assert.Equal(2, replicator.DocumentsPulled);
        Assert.Equal(1, faults.Count("replicator.change-event.stale"));
        Assert.Equal(5, upstream.Received.OfType<SubscribeRequest>().Single().Checkpoint); // the stream starts where the catch-up ended
    }

    [Fact]
    public void PushNow_sends_queued_writes_at_once_instead_of_at_the_next_interval()
    {
        var (cloud, tablet, replicator) = LiveWithServer(options => options with { PushInterval = TimeSpan.FromMinutes(10) });
        _world.Run(1);
        _world.Simulation.Spawn("front-desk", () =>
        {
            tablet.Write("rooms", "r1", ReplicationServerTests.Room("r1", "clean"));
            return Task.CompletedTask;
        });
        _world.Run(5);
        Assert.Null(cloud.Get("rooms", "r1"));

        _world.Simulation.Spawn("host-stopping", () =>
        {
            replicator.PushNow();
            return Task.CompletedTask;
        });

        Assert.True(_world.RunUntil(() => cloud.Get("rooms", "r1") is not null, 0.1));
    }

    [Fact]
    public void A_replicator_started_twice_opens_one_session_and_once_stopped_is_stopped_and_closes_it()
    {
        var cloud = ReplicationWorld.NewReplica(_world.Cloud);
        var server = _world.Serve(_world.Cloud, cloud);
        var tablet = ReplicationWorld.NewReplica(_world.Tablet);
        var replicator = _world.Replicate(_world.Tablet, tablet, _world.Cloud, options => options with { Compression = WireCompression.Deflate });
        _world.Tablet.Spawn("again", async _ => await replicator.StartAsync());
        Assert.True(_world.RunUntil(() => replicator.State == ReplicatorState.Live, 5));
        _world.Run(1);
        Assert.Equal(1, server.ConnectionCount);
        Assert.Equal(WireCompression.Deflate, replicator.Compression);

        var stopped = new List<ReplicatorState>();
        replicator.StateChanged += stopped.Add;
        _world.Tablet.Spawn("stop", async _ => await replicator.StopAsync());
        _world.Run(1);

        Assert.Equal(ReplicatorState.Stopped, replicator.State);
        Assert.Equal(ReplicatorState.Stopped, stopped[^1]);
        Assert.Equal(WireCompression.None, replicator.Compression);
        Assert.Equal(0, server.ConnectionCount);
        Assert.Equal(0, replicator.Failures);
        Assert.Null(replicator.LiveLastHeard);

        // Stopped, local writes stay queued: nothing wakes a loop that is gone.
        _world.Simulation.Spawn("front-desk", () =>
        {
            tablet.Write("rooms", "r1", ReplicationServerTests.Room("r1", "clean"));
            return Task.CompletedTask;
        });
        _world.Run(5);
        Assert.Null(cloud.Get("rooms", "r1"));
        Assert.Equal(1, tablet.OutboxCount);
    }

    [Theory]
    [InlineData("replicator.push.response-lost")] // the answer was lost on its way back
    [InlineData("server.push.drop-before-answer")] // the server applied the push and never answered
    public void A_push_whose_answer_never_arrived_goes_again_and_the_upstream_stores_it_once(string fault)
    {
        var faults = new NamedFaults().Fire(fault);
        using var installed = Buggify.Install(faults);
        var (cloud, tablet, replicator) = LiveWithServer();

        _world.Write(tablet, "r1");

        Assert.True(_world.RunUntil(() => tablet.OutboxCount == 0 && replicator.State == ReplicatorState.Live && replicator.Failures == 1, 10));
        Assert.Equal(1, faults.Fired[fault]);
        Assert.NotNull(cloud.Get("rooms", "r1"));
        Assert.Equal(1, cloud.LastSequence);
        Assert.Equal(1, replicator.DocumentsPushed);
        if (fault == "replicator.push.response-lost")
        {
            Assert.Equal("push response lost (injected)", replicator.LastError);
        }
    }

    [Fact]
    public void A_busy_store_while_applying_ends_the_session_and_the_next_one_resumes_from_the_checkpoint()
    {
        var faults = new NamedFaults().Fire("replicator.apply.store-busy");
        using var installed = Buggify.Install(faults);
        var cloud = ReplicationWorld.NewReplica(_world.Cloud);
        for (var i = 0; i < 3; i++)
        {
            cloud.Write("rooms", $"r{i}", ReplicationServerTests.Room($"r{i}", "clean"));
        }

        _world.Serve(_world.Cloud, cloud);
        var tablet = ReplicationWorld.NewReplica(_world.Tablet);
        var replicator = _world.Replicate(_world.Tablet, tablet, _world.Cloud);

        Assert.True(_world.RunUntil(() => replicator.State == ReplicatorState.Live, 10));
        Assert.Equal(1, replicator.Failures);
        Assert.Equal("database is locked (injected)", replicator.LastError);
        Assert.Equal(3, replicator.DocumentsPulled);
        Assert.Equal(3, tablet.GetCheckpoint("cloud"));
    }

    [Fact]
    public void Documents_written_in_one_turn_of_the_loop_go_up_in_one_push()
    {
        var upstream = new ScriptedUpstream(_world.Cloud, Answers);
        var tablet = ReplicationWorld.NewReplica(_world.Tablet);
        var replicator = _world.Replicate(_world.Tablet, tablet, _world.Cloud);
        Assert.True(_world.RunUntil(() => replicator.State == ReplicatorState.Live, 5));

        // A check-in: the first write wakes the replicator inline; the other two are made before it pushes.
        _world.Simulation.Spawn("front-desk", () =>
        {
            foreach (var id in new[] { "r1", "r2", "r3" })
            {
                tablet.Write("rooms", id, ReplicationServerTests.Room(id, "occupied"));
            }

            return Task.CompletedTask;
        });

        Assert.True(_world.RunUntil(() => tablet.OutboxCount == 3, 1));
        Assert.True(_world.RunUntil(() => tablet.OutboxCount == 0, 5));
        var push = Assert.Single(upstream.Received.OfType<PushRequest>());
        Assert.Equal(["r1", "r2", "r3"], push.Rows.Select(row => row.NewState.Id));
    }

    [Fact]
    public void The_upstreams_newer_version_returned_for_a_push_replaces_the_local_write()
    {
        var faults = new NamedFaults();
        using var installed = Buggify.Install(faults);
        var source = ReplicationWorld.NewReplica(_world.Cloud);
        Document? newer = null;
        var upstream = new ScriptedUpstream(_world.Cloud, request => request switch
        {
            PushRequest push => new PushResponse(push.RequestId, [newer = source.Write("rooms", "r1", ReplicationServerTests.Room("r1", "inspected")).Document]),
            _ => Answers(request),
        });
        var tablet = ReplicationWorld.NewReplica(_world.Tablet);
        var replicator = _world.Replicate(_world.Tablet, tablet, _world.Cloud);
        Assert.True(_world.RunUntil(() => replicator.State == ReplicatorState.Live, 5));

        _world.Write(tablet, "r1");

        Assert.True(_world.RunUntil(() => newer is not null && tablet.OutboxCount == 0, 5));
        Assert.Equal(newer, tablet.Get("rooms", "r1"));
        Assert.Equal(1, faults.Count("replicator.push.upstream-kept-newer"));
        Assert.Single(upstream.Received, request => request is PushRequest);
    }

    [Theory]
    [InlineData(WireCompression.None, null, null, false, false, false, false)]
    [InlineData(WireCompression.Deflate, null, null, false, false, false, true)]
    [InlineData(WireCompression.None, "token:p1:tablet", null, false, false, false, true)]
    [InlineData(WireCompression.None, null, "p1", false, false, false, true)]
    [InlineData(WireCompression.None, null, null, true, false, false, true)]
    [InlineData(WireCompression.None, null, null, false, true, false, true)]
    [InlineData(WireCompression.None, null, null, false, false, true, true)]
    public void A_replicator_says_hello_only_when_it_has_something_to_agree_on(WireCompression compression, string? token, string? property, bool delta, bool beacon, bool pushDelta, bool hello)
    {
        var upstream = new ScriptedUpstream(_world.Cloud, Answers);
        var tablet = ReplicationWorld.NewReplica(_world.Tablet);
        var replicator = _world.Replicate(_world.Tablet, tablet, _world.Cloud, options => options with { Compression = compression, AccessToken = token, Property = property, Delta = delta, Beacon = beacon, PushDelta = pushDelta });

        Assert.True(_world.RunUntil(() => replicator.State == ReplicatorState.Live, 5));

        var said = upstream.Received.OfType<HelloRequest>().SingleOrDefault();
        Assert.Equal(hello, said is not null);
        Assert.IsType(hello ? typeof(HelloRequest) : typeof(PullRequest), upstream.Received[0]);
        if (said is not null)
        {
            Assert.Equal((token, property, delta, beacon ? TimeSpan.FromSeconds(30) : (TimeSpan?)null, pushDelta), (said.AccessToken, said.Property, said.Delta, said.Beacon, said.PushDelta));
            Assert.Equal(compression != WireCompression.None, said.Compression.Contains(compression));
        }
    }

    [Fact]
    public async Task A_replicator_never_started_stops_at_once_and_a_cancelled_start_starts_nothing()
    {
        var upstream = new ScriptedUpstream(_world.Cloud, Answers);
        var tablet = ReplicationWorld.NewReplica(_world.Tablet);
        var replicator = new Replicator(tablet, _world.Tablet.Network, new ReplicatorOptions { Upstream = "cloud", Host = ReplicationWorld.Address(_world.Cloud) }, _world.Tablet.Clock, _world.Simulation.Random("tablet/replicator"));

        Assert.True(replicator.StopAsync().IsCompletedSuccessfully);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => replicator.StartAsync(new CancellationToken(canceled: true)));
        _world.Run(2);

        Assert.Equal(ReplicatorState.Stopped, replicator.State);
        Assert.Equal(0, upstream.Connections);
    }

    [Fact]
    public void A_connection_attempt_to_an_unreachable_upstream_gives_up_after_the_connect_timeout()
    {
        _world.Network.Partition([_world.Tablet], [_world.Cloud]);
        var tablet = ReplicationWorld.NewReplica(_world.Tablet);
        var replicator = _world.Replicate(_world.Tablet, tablet, _world.Cloud, options => options with
        {
            ConnectTimeout = TimeSpan.FromSeconds(2),
            RetryInitialDelay = TimeSpan.FromSeconds(1),
            BackoffProbeInterval = null,
        });
        var attempts = _world.RecordAttempts(replicator);

        _world.Run(2.5);

        Assert.Equal(1, replicator.Failures);
        Assert.Single(attempts);
        Assert.Equal(ReplicatorState.Disconnected, replicator.State);
    }

    [Fact]
    public void Live_deltas_are_rebuilt_on_the_held_version_dropped_when_it_is_newer_and_a_missing_base_is_pulled_whole()
    {
        var source = ReplicationWorld.NewReplica(_world.Cloud);
        var r1 = source.Write("rooms", "r1", Noted("r1", "clean")).Document;
        var r2 = source.Write("rooms", "r2", Noted("r2", "clean")).Document;
        var r3 = source.Write("rooms", "r3", Noted("r3", "clean")).Document;
        var r3Whole = source.Write("rooms", "r3", Noted("r3", "dirty")).Document;
        var upstream = new ScriptedUpstream(_world.Cloud, request => request switch
        {
            // r3 only ever comes whole, in a catch-up after the first.
            PullRequest pull => pull.Checkpoint == 0 ? new PullResponse(pull.RequestId, [r1, r2], 2) : new PullResponse(pull.RequestId, [r3Whole], 9),
            _ => Answers(request),
        });
        var tablet = ReplicationWorld.NewReplica(_world.Tablet);
        var replicator = _world.Replicate(_world.Tablet, tablet, _world.Cloud);
        Assert.True(_world.RunUntil(() => replicator.State == ReplicatorState.Live, 5));

        // r1 changes upstream: the delta rebuilds it on the version held.
        var r1Next = source.Write("rooms", "r1", Noted("r1", "dirty")).Document;
        upstream.Send(new ChangeEvent(1, [], 3, [DocumentDelta.Between(r1, r1Next)!]));
        _world.Run(1);
        Assert.Equal(r1Next, tablet.Get("rooms", "r1"));
        Assert.Equal(3, tablet.GetCheckpoint("cloud"));

        // r2 changed upstream, but the tablet wrote it later: the delta's version loses, nothing to pull.
        var r2Next = source.Write("rooms", "r2", Noted("r2", "dirty")).Document;
        _world.Run(0.1);
        _world.Write(tablet, "r2");
        _world.Run(0.1);
        var own = tablet.Get("rooms", "r2");
        upstream.Send(new ChangeEvent(1, [], 4, [DocumentDelta.Between(r2, r2Next)!]));
        _world.Run(1);
        Assert.Equal(own, tablet.Get("rooms", "r2"));
        Assert.Equal(4, tablet.GetCheckpoint("cloud"));
        Assert.Equal(1, upstream.Received.Count(request => request is PullRequest));

        // r3's delta has a base the tablet never held: it is pulled whole, and the checkpoint waits for that catch-up.
        upstream.Send(new ChangeEvent(1, [], 5, [DocumentDelta.Between(r3, r3Whole)!]));
        _world.Run(1);
        Assert.Equal(r3Whole, tablet.Get("rooms", "r3"));
        Assert.Equal(9, tablet.GetCheckpoint("cloud"));
        Assert.Equal(2, upstream.Received.Count(request => request is PullRequest));
        Assert.Equal(4, ((PullRequest)upstream.Received.Last(request => request is PullRequest)).Checkpoint);

        Assert.Equal((1, 1, 1), (replicator.DeltasApplied, replicator.DeltasSuperseded, replicator.DeltasMissed));
        Assert.Equal(ReplicatorState.Live, replicator.State);
        Assert.Equal(1, upstream.Connections);
    }

    internal static string Noted(string id, string status) =>
        $$"""{"id":"{{id}}","number":"101","floor":1,"type":"deluxe","status":"{{status}}","notes":"A corner room over the garden, with a balcony and a view of the lake in the morning."}""";

    private (Replica Cloud, Replica Tablet, Replicator Replicator) LiveWithServer(Func<ReplicatorOptions, ReplicatorOptions>? configure = null)
    {
        var cloud = ReplicationWorld.NewReplica(_world.Cloud);
        _world.Serve(_world.Cloud, cloud);
        var tablet = ReplicationWorld.NewReplica(_world.Tablet);
        var replicator = _world.Replicate(_world.Tablet, tablet, _world.Cloud, configure);
        Assert.True(_world.RunUntil(() => replicator.State == ReplicatorState.Live, 5));
        return (cloud, tablet, replicator);
    }

    /// <summary>What an empty upstream answers.</summary>
    internal static ProtocolMessage? Answers(ProtocolMessage request) => request switch
    {
        HelloRequest hello => new HelloResponse(hello.RequestId, WireCompression.None, hello.Property, hello.Delta),
        PullRequest pull => new PullResponse(pull.RequestId, [], pull.Checkpoint),
        PushRequest push => new PushResponse(push.RequestId, []),
        HealthRequest health => new HealthResponse(health.RequestId, "ok", 0),
        _ => null,
    };
}
