using System.Runtime.CompilerServices;
using Hospitality.Sync.Access;
using Hospitality.Sync.Documents;
using Hospitality.Sync.Ports;
using Hospitality.Sync.Replication;
using Hospitality.Sync.Replication.Protocol;
using Hospitality.Sync.Scoping;
using Hospitality.Sync.Tests.Signaling;

namespace Hospitality.Sync.Tests.Replication;

/// <summary>
/// The replication server as a client on the wire sees it: each request's answer, what a scoped
/// connection may read and write, what a subscriber is streamed, and who is refused.
/// </summary>
public sealed class ReplicationServerTests
{
    private readonly ReplicationWorld _world = new();

    [Fact]
    public void A_malformed_frame_is_answered_with_an_error_and_the_connection_keeps_serving()
    {
        var cloud = ReplicationWorld.NewReplica(_world.Cloud);
        cloud.Write("rooms", "room-101", Room("room-101", "clean"));
        cloud.Write("rooms", "room-102", Room("room-102", "dirty"));
        var server = _world.Serve(_world.Cloud, cloud);

        var (error, health) = _world.Script(_world.Tablet, async () =>
        {
            await using var connection = await _world.Tablet.Network.ConnectAsync(ReplicationWorld.At(_world.Cloud));
            await connection.SendAsync(new byte[] { 0x7f, 0x01, 0x02 });
            var error = await ReplicationWorld.ReceiveAsync(connection);
            var health = await ReplicationWorld.AskAsync(connection, new HealthRequest(7));
            return (error, health);
        });

        Assert.Equal("malformed", Assert.IsType<ErrorResponse>(error).Code);
        Assert.Equal(new HealthResponse(7, "ok", 2), health);
        Assert.Equal(1, server.MalformedFrames);
        Assert.Equal(1, server.RequestsServed);
    }

    [Fact]
    public void A_message_that_is_no_request_is_answered_as_unexpected()
    {
        var server = _world.Serve(_world.Cloud, ReplicationWorld.NewReplica(_world.Cloud));

        var answer = _world.Script(_world.Tablet, async () =>
        {
            await using var connection = await _world.Tablet.Network.ConnectAsync(ReplicationWorld.At(_world.Cloud));
            return await ReplicationWorld.AskAsync(connection, new HealthResponse(3, "ok", 0));
        });

        var error = Assert.IsType<ErrorResponse>(answer);
        Assert.Equal(3, error.RequestId);
        Assert.Equal("unexpected", error.Code);
        Assert.Contains(nameof(HealthResponse), error.Message);
        Assert.Equal(1, server.RequestsServed);
    }

    [Theory]
    [InlineData(true, true, WireCompression.Brotli)]
    [InlineData(true, false, WireCompression.Deflate)]
    [InlineData(false, false, WireCompression.None)]
    public void A_hello_agrees_on_the_first_compression_in_the_servers_order_that_the_client_reads(bool deflate, bool brotli, WireCompression agreed)
    {
        // The client lists deflate first; the server prefers brotli.
        var client = new[] { (deflate, WireCompression.Deflate), (brotli, WireCompression.Brotli) }.Where(each => each.Item1).Select(each => each.Item2).ToList();
        var cloud = ReplicationWorld.NewReplica(_world.Cloud);
        for (var i = 0; i < 20; i++)
        {
            cloud.Write("rooms", $"room-{i}", Room($"room-{i}", "clean"));
        }

        _world.Serve(_world.Cloud, cloud);

        var (hello, page) = _world.Script(_world.Tablet, async () =>
        {
            await using var connection = await _world.Tablet.Network.ConnectAsync(ReplicationWorld.At(_world.Cloud));
            var hello = await ReplicationWorld.AskAsync(connection, new HelloRequest(1, client, Delta: true));
            await ReplicationWorld.SendAsync(connection, new PullRequest(2, 0, 10));
            var frame = (await connection.ReceiveAsync())!.Value;
            return (hello, (Compression: FrameCompression.IsCompressed(frame.Span) ? (WireCompression)frame.Span[1] : WireCompression.None, Message: ProtocolCodec.Decode(frame).Message));
        });

        Assert.Equal(new HelloResponse(1, agreed, null, Delta: true), hello);
        Assert.Equal(agreed, page.Compression);
        Assert.Equal(10, Assert.IsType<PullResponse>(page.Message).Documents.Count);
    }

