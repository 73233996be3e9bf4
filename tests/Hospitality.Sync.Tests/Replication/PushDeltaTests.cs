using Hospitality.Sync.Clock;
using Hospitality.Sync.Conflicts;
using Hospitality.Sync.Documents;
using Hospitality.Sync.Replication;
using Hospitality.Sync.Replication.Deltas;
using Hospitality.Sync.Replication.Protocol;
using Hospitality.Sync.Roles;

namespace Hospitality.Sync.Tests.Replication;

/// <summary>
/// Pushes as deltas, negotiated in the hello: a write goes up as the changed span against the version
/// the upstream holds, the upstream stores the whole version it stands for, a stale base is pushed
/// again whole in the same flush, and an upstream that does not offer it gets whole documents.
/// </summary>
public sealed class PushDeltaTests
{
    private readonly ReplicationWorld _world = new();

    [Fact]
    public void A_tablets_status_change_goes_up_as_a_delta_on_the_version_it_pulled_and_the_cloud_stores_it_whole()
    {
        var (cloud, server) = CloudWithRoom();
        var tablet = ReplicationWorld.NewReplica(_world.Tablet);
        var replicator = _world.Replicate(_world.Tablet, tablet, _world.Cloud);
        Assert.True(_world.RunUntil(() => tablet.Get("rooms", "room-1") is not null, 5));

        Write(tablet, "dirty");
        Assert.True(_world.RunUntil(() => tablet.OutboxCount == 0, 5));
        Write(tablet, "inspected");
        Assert.True(_world.RunUntil(() => tablet.OutboxCount == 0, 5));

        Assert.Equal((2, 0), (replicator.DeltasPushed, replicator.DeltasResent));
        Assert.Equal(2, server.PushedDeltasApplied);
        Assert.Equal(tablet.Get("rooms", "room-1"), cloud.Get("rooms", "room-1"));
        Assert.Contains("\"inspected\"", cloud.Get("rooms", "room-1")!.BodyJson, StringComparison.Ordinal);
    }

    [Fact]
    public void A_delta_whose_base_the_cloud_replaced_meanwhile_is_pushed_again_whole_and_last_write_wins_as_before()
    {
        var (cloud, server) = CloudWithRoom();
        var tablet = ReplicationWorld.NewReplica(_world.Tablet);
        var replicator = _world.Replicate(_world.Tablet, tablet, _world.Cloud);
        Assert.True(_world.RunUntil(() => tablet.Get("rooms", "room-1") is not null, 5));

        // Both write at the same instant: the cloud's write replaces the base before the tablet's push arrives.
        Document? cloudsWrite = null, tabletsWrite = null;
        _world.Simulation.Spawn("both-write", () =>
        {
            cloudsWrite = cloud.Write("rooms", "room-1", Body("occupied", "cloud")).Document;
            tabletsWrite = tablet.Write("rooms", "room-1", Body("dirty", "tablet")).Document;
            return Task.CompletedTask;
        });
        _world.Run(0.0001);
        Assert.True(_world.RunUntil(() => tablet.OutboxCount == 0 && tablet.Get("rooms", "room-1") == cloud.Get("rooms", "room-1"), 5));

        Assert.Equal((0, 1), (replicator.DeltasPushed, replicator.DeltasResent));
        Assert.Equal((0, 1), (server.PushedDeltasApplied, server.PushedDeltasUnapplied));
        Assert.Equal(LwwResolver.Resolve(cloudsWrite!, tabletsWrite!).Winner, cloud.Get("rooms", "room-1"));
    }

    [Fact]
    public void A_server_that_does_not_merge_pushed_deltas_gets_whole_documents()
    {
        var cloud = ReplicationWorld.NewReplica(_world.Cloud);
        _world.Simulation.Spawn("cloud-writes", () => Done(cloud.Write("rooms", "room-1", Body("clean", "cloud"))));
        var server = _world.Serve(_world.Cloud, cloud, new ReplicationServerOptions { Port = ReplicationWorld.Port, QueuePushesForUpstream = false, PushDelta = false });
        var tablet = ReplicationWorld.NewReplica(_world.Tablet);
        var replicator = _world.Replicate(_world.Tablet, tablet, _world.Cloud);
        Assert.True(_world.RunUntil(() => tablet.Get("rooms", "room-1") is not null, 5));

        Write(tablet, "dirty");
        Assert.True(_world.RunUntil(() => tablet.OutboxCount == 0, 5));

        Assert.Equal(0, replicator.DeltasPushed);
        Assert.Equal(0, server.PushedDeltasApplied + server.PushedDeltasUnapplied);
        Assert.Equal(tablet.Get("rooms", "room-1"), cloud.Get("rooms", "room-1"));
    }

