using System.Net;
using System.Reflection;
using Hospitality.Sim.Kernel;
using Hospitality.Sync.Clock;
using Hospitality.Sync.Documents;
using Hospitality.Sync.Faults;
using Hospitality.Sync.Ports;
using Hospitality.Sync.Replication;
using Hospitality.Sync.Replication.Deltas;
using Hospitality.Sync.Replication.Protocol;

namespace Hospitality.Sync.Tests.Replication;

/// <summary>
/// Inside one replicator's session: the work it hands its processor, how a session ends and a stop
/// waits for it, the checkpoint around missed deltas and catch-ups, paced pushes, refusals and backoff probes.
/// </summary>
public sealed class ReplicatorSessionTests
{
    private const string CatchUpStall = "replicator.catch-up.stall";

    private readonly ReplicationWorld _world = new();

    [Fact]
    public void Each_pulled_page_live_change_and_push_takes_its_time_on_the_replicators_processor_first()
    {
        var faults = new NamedFaults();
        using var installed = Buggify.Install(faults);
        var source = ReplicationWorld.NewReplica(_world.Cloud);
        var a = source.Write("rooms", "a", ReplicatorTests.Noted("a", "clean")).Document;
        var b = source.Write("rooms", "b", ReplicatorTests.Noted("b", "clean")).Document;
        var upstream = new ScriptedUpstream(_world.Cloud, request => request switch
        {
            PullRequest pull => new PullResponse(pull.RequestId, pull.Checkpoint == 0 ? [a, b] : [], Math.Max(pull.Checkpoint, 2)),
            _ => ReplicatorTests.Answers(request),
        });
        var tablet = ReplicationWorld.NewReplica(_world.Tablet);
        var processor = new RecordingProcessor(_world.Tablet.Clock);
        var replicator = Start(tablet, processor);
        Assert.True(_world.RunUntil(() => replicator.State == ReplicatorState.Live, 5));

        // A change of one whole document and one delta.
        var aNext = source.Write("rooms", "a", ReplicatorTests.Noted("a", "dirty")).Document;
        var c = source.Write("rooms", "c", ReplicatorTests.Noted("c", "clean")).Document;
        upstream.Send(new ChangeEvent(1, [c], 3, [DocumentDelta.Between(a, aNext)!]));
        _world.Run(0.5);

        // Changes at exactly the checkpoint held (a catch-up and the stream may both carry one) are merged too.
        var d = source.Write("rooms", "d", ReplicatorTests.Noted("d", "clean")).Document;
        var bNext = source.Write("rooms", "b", ReplicatorTests.Noted("b", "dirty")).Document;
        upstream.Send(new ChangeEvent(1, [d], 3));
        _world.Run(0.5);
        upstream.Send(new ChangeEvent(1, [], 3, [DocumentDelta.Between(b, bNext)!]));
        _world.Run(0.5);

        _world.Write(tablet, "e");
        Assert.True(_world.RunUntil(() => upstream.Received.Any(request => request is PushRequest) && tablet.OutboxCount == 0, 5));

        Assert.Equal((aNext, c, d, bNext), (tablet.Get("rooms", "a"), tablet.Get("rooms", "c"), tablet.Get("rooms", "d"), tablet.Get("rooms", "b")));
        Assert.Equal(3, tablet.GetCheckpoint("cloud"));
        Assert.Equal(0, faults.Count("replicator.change-event.stale"));
        Assert.Equal(
            [(NodeWorkKind.ApplyChanges, 2), (NodeWorkKind.ApplyChanges, 2), (NodeWorkKind.ApplyChanges, 1), (NodeWorkKind.ApplyChanges, 1), (NodeWorkKind.PushOutbox, 1)],
            processor.Work.Select(work => (work.Kind, work.Documents)));
        Assert.All(processor.Work, work => Assert.Equal(ReplicationWorld.At(_world.Cloud), work.Peer));
    }