    [Fact]
    public void A_server_without_deltas_says_so_to_a_client_asking_for_them()
    {
        _world.Serve(_world.Cloud, ReplicationWorld.NewReplica(_world.Cloud), new ReplicationServerOptions { Port = ReplicationWorld.Port, Delta = false });

        var hello = _world.Script(_world.Tablet, async () =>
        {
            await using var connection = await _world.Tablet.Network.ConnectAsync(ReplicationWorld.At(_world.Cloud));
            return await ReplicationWorld.AskAsync(connection, new HelloRequest(1, [], Delta: true));
        });

        Assert.False(Assert.IsType<HelloResponse>(hello).Delta);
    }

    [Fact]
    public void A_server_of_one_property_refuses_a_hello_for_another_property()
    {
        _world.Serve(_world.Cloud, ReplicationWorld.NewReplica(_world.Cloud), new ReplicationServerOptions { Port = ReplicationWorld.Port, Scope = ReplicaScope.OfProperty("p1") });

        var (other, own) = _world.Script(_world.Tablet, async () =>
        {
            await using var connection = await _world.Tablet.Network.ConnectAsync(ReplicationWorld.At(_world.Cloud));
            var other = await ReplicationWorld.AskAsync(connection, new HelloRequest(1, [], Property: "p2"));
            var own = await ReplicationWorld.AskAsync(connection, new HelloRequest(2, [], Property: "p1"));
            return (other, own);
        });

        var refusal = Assert.IsType<ErrorResponse>(other);
        Assert.Equal("scope", refusal.Code);
        Assert.Contains("'p1'", refusal.Message);
        Assert.Contains("'p2'", refusal.Message);
        Assert.Equal("p1", Assert.IsType<HelloResponse>(own).Property);
    }

    [Theory]
    [InlineData(2, true, 5)]
    [InlineData(25, true, 25)]
    [InlineData(25, false, null)]
    [InlineData(null, true, null)]
    public void A_server_with_a_clock_agrees_to_beacon_no_more_often_than_its_shortest_and_one_without_does_not(int? askedSeconds, bool clock, int? agreedSeconds)
    {
        _world.Serve(_world.Cloud, ReplicationWorld.NewReplica(_world.Cloud), new ReplicationServerOptions { Port = ReplicationWorld.Port, Time = clock ? _world.Cloud.Clock : null });

        var answer = _world.Script(_world.Tablet, async () =>
        {
            await using var connection = await _world.Tablet.Network.ConnectAsync(ReplicationWorld.At(_world.Cloud));
            return await ReplicationWorld.AskAsync(connection, new HelloRequest(0, [], Beacon: askedSeconds is { } asked ? TimeSpan.FromSeconds(asked) : null));
        });

        Assert.Equal(agreedSeconds is { } agreed ? TimeSpan.FromSeconds(agreed) : null, Assert.IsType<HelloResponse>(answer).Beacon);
    }

    [Fact]
    public void An_idle_stream_beacons_instead_of_being_asked_for_health_and_moves_a_scoped_client_past_other_properties_changes()
    {
        var cloud = ReplicationWorld.NewReplica(_world.Cloud);
        var server = _world.Serve(_world.Cloud, cloud, new ReplicationServerOptions { Port = ReplicationWorld.Port, QueuePushesForUpstream = false, Time = _world.Cloud.Clock });
        var tablet = ReplicationWorld.NewReplica(_world.Tablet);
        var replicator = _world.Replicate(_world.Tablet, tablet, _world.Cloud, options => options with { Property = "p1", IdleHeartbeat = TimeSpan.FromSeconds(10), HeartbeatTimeout = TimeSpan.FromSeconds(1) });
        Assert.True(_world.RunUntil(() => replicator.State == ReplicatorState.Live, 5));
        _world.Run(1);
        Assert.Equal(3, server.RequestsServed); // hello, pull, subscribe

        // Changes streamed every 3 s keep the stream from idling: no beacon while they flow.
        for (var i = 0; i < 10; i++)
        {
            cloud.Write("rooms", $"r{i}", Room($"r{i}", "clean", "p1"));
            _world.Run(3);
        }

        Assert.Equal(0, server.Beacons);
        cloud.Write("rooms", "elsewhere", Room("elsewhere", "clean", "p2"));
        _world.Run(60);

        Assert.Equal((ReplicatorState.Live, 0), (replicator.State, replicator.Failures));
        Assert.Equal(3, server.RequestsServed);
        Assert.InRange(server.Beacons, 5, 6);
        Assert.Null(tablet.Get("rooms", "elsewhere"));
        Assert.Equal(cloud.LastSequence, tablet.GetCheckpoint(_world.Cloud.Name));
    }