    [Fact]
    public void An_older_upstream_whose_hello_answer_does_not_offer_push_deltas_is_sent_whole_rows()
    {
        var source = ReplicationWorld.NewReplica(_world.Cloud);
        var pulled = source.Write("rooms", "room-1", Body("clean", "cloud")).Document;
        var upstream = new ScriptedUpstream(_world.Cloud, request => request is PullRequest pull
            ? new PullResponse(pull.RequestId, pull.Checkpoint == 0 ? [pulled] : [], 1)
            : ReplicatorTests.Answers(request));
        var tablet = ReplicationWorld.NewReplica(_world.Tablet);
        _world.Replicate(_world.Tablet, tablet, _world.Cloud);
        Assert.True(_world.RunUntil(() => tablet.Get("rooms", "room-1") is not null, 5));

        Write(tablet, "dirty");
        Assert.True(_world.RunUntil(() => tablet.OutboxCount == 0, 5));

        Assert.True(Assert.Single(upstream.Received.OfType<HelloRequest>()).PushDelta);
        var push = Assert.Single(upstream.Received.OfType<PushRequest>());
        Assert.Null(push.Deltas);
        Assert.Equal(tablet.Get("rooms", "room-1"), Assert.Single(push.Rows).NewState);
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("p1", false)]
    public void A_push_with_a_delta_on_a_replaced_base_merges_its_other_rows_at_once_unless_a_rows_scope_may_depend_on_it(string? property, bool mergedAtOnce)
    {
        // On a property's connection to the cloud a row's scope may depend on another row (a guest is
        // accepted for the stay pushed with it), so nothing is merged until the push comes again whole.
        var (cloud, server) = CloudWithRoom();
        var replaced = cloud.Get("rooms", "room-1")! with { Stamp = new HlcTimestamp(1, 0, "somebody") };
        var next = replaced with { BodyJson = Body("dirty", "tablet"), Stamp = new HlcTimestamp(cloud.Get("rooms", "room-1")!.Stamp.WallMilliseconds + 5, 0, "tablet"), OriginNode = "tablet" };
        var newRoom = next with { Id = "room-2", BodyJson = Body("clean", "tablet").Replace("room-1", "room-2", StringComparison.Ordinal) };

        var answer = _world.Script(_world.Tablet, async () =>
        {
            await using var connection = await _world.Tablet.Network.ConnectAsync(ReplicationWorld.At(_world.Cloud));
            await ReplicationWorld.AskAsync(connection, new HelloRequest(0, [], Property: property, PushDelta: true));
            return await ReplicationWorld.AskAsync(connection, new PushRequest(1, [new PushRow(null, newRoom)], [DocumentDelta.Between(replaced, next)!]));
        });

        Assert.Equal([new UnappliedDelta("rooms", "room-1")], Assert.IsType<PushResponse>(answer).Resend!);
        Assert.Equal(mergedAtOnce ? newRoom : null, cloud.Get("rooms", "room-2"));
        Assert.Equal((0, 1), (server.PushedDeltasApplied, server.PushedDeltasUnapplied));
    }

    [Fact]
    public void Deltas_on_a_connection_whose_hello_did_not_agree_to_them_are_answered_for_resending_and_nothing_is_stored()
    {
        var (cloud, server) = CloudWithRoom();
        var held = cloud.Get("rooms", "room-1")!;
        var next = held with { BodyJson = Body("dirty", "tablet"), Stamp = new HlcTimestamp(held.Stamp.WallMilliseconds + 1, 0, "tablet"), OriginNode = "tablet" };
        var delta = DocumentDelta.Between(held, next)!;

        var answer = _world.Script(_world.Tablet, async () =>
        {
            await using var connection = await _world.Tablet.Network.ConnectAsync(ReplicationWorld.At(_world.Cloud));
            return await ReplicationWorld.AskAsync(connection, new PushRequest(1, [], [delta]));
        });

        Assert.Equal([new UnappliedDelta("rooms", "room-1")], Assert.IsType<PushResponse>(answer).Resend!);
        Assert.Equal(held, cloud.Get("rooms", "room-1"));
        Assert.Equal(1, server.PushedDeltasUnapplied);
    }