    [Fact]
    public void StopAsync_returns_only_once_the_session_is_over_so_nothing_it_received_is_stored_afterwards()
    {
        var source = ReplicationWorld.NewReplica(_world.Cloud);
        var x = source.Write("rooms", "x", ReplicationServerTests.Room("x", "clean")).Document;
        var upstream = new ScriptedUpstream(_world.Cloud, ReplicatorTests.Answers);
        var tablet = ReplicationWorld.NewReplica(_world.Tablet);
        var processor = new RecordingProcessor(_world.Tablet.Clock) { HonoursCancellation = false };
        var replicator = Start(tablet, processor);
        Assert.True(_world.RunUntil(() => replicator.State == ReplicatorState.Live, 5));

        // The change is still on the processor, which does not give up its work when asked to, when the stop comes.
        processor.ApplyDelay = TimeSpan.FromSeconds(1);
        upstream.Send(new ChangeEvent(1, [x], 1));
        _world.Run(0.1);
        Assert.Equal(2, processor.Work.Count);
        bool? storedWhenStopped = null;
        var completedWhenStopped = false;
        _world.Tablet.Spawn("stop", async _ =>
        {
            await replicator.StopAsync();
            storedWhenStopped = tablet.Get("rooms", "x") is not null;
            completedWhenStopped = replicator.Completion.IsCompleted;
        });
        _world.Run(3);

        Assert.True(completedWhenStopped);
        Assert.Equal(tablet.Get("rooms", "x") is not null, storedWhenStopped);
        Assert.Equal(ReplicatorState.Stopped, replicator.State);
    }

    [Fact]
    public void A_session_that_fails_abandons_the_live_change_its_processor_was_still_working_on()
    {
        var source = ReplicationWorld.NewReplica(_world.Cloud);
        var x = source.Write("rooms", "x", ReplicationServerTests.Room("x", "clean")).Document;
        var upstream = new ScriptedUpstream(_world.Cloud, ReplicatorTests.Answers);
        var tablet = ReplicationWorld.NewReplica(_world.Tablet);
        var processor = new RecordingProcessor(_world.Tablet.Clock);
        var replicator = Start(tablet, processor, options => options with { RequestTimeout = TimeSpan.FromSeconds(0.3) });
        Assert.True(_world.RunUntil(() => replicator.State == ReplicatorState.Live, 5));

        processor.ApplyDelay = TimeSpan.FromSeconds(1);
        upstream.Send(new ChangeEvent(1, [x], 1));
        _world.Run(0.1);
        _world.Write(tablet, "r1");

        // The push's answer waits behind the change on the processor and the push times out: the session ends then.
        Assert.True(_world.RunUntil(() => replicator.Failures == 1, 0.5));
        processor.ApplyDelay = TimeSpan.Zero;
        Assert.True(_world.RunUntil(() => replicator.State == ReplicatorState.Live && tablet.OutboxCount == 0, 5));
        _world.Run(1);

        Assert.Null(tablet.Get("rooms", "x"));
        Assert.Equal(0, tablet.GetCheckpoint("cloud"));
        Assert.Equal(2, upstream.Connections);
    }

    [Fact]
    public async Task A_session_that_ends_resets_its_connection_rather_than_closing_it_gracefully()
    {
        var upstream = new ScriptedUpstream(_world.Cloud, ReplicatorTests.Answers);
        var tablet = ReplicationWorld.NewReplica(_world.Tablet);
        var replicator = Start(tablet, null);
        Assert.True(_world.RunUntil(() => replicator.State == ReplicatorState.Live, 5));

        _ = _world.Tablet.Spawn("stop", async _ => await replicator.StopAsync());
        _world.Run(1);

        var closed = upstream.LatestConnection!.Closed;
        Assert.True(closed.IsCompleted);
        Assert.NotEqual(ConnectionClosure.Graceful, await closed);
    }