    [Fact]
    public void A_property_scoped_pull_reads_past_other_properties_changes_and_a_short_page_means_the_end()
    {
        var cloud = ReplicationWorld.NewReplica(_world.Cloud);
        cloud.Write("rooms", "r1", Room("r1", "clean", "p1"));
        cloud.Write("rooms", "r2", Room("r2", "clean", "p2"));
        cloud.Write("rooms", "r3", Room("r3", "clean", "p2"));
        cloud.Write("rooms", "r4", Room("r4", "clean", "p1"));
        cloud.Write("rooms", "r5", Room("r5", "clean", "p1"));
        cloud.Write("rooms", "r6", Room("r6", "clean", "p2"));
        _world.Serve(_world.Cloud, cloud);

        var pages = _world.Script(_world.Tablet, async () =>
        {
            await using var connection = await _world.Tablet.Network.ConnectAsync(ReplicationWorld.At(_world.Cloud));
            await ReplicationWorld.AskAsync(connection, new HelloRequest(1, [], Property: "p1"));
            var first = (PullResponse)(await ReplicationWorld.AskAsync(connection, new PullRequest(2, 0, 2)))!;
            var second = (PullResponse)(await ReplicationWorld.AskAsync(connection, new PullRequest(3, first.Checkpoint, 2)))!;
            var third = (PullResponse)(await ReplicationWorld.AskAsync(connection, new PullRequest(4, second.Checkpoint, 2)))!;
            return new[] { first, second, third };
        });

        Assert.Equal(["r1", "r4"], pages[0].Documents.Select(document => document.Id));
        Assert.Equal(4, pages[0].Checkpoint);
        Assert.Equal(["r5"], pages[1].Documents.Select(document => document.Id));
        Assert.Equal(6, pages[1].Checkpoint);
        Assert.Empty(pages[2].Documents);
        Assert.Equal(6, pages[2].Checkpoint);
    }

    [Fact]
    public void A_whole_chain_pull_pages_through_the_feed_in_order()
    {
        var cloud = ReplicationWorld.NewReplica(_world.Cloud);
        for (var i = 1; i <= 5; i++)
        {
            cloud.Write("rooms", $"r{i}", Room($"r{i}", "clean"));
        }

        _world.Serve(_world.Cloud, cloud);

        var pages = _world.Script(_world.Tablet, async () =>
        {
            await using var connection = await _world.Tablet.Network.ConnectAsync(ReplicationWorld.At(_world.Cloud));
            var first = (PullResponse)(await ReplicationWorld.AskAsync(connection, new PullRequest(1, 0, 3)))!;
            var second = (PullResponse)(await ReplicationWorld.AskAsync(connection, new PullRequest(2, first.Checkpoint, 3)))!;
            return (first, second);
        });

        Assert.Equal(["r1", "r2", "r3"], pages.first.Documents.Select(document => document.Id));
        Assert.Equal(3, pages.first.Checkpoint);
        Assert.Equal(["r4", "r5"], pages.second.Documents.Select(document => document.Id));
        Assert.Equal(5, pages.second.Checkpoint);
    }

    [Fact]
    public void A_pushed_row_older_than_the_servers_version_loses_and_the_winner_comes_back_as_a_conflict()
    {
        var tablet = ReplicationWorld.NewReplica(_world.Tablet);
        var older = tablet.Write("rooms", "room-101", Room("room-101", "dirty")).Document;
        _world.Run(1);
        var cloud = ReplicationWorld.NewReplica(_world.Cloud);
        var newer = cloud.Write("rooms", "room-101", Room("room-101", "clean")).Document;
        _world.Serve(_world.Cloud, cloud);

        var answer = _world.Script(_world.Tablet, async () =>
        {
            await using var connection = await _world.Tablet.Network.ConnectAsync(ReplicationWorld.At(_world.Cloud));
            var fresh = tablet.Write("rooms", "room-102", Room("room-102", "dirty")).Document;
            return await ReplicationWorld.AskAsync(connection, new PushRequest(5, [new PushRow(null, older), new PushRow(null, fresh)]));
        });

        var push = Assert.IsType<PushResponse>(answer);
        Assert.Equal(5, push.RequestId);
        Assert.Equal(newer, Assert.Single(push.Conflicts));
        Assert.Null(push.Refused);
        Assert.Equal("clean", Status(cloud.Get("rooms", "room-101")!));
        Assert.NotNull(cloud.Get("rooms", "room-102"));
    }