    [Fact]
    public void A_delta_of_a_version_the_cloud_already_holds_is_merged_as_that_version_without_a_resend()
    {
        // A peer's write that a tablet's outbox forwards usually reaches the cloud after the writer's own push.
        var (cloud, server) = CloudWithRoom();
        var held = cloud.Get("rooms", "room-1")!;
        var written = held with { BodyJson = Body("dirty", "tablet-2"), Stamp = new HlcTimestamp(held.Stamp.WallMilliseconds + 1, 0, "tablet-2"), OriginNode = "tablet-2" };
        _world.Simulation.Spawn("writer-pushed-first", () => Done(cloud.Merge([written])));
        _world.Run(0.001);
        var relayed = DocumentDelta.Between(held, written)!;
        var forged = relayed with { Text = relayed.Text.Replace("dirty", "clean", StringComparison.Ordinal) };

        var (answer, forgedAnswer) = _world.Script(_world.Tablet, async () =>
        {
            await using var connection = await _world.Tablet.Network.ConnectAsync(ReplicationWorld.At(_world.Cloud));
            await ReplicationWorld.AskAsync(connection, new HelloRequest(0, [], PushDelta: true));
            return (await ReplicationWorld.AskAsync(connection, new PushRequest(1, [], [relayed])), await ReplicationWorld.AskAsync(connection, new PushRequest(2, [], [forged])));
        });

        var pushed = Assert.IsType<PushResponse>(answer);
        Assert.Empty(pushed.Conflicts);
        Assert.Null(pushed.Refused);
        Assert.Null(pushed.Resend);
        Assert.Equal([new UnappliedDelta("rooms", "room-1")], Assert.IsType<PushResponse>(forgedAnswer).Resend!);
        Assert.Equal(written, cloud.Get("rooms", "room-1"));
        Assert.Equal((1, 1), (server.PushedDeltasApplied, server.PushedDeltasUnapplied));
    }

    [Fact]
    public void A_Greengrass_pushes_a_devices_delta_on_to_the_cloud_as_a_delta()
    {
        var (cloud, cloudServer) = CloudWithRoom();
        var greengrassReplica = ReplicationWorld.NewReplica(_world.Greengrass);
        var greengrass = GreengrassServer.Create(
            greengrassReplica,
            _world.Greengrass.Network,
            new GreengrassOptions { CloudHost = ReplicationWorld.Address(_world.Cloud), Port = ReplicationWorld.Port },
            _world.Greengrass.Clock,
            _world.Simulation.Random("greengrass"));
        _world.Greengrass.Spawn("greengrass", async _ => await greengrass.StartAsync());
        var tablet = ReplicationWorld.NewReplica(_world.Tablet);
        var replicator = _world.Replicate(_world.Tablet, tablet, _world.Greengrass);
        Assert.True(_world.RunUntil(() => tablet.Get("rooms", "room-1") is not null, 10));

        Write(tablet, "dirty");
        Assert.True(_world.RunUntil(() => cloud.Get("rooms", "room-1") == tablet.Get("rooms", "room-1") && greengrassReplica.OutboxCount == 0, 10));

        Assert.Equal(1, replicator.DeltasPushed);
        Assert.Equal(1, greengrass.Server.PushedDeltasApplied);
        Assert.Equal(1, greengrass.ToCloud.DeltasPushed);
        Assert.Equal(1, cloudServer.PushedDeltasApplied);
    }

    private (Replica Cloud, ReplicationServer Server) CloudWithRoom()
    {
        var cloud = ReplicationWorld.NewReplica(_world.Cloud);
        _world.Simulation.Spawn("cloud-writes", () => Done(cloud.Write("rooms", "room-1", Body("clean", "cloud"))));
        var server = _world.Serve(_world.Cloud, cloud);
        _world.Run(0.1);
        return (cloud, server);
    }

    /// <summary>The tablet writes now; the write is queued when this returns, its push on the way.</summary>
    private void Write(Replica tablet, string status)
    {
        _world.Simulation.Spawn("tablet-writes", () => Done(tablet.Write("rooms", "room-1", Body(status, "tablet"))));
        _world.Run(0.0001);
    }

    private static Task Done(object _) => Task.CompletedTask;

    private static string Body(string status, string by) =>
        $$"""{"id":"room-1","number":"101","floor":1,"type":"deluxe-king","status":"{{status}}","maxOccupancy":2,"features":["sea-view","balcony","minibar"],"updatedBy":"{{by}}"}""";
}