    [Fact]
    public void The_heartbeat_goes_an_idle_heartbeat_after_the_upstream_last_spoke_even_if_the_loop_woke_meanwhile()
    {
        var asked = new List<SimTime>();
        var upstream = new ScriptedUpstream(_world.Cloud, request =>
        {
            if (request is HealthRequest)
            {
                asked.Add(_world.Simulation.Now);
            }

            return ReplicatorTests.Answers(request);
        });
        var tablet = ReplicationWorld.NewReplica(_world.Tablet);
        var replicator = Start(tablet, null, options => options with { IdleHeartbeat = TimeSpan.FromSeconds(2), PushInterval = TimeSpan.FromMinutes(10) });
        Assert.True(_world.RunUntil(() => replicator.State == ReplicatorState.Live, 5));
        var heard = _world.Simulation.Now;

        // A local write wakes the loop 1.5 s into the silence; its push is not due for minutes.
        _world.Run(1.5);
        _world.Write(tablet, "r1");
        _world.Run(1);

        Assert.Equal(1, tablet.OutboxCount);
        var first = Assert.Single(asked);
        Assert.InRange(first - heard, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2.05));
    }

    [Fact]
    public void A_backoff_ends_early_at_the_first_probe_the_upstream_answers()
    {
        var faults = new NamedFaults();
        using var installed = Buggify.Install(faults);
        var upstream = UpstreamBreakingEverySession();
        var tablet = ReplicationWorld.NewReplica(_world.Tablet);
        var replicator = Start(tablet, null, options => options with
        {
            RetryInitialDelay = TimeSpan.FromSeconds(20),
            RetryMaxDelay = TimeSpan.FromSeconds(20),
            BackoffProbeInterval = TimeSpan.FromSeconds(1),
        });
        var attempts = _world.RecordAttempts(replicator);

        _world.Run(2.5);

        Assert.Equal(3, attempts.Count);
        Assert.InRange(attempts[1] - attempts[0], TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1.1));
        Assert.Equal(2, faults.Count("replicator.retry.probe-ended-backoff"));
        Assert.Equal(2, upstream.Received.Count(request => request is HealthRequest));
    }

    [Fact]
    public void A_backoff_no_longer_than_the_probe_interval_is_waited_out_without_a_probe()
    {
        var faults = new NamedFaults();
        using var installed = Buggify.Install(faults);
        var upstream = UpstreamBreakingEverySession();
        var tablet = ReplicationWorld.NewReplica(_world.Tablet);

        // A two-tick ceiling makes every backoff exactly one tick, the probe interval.
        var replicator = Start(tablet, null, options => options with
        {
            RetryInitialDelay = TimeSpan.FromTicks(2),
            RetryMaxDelay = TimeSpan.FromTicks(2),
            BackoffProbeInterval = TimeSpan.FromTicks(1),
        });

        // Each session opens with TCP's handshake and the WebSocket upgrade: two round trips.
        _world.Run(0.2);

        Assert.True(replicator.Failures > 3, $"{replicator.Failures} failures");
        Assert.DoesNotContain(upstream.Received, request => request is HealthRequest);
        Assert.Equal(0, faults.Count("replicator.retry.probe-ended-backoff"));
    }

    [Fact]
    public void An_unexpected_error_in_a_backoff_probe_faults_the_replication_loop_instead_of_passing_for_a_down_upstream()
    {
        // Nothing listens on the cloud; the second connection attempt, the first probe's, hits a bug.
        var network = new FaultyOnce(_world.Tablet.Network, attempt: 2);
        var tablet = ReplicationWorld.NewReplica(_world.Tablet);
        var replicator = Start(tablet, null, options => options with
        {
            RetryInitialDelay = TimeSpan.FromSeconds(10),
            BackoffProbeInterval = TimeSpan.FromSeconds(1),
        }, network);

        _world.Run(12);

        Assert.True(replicator.Completion.IsFaulted);
        Assert.IsType<InvalidOperationException>(replicator.Completion.Exception!.InnerException);
        Assert.Equal(2, network.Attempts);
    }

    [Fact]
    public void A_change_streamed_during_the_first_catch_up_is_stored_at_its_checkpoint_and_the_older_page_merges_nothing()
    {
        var faults = new NamedFaults();
        using var installed = Buggify.Install(faults);
        var source = ReplicationWorld.NewReplica(_world.Cloud);
        var paged = source.Write("rooms", "paged", ReplicationServerTests.Room("paged", "clean")).Document;
        var streamed = source.Write("rooms", "streamed", ReplicationServerTests.Room("streamed", "clean")).Document;
        var upstream = new ScriptedUpstream(_world.Cloud, request => request is PullRequest ? null : ReplicatorTests.Answers(request));
        var tablet = ReplicationWorld.NewReplica(_world.Tablet);
        var replicator = Start(tablet, null);
        Assert.True(_world.RunUntil(() => upstream.Received.Any(request => request is PullRequest), 5));

        upstream.Send(new ChangeEvent(1, [streamed], 7));
        _world.Run(0.1);
        upstream.Send(new PullResponse(upstream.Received.OfType<PullRequest>().Single().RequestId, [paged], 5));
        Assert.True(_world.RunUntil(() => replicator.State == ReplicatorState.Live, 5));
        _world.Run(0.1);

        Assert.Equal(7, tablet.GetCheckpoint("cloud"));
        Assert.Equal(7, upstream.Received.OfType<SubscribeRequest>().Single().Checkpoint);
        Assert.Equal(streamed, tablet.Get("rooms", "streamed"));
        Assert.Null(tablet.Get("rooms", "paged"));
        Assert.Equal(1, faults.Count("replicator.catch-up.page-already-stored"));
    }

    [Fact]
    public void A_catch_up_page_the_live_stream_stored_past_while_the_catch_up_stalled_is_not_merged_again()
    {
        var faults = new StallingFaults(TimeSpan.FromSeconds(1));
        using var installed = Buggify.Install(faults);
        var source = ReplicationWorld.NewReplica(_world.Cloud);
        var p = source.Write("rooms", "p", ReplicationServerTests.Room("p", "clean")).Document;
        var q = source.Write("rooms", "q", ReplicationServerTests.Room("q", "clean")).Document;
        var qNext = source.Write("rooms", "q", ReplicationServerTests.Room("q", "dirty")).Document;
        var upstream = new ScriptedUpstream(_world.Cloud, request => request switch
        {
            PullRequest pull => pull.Checkpoint == 0 ? new PullResponse(pull.RequestId, [p], 5) : new PullResponse(pull.RequestId, [q], 6),
            _ => ReplicatorTests.Answers(request),
        });
        var tablet = ReplicationWorld.NewReplica(_world.Tablet);
        var replicator = Start(tablet, null);
        Assert.True(_world.RunUntil(() => replicator.State == ReplicatorState.Live, 5));

        // A resync's catch-up stalls after its page came; meanwhile the stream stores the change that page ends with.
        faults.Armed = true;
        upstream.Send(new ResyncEvent(0));
        _world.Run(0.3);
        upstream.Send(new ChangeEvent(1, [qNext], 6));
        _world.Run(2);

        Assert.Equal(1, faults.Stalls);
        Assert.Equal(2, upstream.Received.Count(request => request is PullRequest));
        Assert.Equal(1, faults.Count("replicator.catch-up.page-already-stored"));
        Assert.Equal(qNext, tablet.Get("rooms", "q"));
        Assert.Equal(6, tablet.GetCheckpoint("cloud"));
    }

    [Fact]
    public void While_a_missed_deltas_catch_up_is_pending_live_changes_are_merged_without_the_checkpoint_which_moves_again_once_it_is_clean()
    {
        var source = ReplicationWorld.NewReplica(_world.Cloud);
        var a = source.Write("rooms", "a", ReplicatorTests.Noted("a", "clean")).Document;
        var aNext = source.Write("rooms", "a", ReplicatorTests.Noted("a", "dirty")).Document;
        var b = source.Write("rooms", "b", ReplicatorTests.Noted("b", "clean")).Document;
        var c = source.Write("rooms", "c", ReplicatorTests.Noted("c", "clean")).Document;

        // The first pull ends at 2 with nothing; the resync's pull is answered by the test.
        var upstream = new ScriptedUpstream(_world.Cloud, request => request switch
        {
            PullRequest pull => pull.Checkpoint == 0 ? new PullResponse(pull.RequestId, [], 2) : null,
            _ => ReplicatorTests.Answers(request),
        });
        var tablet = ReplicationWorld.NewReplica(_world.Tablet);
        var replicator = Start(tablet, null);
        Assert.True(_world.RunUntil(() => replicator.State == ReplicatorState.Live, 5));

        upstream.Send(new ChangeEvent(1, [], 3, [DocumentDelta.Between(a, aNext)!]));
        Assert.True(_world.RunUntil(() => upstream.Received.Count(request => request is PullRequest) == 2, 1));
        upstream.Send(new ChangeEvent(1, [b], 4));
        _world.Run(0.2);
        Assert.Equal(b, tablet.Get("rooms", "b"));
        Assert.Equal(2, tablet.GetCheckpoint("cloud"));

        upstream.Send(new PullResponse(upstream.Received.OfType<PullRequest>().Last().RequestId, [aNext, b], 4));
        _world.Run(0.2);
        Assert.Equal(aNext, tablet.Get("rooms", "a"));
        Assert.Equal(4, tablet.GetCheckpoint("cloud"));

        upstream.Send(new ChangeEvent(1, [c], 5));
        _world.Run(0.2);
        _world.Write(tablet, "r1");
        _world.Run(0.5);

        Assert.Equal(c, tablet.Get("rooms", "c"));
        Assert.Equal(5, tablet.GetCheckpoint("cloud"));
        Assert.Equal(2, upstream.Received.Count(request => request is PullRequest));
        Assert.Equal((0, 1), (replicator.DeltasApplied, replicator.DeltasMissed));
    }

    [Fact]
    public void A_delta_is_dropped_only_when_the_held_version_is_newer_or_the_very_same_one_and_pulled_whole_otherwise()
    {
        var cloud = Stamp(2_000, "cloud");
        var olderOfCloud = Version("older", Stamp(1_000, "cloud"), "cloud"); // an older version by the same origin
        var sameStampElsewhere = Version("twin", cloud, "greengrass"); // the delta's stamp, relayed with another origin
        var same = Version("same", cloud, "cloud"); // the delta's very version
        var upstream = new ScriptedUpstream(_world.Cloud, request => request switch
        {
            PullRequest pull => new PullResponse(pull.RequestId, pull.Checkpoint == 0 ? [olderOfCloud, sameStampElsewhere, same] : [], Math.Max(pull.Checkpoint, 3)),
            _ => ReplicatorTests.Answers(request),
        });
        var tablet = ReplicationWorld.NewReplica(_world.Tablet);
        var replicator = Start(tablet, null);
        Assert.True(_world.RunUntil(() => replicator.State == ReplicatorState.Live, 5));

        var counts = new List<(long Superseded, long Missed)>();
        var checkpoint = 3;
        foreach (var id in new[] { "older", "twin", "same" })
        {
            // Its base is a version between, which the tablet never held.
            var delta = new DocumentDelta("rooms", id, Stamp(1_500, "cloud"), 10, 10, "x", cloud, "cloud");
            upstream.Send(new ChangeEvent(1, [], ++checkpoint, [delta]));
            _world.Run(0.5);
            counts.Add((replicator.DeltasSuperseded, replicator.DeltasMissed));
        }

        Assert.Equal([(0, 1), (0, 2), (1, 2)], counts);
        Assert.Equal(0, replicator.DeltasApplied);
    }

    [Fact]
    public void Only_the_write_refused_by_collection_and_id_is_dropped_from_a_batch()
    {
        var upstream = new ScriptedUpstream(_world.Cloud, request => request switch
        {
            PushRequest push => new PushResponse(push.RequestId, [], [new RefusedWrite("rooms", "r2", "not yours")]),
            _ => ReplicatorTests.Answers(request),
        });
        var tablet = ReplicationWorld.NewReplica(_world.Tablet);
        var replicator = Start(tablet, null, options => options with { PushInterval = TimeSpan.FromSeconds(1) });
        Assert.True(_world.RunUntil(() => replicator.State == ReplicatorState.Live, 5));

        _world.Simulation.Spawn("front-desk", () =>
        {
            tablet.Write("rooms", "r1", ReplicationServerTests.Room("r1", "clean"));
            tablet.Write("rooms", "r2", ReplicationServerTests.Room("r2", "clean"));
            tablet.Write("guests", "r2", """{"id":"r2","name":"Ada"}""");
            return Task.CompletedTask;
        });
        Assert.True(_world.RunUntil(() => upstream.Received.Any(request => request is PushRequest) && tablet.OutboxCount == 0, 5));

        Assert.Equal(3, Assert.Single(upstream.Received.OfType<PushRequest>()).Rows.Count);
        Assert.Equal((2, 1), (replicator.DocumentsPushed, replicator.WritesRefused));
        Assert.True(tablet.Get("rooms", "r2")!.Deleted);
        Assert.False(tablet.Get("rooms", "r1")!.Deleted);
        Assert.False(tablet.Get("guests", "r2")!.Deleted);
    }

    [Fact]
    public void A_batch_whose_writes_were_all_superseded_is_acknowledged_without_a_push()
    {
        var faults = new NamedFaults();
        using var installed = Buggify.Install(faults);
        var upstream = new ScriptedUpstream(_world.Cloud, ReplicatorTests.Answers);
        var tablet = ReplicationWorld.NewReplica(_world.Tablet);
        var replicator = Start(tablet, null, options => options with { PushInterval = TimeSpan.FromMinutes(10) });
        Assert.True(_world.RunUntil(() => replicator.State == ReplicatorState.Live, 5));

        // The queued write loses to a newer version pulled before its push.
        _world.Simulation.Spawn("front-desk", () =>
        {
            var mine = tablet.Write("rooms", "r1", ReplicationServerTests.Room("r1", "dirty")).Document;
            tablet.Merge([Version("r1", Stamp(mine.Stamp.WallMilliseconds + 1_000, "cloud"), "cloud")], "cloud", 1);
            replicator.PushNow();
            return Task.CompletedTask;
        });
        Assert.True(_world.RunUntil(() => tablet.OutboxCount == 0, 1));
        _world.Run(0.5);

        Assert.DoesNotContain(upstream.Received, request => request is PushRequest);
        Assert.Equal(1, faults.Count("replicator.push.all-superseded"));
        Assert.Equal(0, replicator.DocumentsPushed);
    }

    [Fact]
    public void Pushes_past_the_burst_wait_for_a_token_and_PushNow_drains_past_the_pacer()
    {
        var faults = new NamedFaults();
        using var installed = Buggify.Install(faults);
        var cloud = ReplicationWorld.NewReplica(_world.Cloud);
        _world.Serve(_world.Cloud, cloud);
        var tablet = ReplicationWorld.NewReplica(_world.Tablet);
        var replicator = Start(tablet, null, options => options with { PushPacing = new PushPacing { Burst = 1, Ceiling = TimeSpan.FromSeconds(10), Linger = TimeSpan.Zero } });
        Assert.True(_world.RunUntil(() => replicator.State == ReplicatorState.Live, 5));

        _world.Write(tablet, "r1");
        Assert.True(_world.RunUntil(() => cloud.Get("rooms", "r1") is not null, 0.1));
        _world.Write(tablet, "r2");
        _world.Run(1);
        Assert.Null(cloud.Get("rooms", "r2"));
        Assert.NotEqual(0, faults.Count("replicator.push.paced"));

        _world.Simulation.Spawn("host-stopping", () =>
        {
            replicator.PushNow();
            return Task.CompletedTask;
        });

        Assert.True(_world.RunUntil(() => cloud.Get("rooms", "r2") is not null, 0.1));
    }

    [Fact]
    public void One_token_flushes_every_batch_the_outbox_held_when_it_was_taken()
    {
        var faults = new NamedFaults();
        using var installed = Buggify.Install(faults);
        var cloud = ReplicationWorld.NewReplica(_world.Cloud);
        _world.Serve(_world.Cloud, cloud);
        var tablet = ReplicationWorld.NewReplica(_world.Tablet);

        // Three writes queued before the session, two to a batch: the first flush is two batches.
        for (var i = 0; i < 3; i++)
        {
            tablet.Write("rooms", $"r{i}", ReplicationServerTests.Room($"r{i}", "dirty"));
        }

        var replicator = Start(tablet, null, options => options with
        {
            PushBatchSize = 2,
            PushPacing = new PushPacing { Burst = 1, Ceiling = TimeSpan.FromSeconds(10), Linger = TimeSpan.Zero },
        });
        Assert.True(_world.RunUntil(() => replicator.State == ReplicatorState.Live, 5));

        Assert.True(_world.RunUntil(() => cloud.Get("rooms", "r2") is not null && tablet.OutboxCount == 0, 0.2));
        Assert.Equal(0, faults.Count("replicator.push.paced"));
        Assert.Equal(3, replicator.DocumentsPushed);
    }

    [Fact]
    public void Changes_merged_from_the_upstream_do_not_wake_the_replication_loop_but_a_local_write_does()
    {
        var source = ReplicationWorld.NewReplica(_world.Cloud);
        var upstream = new ScriptedUpstream(_world.Cloud, ReplicatorTests.Answers);
        var tablet = ReplicationWorld.NewReplica(_world.Tablet);
        var replicator = Start(tablet, null);
        Assert.True(_world.RunUntil(() => replicator.State == ReplicatorState.Live, 5));
        _world.Run(0.5);

        var wakes = replicator.LoopWakes;
        for (var i = 1; i <= 5; i++)
        {
            upstream.Send(new ChangeEvent(1, [source.Write("rooms", $"r{i}", ReplicationServerTests.Room($"r{i}", "clean")).Document], i));
        }

        _world.Run(1);
        Assert.Equal(5, tablet.GetCheckpoint("cloud"));
        Assert.Equal(wakes, replicator.LoopWakes);

        _world.Write(tablet, "mine");
        _world.Run(1);
        Assert.True(replicator.LoopWakes > wakes);
        Assert.Equal(0, tablet.OutboxCount);
    }

    [Fact]
    public void A_stopped_replicator_no_longer_listens_to_its_replica()
    {
        var upstream = new ScriptedUpstream(_world.Cloud, ReplicatorTests.Answers);
        var tablet = ReplicationWorld.NewReplica(_world.Tablet);
        for (var round = 0; round < 3; round++)
        {
            var replicator = Start(tablet, null);
            Assert.True(_world.RunUntil(() => replicator.State == ReplicatorState.Live, 5));
            Assert.Equal(1, Listeners(tablet));
            _world.Tablet.Spawn("stop", async _ => await replicator.StopAsync());
            Assert.True(_world.RunUntil(() => replicator.State == ReplicatorState.Stopped, 5));
            Assert.Equal(0, Listeners(tablet));
        }

        Assert.Equal(3, upstream.Connections);
    }

    // A replicator replaced on the same replica (a device moving to another upstream) must not leave a handler behind.
    private static int Listeners(Replica replica) =>
        (typeof(Replica).GetField(nameof(Replica.Changed), BindingFlags.Instance | BindingFlags.NonPublic)!.GetValue(replica) as Delegate)?.GetInvocationList().Length ?? 0;

    private static HlcTimestamp Stamp(long wall, string node) => new(wall, 0, node);

    private static Document Version(string id, HlcTimestamp stamp, string origin) =>
        new("rooms", id, ReplicatorTests.Noted(id, "clean"), stamp, false, origin);

    /// <summary>An upstream that breaks each session at once (a pull answered with a checkpoint moved back) and answers health probes.</summary>
    private ScriptedUpstream UpstreamBreakingEverySession() => new(_world.Cloud, request => request switch
    {
        PullRequest pull => new PullResponse(pull.RequestId, [], pull.Checkpoint - 1),
        _ => ReplicatorTests.Answers(request),
    });

    private Replicator Start(Replica replica, INodeProcessor? processor, Func<ReplicatorOptions, ReplicatorOptions>? configure = null, INetwork? network = null, TimeProvider? clock = null)
    {
        var options = new ReplicatorOptions { Upstream = _world.Cloud.Name, Host = ReplicationWorld.Address(_world.Cloud), Port = ReplicationWorld.Port };
        var replicator = new Replicator(replica, network ?? _world.Tablet.Network, configure?.Invoke(options) ?? options, clock ?? _world.Tablet.Clock, _world.Simulation.Random("tablet/replicator"), processor);
        _world.Tablet.Spawn("replicator", async _ => await replicator.StartAsync());
        return replicator;
    }

    /// <summary>Keeps the work it is handed; applying changes takes <see cref="ApplyDelay"/>, given up on cancellation or not.</summary>
    private sealed class RecordingProcessor(TimeProvider time) : INodeProcessor
    {
        public List<NodeWork> Work { get; } = [];

        public TimeSpan ApplyDelay { get; set; }

        public bool HonoursCancellation { get; init; } = true;

        public async ValueTask RunAsync(NodeWork work, CancellationToken cancellationToken)
        {
            Work.Add(work);
            if (work.Kind == NodeWorkKind.ApplyChanges && ApplyDelay > TimeSpan.Zero)
            {
                await time.Delay(ApplyDelay, HonoursCancellation ? cancellationToken : CancellationToken.None);
            }
        }
    }

    /// <summary>Stalls the next catch-up once armed, and counts the rare-path marks reached.</summary>
    private sealed class StallingFaults(TimeSpan stall) : IFaultInjector
    {
        private readonly NamedFaults _marks = new();

        public bool Armed { get; set; }

        public int Stalls { get; private set; }

        public bool ShouldFire(string site)
        {
            if (!Armed || site != CatchUpStall)
            {
                return false;
            }

            Armed = false;
            Stalls++;
            return true;
        }

        public TimeSpan StallFor(string site) => stall;

        public void Reached(string mark) => _marks.Reached(mark);

        public int Count(string mark) => _marks.Count(mark);
    }

    /// <summary>The host's network, except that one connection attempt hits a bug (an exception no network throws).</summary>
    private sealed class FaultyOnce(INetwork inner, int attempt) : INetwork
    {
        public int Attempts { get; private set; }

        public ValueTask<IDatagramSocket> BindDatagramAsync(IPEndPoint local, CancellationToken cancellationToken = default) => inner.BindDatagramAsync(local, cancellationToken);

        public ValueTask<IMessageConnection> ConnectAsync(IPEndPoint remote, CancellationToken cancellationToken = default) =>
            ++Attempts == attempt ? throw new InvalidOperationException("a bug") : inner.ConnectAsync(remote, cancellationToken);

        public ValueTask<IMessageListener> ListenAsync(IPEndPoint local, CancellationToken cancellationToken = default) => inner.ListenAsync(local, cancellationToken);

        public ValueTask<IPAddress[]> ResolveAsync(string hostName, CancellationToken cancellationToken = default) => inner.ResolveAsync(hostName, cancellationToken);
    }
}