    [Fact]
    public void A_scoped_client_pushing_into_another_propertys_document_is_refused_and_nothing_of_it_is_stored()
    {
        var cloud = ReplicationWorld.NewReplica(_world.Cloud);
        var server = _world.Serve(_world.Cloud, cloud);
        var tablet = ReplicationWorld.NewReplica(_world.Tablet);

        var answer = _world.Script(_world.Tablet, async () =>
        {
            await using var connection = await _world.Tablet.Network.ConnectAsync(ReplicationWorld.At(_world.Cloud));
            await ReplicationWorld.AskAsync(connection, new HelloRequest(1, [], Property: "p1"));
            var own = tablet.Write("rooms", "r1", Room("r1", "clean", "p1")).Document;
            var foreign = tablet.Write("rooms", "r2", Room("r2", "clean", "p2")).Document;
            return await ReplicationWorld.AskAsync(connection, new PushRequest(2, [new PushRow(null, own), new PushRow(null, foreign)]));
        });

        var refused = Assert.Single(Assert.IsType<PushResponse>(answer).Refused!);
        Assert.Equal(("rooms", "r2"), (refused.Collection, refused.Id));
        Assert.Contains("'p2'", refused.Reason);
        Assert.Equal(1, server.RefusedWrites);
        Assert.NotNull(cloud.Get("rooms", "r1"));
        Assert.Null(cloud.Get("rooms", "r2"));
    }

    [Fact]
    public void A_subscriber_is_streamed_everyone_elses_changes_but_not_its_own_pushes()
    {
        var cloud = ReplicationWorld.NewReplica(_world.Cloud);
        _world.Serve(_world.Cloud, cloud);
        var tablet = ReplicationWorld.NewReplica(_world.Tablet);

        var streamed = _world.Script(_world.Tablet, async () =>
        {
            await using var connection = await _world.Tablet.Network.ConnectAsync(ReplicationWorld.At(_world.Cloud));
            await ReplicationWorld.SendAsync(connection, new SubscribeRequest(9, 0));
            var own = tablet.Write("rooms", "mine", Room("mine", "clean")).Document;
            var push = await ReplicationWorld.AskAsync(connection, new PushRequest(10, [new PushRow(null, own)]));
            Assert.IsType<PushResponse>(push);
            await _world.Cloud.Clock.Delay(TimeSpan.FromMilliseconds(100));
            cloud.Write("rooms", "theirs", Room("theirs", "dirty"));
            return await ReplicationWorld.ReceiveAsync(connection);
        });

        var change = Assert.IsType<ChangeEvent>(streamed);
        Assert.Equal(9, change.RequestId);
        Assert.Equal("theirs", Assert.Single(change.Documents).Id);
        Assert.Equal(2, change.Checkpoint);
    }

    [Fact]
    public void A_property_scoped_subscriber_is_streamed_a_transfer_away_as_a_tombstone_and_nothing_of_other_properties()
    {
        var cloud = ReplicationWorld.NewReplica(_world.Cloud);
        _world.Serve(_world.Cloud, cloud);

        var streamed = _world.Script(_world.Tablet, async () =>
        {
            await using var connection = await _world.Tablet.Network.ConnectAsync(ReplicationWorld.At(_world.Cloud));
            await ReplicationWorld.AskAsync(connection, new HelloRequest(1, [], Property: "p1"));
            await ReplicationWorld.SendAsync(connection, new SubscribeRequest(2, 0));
            await _world.Tablet.Clock.Delay(TimeSpan.FromMilliseconds(50));
            cloud.Write("rooms", "r2", Room("r2", "clean", "p2"));
            cloud.Write("rooms", "r1", Room("r1", "clean", "p2", movedFrom: "p1"));
            cloud.Write("rooms", "r3", Room("r3", "clean", "p1"));
            var events = new List<ChangeEvent>();
            while (events.Sum(each => each.Documents.Count) < 2)
            {
                events.Add((ChangeEvent)(await ReplicationWorld.ReceiveAsync(connection))!);
            }

            return events;
        });

        var documents = streamed.SelectMany(change => change.Documents).ToList();
        Assert.Equal(["r1", "r3"], documents.Select(document => document.Id));
        Assert.True(documents[0].Deleted);
        Assert.Equal("{}", documents[0].BodyJson);
        Assert.False(documents[1].Deleted);
        Assert.Equal(3, streamed[^1].Checkpoint);
    }

    [Theory]
    [InlineData("p3", "p2")] // moved on to a third property
    [InlineData("p2", null)] // edited at its new property by a writer that dropped movedFrom
    public void A_property_client_away_while_its_document_moved_on_pulls_a_tombstone_of_the_latest_version(string finalProperty, string? finalMovedFrom)
    {
        var cloud = ReplicationWorld.NewReplica(_world.Cloud);
        cloud.Write("rooms", "r1", Room("r1", "clean", "p1"));
        _world.Serve(_world.Cloud, cloud);

        var (before, after) = _world.Script(_world.Tablet, async () =>
        {
            await using var connection = await _world.Tablet.Network.ConnectAsync(ReplicationWorld.At(_world.Cloud));
            await ReplicationWorld.AskAsync(connection, new HelloRequest(1, [], Property: "p1"));
            var before = (PullResponse)(await ReplicationWorld.AskAsync(connection, new PullRequest(2, 0, 10)))!;
            cloud.Write("rooms", "r1", Room("r1", "clean", "p2", movedFrom: "p1"));
            cloud.Write("rooms", "r1", Room("r1", "dirty", finalProperty, finalMovedFrom));
            var after = (PullResponse)(await ReplicationWorld.AskAsync(connection, new PullRequest(3, before.Checkpoint, 10)))!;
            return (before, after);
        });

        Assert.False(Assert.Single(before.Documents).Deleted);
        var latest = cloud.Get("rooms", "r1")!;
        Assert.Equal(latest with { BodyJson = "{}", Deleted = true }, Assert.Single(after.Documents));
        Assert.Equal(3, after.Checkpoint);
    }

    [Fact]
    public void A_property_subscriber_resuming_after_its_document_moved_twice_is_streamed_a_tombstone_and_other_properties_hear_nothing_of_it()
    {
        var cloud = ReplicationWorld.NewReplica(_world.Cloud);
        cloud.Write("rooms", "r1", Room("r1", "clean", "p1"));
        cloud.Write("rooms", "r1", Room("r1", "clean", "p2", movedFrom: "p1"));
        cloud.Write("rooms", "r1", Room("r1", "clean", "p3", movedFrom: "p2"));
        cloud.Write("rooms", "r2", Room("r2", "clean", "p4"));
        cloud.Write("rooms", "r3", Room("r3", "clean", "p1"));
        _world.Serve(_world.Cloud, cloud);

        ChangeEvent Streamed(string property) => _world.Script(_world.Tablet, async () =>
        {
            await using var connection = await _world.Tablet.Network.ConnectAsync(ReplicationWorld.At(_world.Cloud));
            await ReplicationWorld.AskAsync(connection, new HelloRequest(1, [], Property: property));
            await ReplicationWorld.SendAsync(connection, new SubscribeRequest(2, 1));
            return (ChangeEvent)(await ReplicationWorld.ReceiveAsync(connection))!;
        });

        Assert.Equal([("r1", true), ("r3", false)], Streamed("p1").Documents.Select(document => (document.Id, document.Deleted)));
        Assert.Equal([("r1", true)], Streamed("p2").Documents.Select(document => (document.Id, document.Deleted)));
        Assert.Equal([("r2", false)], Streamed("p4").Documents.Select(document => (document.Id, document.Deleted)));
    }

    [Fact]
    public void With_access_checked_a_request_before_a_hello_with_a_token_is_answered_once_and_the_connection_closed()
    {
        var server = _world.Serve(_world.Cloud, ReplicationWorld.NewReplica(_world.Cloud), new ReplicationServerOptions { Port = ReplicationWorld.Port, Access = new PropertyAccess(new TestTokens(), "p1") });

        var (answer, next) = _world.Script(_world.Tablet, async () =>
        {
            await using var connection = await _world.Tablet.Network.ConnectAsync(ReplicationWorld.At(_world.Cloud));
            var answer = await ReplicationWorld.AskAsync(connection, new PullRequest(4, 0, 10));
            var next = await ReplicationWorld.ReceiveAsync(connection);
            return (answer, next);
        });

        var refusal = Assert.IsType<ErrorResponse>(answer);
        Assert.Equal(4, refusal.RequestId);
        Assert.Equal("unauthorized", refusal.Code);
        Assert.Contains("PullRequest before a hello", refusal.Message);
        Assert.Null(next);
        Assert.Equal(1, server.RefusedConnections);
        Assert.True(_world.RunUntil(() => server.ConnectionCount == 0, 5));
    }

    [Fact]
    public void With_access_checked_a_hello_with_a_token_of_the_property_is_served()
    {
        var cloud = ReplicationWorld.NewReplica(_world.Cloud);
        cloud.Write("rooms", "r1", Room("r1", "clean", "p1"));
        var server = _world.Serve(_world.Cloud, cloud, new ReplicationServerOptions { Port = ReplicationWorld.Port, Access = new PropertyAccess(new TestTokens(), "p1") });

        var page = _world.Script(_world.Tablet, async () =>
        {
            await using var connection = await _world.Tablet.Network.ConnectAsync(ReplicationWorld.At(_world.Cloud));
            await ReplicationWorld.AskAsync(connection, new HelloRequest(1, [], AccessToken: TestTokens.For("p1", "tablet"), Property: "p1"));
            return await ReplicationWorld.AskAsync(connection, new PullRequest(2, 0, 10));
        });

        Assert.Equal("r1", Assert.Single(Assert.IsType<PullResponse>(page).Documents).Id);
        Assert.Equal(0, server.RefusedConnections);
    }

    [Fact]
    public void An_admitted_connection_is_told_and_cut_when_its_token_expires()
    {
        var expiresAt = _world.Cloud.Clock.GetUtcNow() + TimeSpan.FromSeconds(10);
        var access = new PropertyAccess(new ExpiringTokens(expiresAt), "p1");
        var server = _world.Serve(_world.Cloud, ReplicationWorld.NewReplica(_world.Cloud), new ReplicationServerOptions { Port = ReplicationWorld.Port, Access = access, Time = _world.Cloud.Clock });

        var (told, at, after) = _world.Script(_world.Tablet, async () =>
        {
            await using var connection = await _world.Tablet.Network.ConnectAsync(ReplicationWorld.At(_world.Cloud));
            await ReplicationWorld.AskAsync(connection, new HelloRequest(1, [], AccessToken: "any"));
            var told = await ReplicationWorld.ReceiveAsync(connection);
            var at = _world.Cloud.Clock.GetUtcNow();
            var after = await ReplicationWorld.ReceiveAsync(connection);
            return (told, at, after);
        });

        var expiry = Assert.IsType<ErrorResponse>(told);
        Assert.Equal("unauthorized", expiry.Code);
        Assert.Contains("expired", expiry.Message);
        Assert.InRange(at - expiresAt, TimeSpan.Zero, TimeSpan.FromMilliseconds(50));
        Assert.Null(after);
        Assert.Equal(1, server.ExpiredConnections);
    }

    [Fact]
    public void A_second_subscription_on_one_connection_is_answered_as_unexpected_and_the_first_keeps_streaming()
    {
        var cloud = ReplicationWorld.NewReplica(_world.Cloud);
        _world.Serve(_world.Cloud, cloud);

        var (second, streamed) = _world.Script(_world.Tablet, async () =>
        {
            await using var connection = await _world.Tablet.Network.ConnectAsync(ReplicationWorld.At(_world.Cloud));
            await ReplicationWorld.SendAsync(connection, new SubscribeRequest(1, 0));
            var second = await ReplicationWorld.AskAsync(connection, new SubscribeRequest(2, 0));
            cloud.Write("rooms", "r1", Room("r1", "clean"));
            return (second, await ReplicationWorld.ReceiveAsync(connection));
        });

        var error = Assert.IsType<ErrorResponse>(second);
        Assert.Equal((2L, "unexpected"), (error.RequestId, error.Code));
        Assert.Equal(1, Assert.IsType<ChangeEvent>(streamed).RequestId);
    }

    [Fact]
    public void Stopping_the_server_ends_its_connections()
    {
        var server = _world.Serve(_world.Cloud, ReplicationWorld.NewReplica(_world.Cloud));
        var connected = false;
        var ended = false;
        _world.Tablet.Spawn("client", async _ =>
        {
            await using var connection = await _world.Tablet.Network.ConnectAsync(ReplicationWorld.At(_world.Cloud));
            connected = true;
            try
            {
                await connection.ReceiveAsync();
            }
            catch (NetworkConnectionException)
            {
            }

            ended = true;
        });
        Assert.True(_world.RunUntil(() => connected && server.ConnectionCount == 1, 5));

        _world.Cloud.Spawn("stop", async _ => await server.StopAsync());

        Assert.True(_world.RunUntil(() => ended && server.ConnectionCount == 0, 5));
    }

    [Fact]
    public void Each_request_is_metered_by_its_kind_and_size_before_it_is_answered()
    {
        var cloud = ReplicationWorld.NewReplica(_world.Cloud);
        for (var i = 0; i < 5; i++)
        {
            cloud.Write("rooms", $"r{i}", Room($"r{i}", "clean"));
        }

        var processor = new RecordingProcessor();
        var server = new ReplicationServer(cloud, _world.Cloud.Network, new ReplicationServerOptions { Port = ReplicationWorld.Port, QueuePushesForUpstream = false }, processor);
        _world.Cloud.Spawn("replication-server", async _ => await server.StartAsync());
        var tablet = ReplicationWorld.NewReplica(_world.Tablet);

        _world.Script(_world.Tablet, async () =>
        {
            await using var connection = await _world.Tablet.Network.ConnectAsync(ReplicationWorld.At(_world.Cloud));
            await ReplicationWorld.AskAsync(connection, new PullRequest(1, 1, 3));
            var rows = new[] { "a", "b" }.Select(id => new PushRow(null, tablet.Write("rooms", id, Room(id, "dirty")).Document)).ToList();
            await ReplicationWorld.AskAsync(connection, new PushRequest(2, rows));
            await ReplicationWorld.AskAsync(connection, new HealthRequest(3));
            return true;
        });

        Assert.Equal([(NodeWorkKind.PullPage, 3), (NodeWorkKind.PushBatch, 2), (NodeWorkKind.Health, 0)], processor.Work.Select(work => (work.Kind, work.Documents)));
        Assert.All(processor.Work, work => Assert.Equal(_world.Tablet.Address, work.Peer.Address));
    }

    [Fact]
    public void A_stopped_server_cuts_a_connection_still_being_served_and_its_port_refuses_new_ones()
    {
        // The request's work never finishes, so only the stop's cut ends the connection.
        var server = new ReplicationServer(ReplicationWorld.NewReplica(_world.Cloud), _world.Cloud.Network, new ReplicationServerOptions { Port = ReplicationWorld.Port }, new StuckProcessor());
        _world.Cloud.Spawn("replication-server", async _ => await server.StartAsync());
        var stopped = false;

        var (reset, refused) = _world.Script(_world.Tablet, async () =>
        {
            var connection = await _world.Tablet.Network.ConnectAsync(ReplicationWorld.At(_world.Cloud));
            await ReplicationWorld.SendAsync(connection, new HealthRequest(1));
            await _world.Tablet.Clock.Delay(TimeSpan.FromMilliseconds(50));
            _ = _world.Cloud.Spawn("stop", async _ =>
            {
                await server.StopAsync();
                stopped = true;
            });
            var reset = await Record.ExceptionAsync(async () => await connection.ReceiveAsync());
            while (!stopped)
            {
                await _world.Tablet.Clock.Delay(TimeSpan.FromMilliseconds(10));
            }

            var refused = await Record.ExceptionAsync(async () => await (await _world.Tablet.Network.ConnectAsync(ReplicationWorld.At(_world.Cloud))).DisposeAsync());
            return (reset, refused);
        });

        Assert.IsType<NetworkConnectionException>(reset);
        Assert.IsType<NetworkConnectionException>(refused);
    }

    [Fact]
    public void A_stopped_server_is_no_longer_held_by_the_replica_it_served()
    {
        var cloud = ReplicationWorld.NewReplica(_world.Cloud);
        var server = StartedAndStopped(cloud);

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.False(server.IsAlive);
        GC.KeepAlive(cloud);
    }

    [Fact]
    public void A_subscriber_that_leaves_before_its_token_expires_ends_its_stream_and_its_expiry_wait()
    {
        var expiresAt = _world.Cloud.Clock.GetUtcNow() + TimeSpan.FromSeconds(10);
        var server = _world.Serve(_world.Cloud, ReplicationWorld.NewReplica(_world.Cloud), new ReplicationServerOptions { Port = ReplicationWorld.Port, Access = new PropertyAccess(new ExpiringTokens(expiresAt), "p1"), Time = _world.Cloud.Clock });

        _world.Script(_world.Tablet, async () =>
        {
            await using var connection = await _world.Tablet.Network.ConnectAsync(ReplicationWorld.At(_world.Cloud));
            await ReplicationWorld.AskAsync(connection, new HelloRequest(1, [], AccessToken: "any"));
            await ReplicationWorld.SendAsync(connection, new SubscribeRequest(2, 0));
            await _world.Tablet.Clock.Delay(TimeSpan.FromSeconds(1));
            return true;
        });
        _world.Run(20);

        Assert.Equal(0, server.ConnectionCount);
        Assert.Equal(0, server.ExpiredConnections);
    }

    [Fact]
    public void A_token_that_outlives_the_longest_timer_is_waited_for_in_steps_and_still_cut_on_time()
    {
        var clock = new RecordingTime(_world.Cloud.Clock);
        var expiresAt = clock.GetUtcNow() + TimeSpan.FromDays(60);
        var server = _world.Serve(_world.Cloud, ReplicationWorld.NewReplica(_world.Cloud), new ReplicationServerOptions { Port = ReplicationWorld.Port, Access = new PropertyAccess(new ExpiringTokens(expiresAt), "p1"), Time = clock });

        var (told, at) = _world.Script(_world.Tablet, async () =>
        {
            var connection = await _world.Tablet.Network.ConnectAsync(ReplicationWorld.At(_world.Cloud));
            await ReplicationWorld.AskAsync(connection, new HelloRequest(1, [], AccessToken: "any"));
            var told = await ReplicationWorld.ReceiveAsync(connection);
            return (told, _world.Cloud.Clock.GetUtcNow());
        }, seconds: TimeSpan.FromDays(61).TotalSeconds);

        Assert.Equal("unauthorized", Assert.IsType<ErrorResponse>(told).Code);
        Assert.InRange(at - expiresAt, TimeSpan.Zero, TimeSpan.FromMilliseconds(50));
        Assert.Equal(1, server.ExpiredConnections);
    }

    [Fact]
    public void A_client_that_keeps_its_side_open_after_its_token_expired_is_cut_after_a_grace_second()
    {
        var expiresAt = _world.Cloud.Clock.GetUtcNow() + TimeSpan.FromSeconds(5);
        var server = _world.Serve(_world.Cloud, ReplicationWorld.NewReplica(_world.Cloud), new ReplicationServerOptions { Port = ReplicationWorld.Port, Access = new PropertyAccess(new ExpiringTokens(expiresAt), "p1"), Time = _world.Cloud.Clock });

        var (told, closed) = _world.Script(_world.Tablet, async () =>
        {
            var connection = await _world.Tablet.Network.ConnectAsync(ReplicationWorld.At(_world.Cloud));
            await ReplicationWorld.AskAsync(connection, new HelloRequest(1, [], AccessToken: "any"));
            var told = await ReplicationWorld.ReceiveAsync(connection);
            return (told, await ReplicationWorld.ReceiveAsync(connection)); // the server closed its side; this one stays open
        });

        Assert.IsType<ErrorResponse>(told);
        Assert.Null(closed);
        _world.Run(0.5);
        Assert.Equal(1, server.ConnectionCount);
        _world.Run(1);
        Assert.Equal(0, server.ConnectionCount);
    }

    [Fact]
    public void Every_refused_row_of_a_push_is_listed_in_its_answer()
    {
        var cloud = ReplicationWorld.NewReplica(_world.Cloud);
        var server = _world.Serve(_world.Cloud, cloud);
        var tablet = ReplicationWorld.NewReplica(_world.Tablet);

        var answer = _world.Script(_world.Tablet, async () =>
        {
            await using var connection = await _world.Tablet.Network.ConnectAsync(ReplicationWorld.At(_world.Cloud));
            await ReplicationWorld.AskAsync(connection, new HelloRequest(1, [], Property: "p1"));
            var rows = new[] { ("r1", "p2"), ("r2", "p1"), ("r3", "p2") }.Select(each => new PushRow(null, tablet.Write("rooms", each.Item1, Room(each.Item1, "clean", each.Item2)).Document)).ToList();
            return await ReplicationWorld.AskAsync(connection, new PushRequest(2, rows));
        });

        Assert.Equal(["r1", "r3"], Assert.IsType<PushResponse>(answer).Refused!.Select(refused => refused.Id));
        Assert.Equal(2, server.RefusedWrites);
        Assert.NotNull(cloud.Get("rooms", "r2"));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private WeakReference StartedAndStopped(Replica replica)
    {
        var server = new ReplicationServer(replica, _world.Cloud.Network, new ReplicationServerOptions { Port = ReplicationWorld.Port });
        var stopped = false;
        _world.Cloud.Spawn("serve-and-stop", async _ =>
        {
            await server.StartAsync();
            await server.StopAsync();
            stopped = true;
        });
        Assert.True(_world.RunUntil(() => stopped, 1));
        return new WeakReference(server);
    }

    private sealed class StuckProcessor : INodeProcessor
    {
        public ValueTask RunAsync(NodeWork work, CancellationToken cancellationToken) => new(new TaskCompletionSource().Task);
    }

    private sealed class RecordingProcessor : INodeProcessor
    {
        public List<NodeWork> Work { get; } = [];

        public ValueTask RunAsync(NodeWork work, CancellationToken cancellationToken)
        {
            Work.Add(work);
            return ValueTask.CompletedTask;
        }
    }

    private static string Status(Document document) => document.BodyJson.Contains("\"clean\"", StringComparison.Ordinal) ? "clean" : "other";

    internal static string Room(string id, string status, string? property = null, string? movedFrom = null) =>
        $$"""{"id":"{{id}}","number":"101","floor":1,"type":"deluxe","status":"{{status}}"{{(property is null ? "" : $",\"propertyId\":\"{property}\"")}}{{(movedFrom is null ? "" : $",\"movedFrom\":\"{movedFrom}\"")}}}""";

    private sealed class ExpiringTokens(DateTimeOffset expiresAt) : IAccessTokenVerifier
    {
        public AccessDecision Verify(string? token) => AccessDecision.Allow(new AccessGrant("p1", "tablet", AccessRole.Device, expiresAt));
    }
}
