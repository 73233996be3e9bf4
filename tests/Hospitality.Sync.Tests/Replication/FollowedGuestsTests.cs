using Hospitality.Sync.Clock;
using Hospitality.Sync.Documents;
using Hospitality.Sync.Ports;
using Hospitality.Sync.Replication;
using Hospitality.Sync.Replication.Protocol;
using Hospitality.Sync.Storage;

namespace Hospitality.Sync.Tests.Replication;

/// <summary>
/// Guest profiles follow their reservations: a whole-chain server sends a property only the guests its
/// reservations reference (or did), re-announces a guest ahead of the reservation that makes a property
/// follow it, and refuses a write into a guest by a property that does not follow it.
/// </summary>
public sealed class FollowedGuestsTests
{
    private readonly ReplicationWorld _world = new();

    [Fact]
    public void A_property_pulls_only_the_guests_its_reservations_reference()
    {
        var cloud = ReplicationWorld.NewReplica(_world.Cloud);
        cloud.Write("guests", "g1", Guest("g1"));
        cloud.Write("guests", "g2", Guest("g2"));
        cloud.Write("guests", "g3", Guest("g3"));
        cloud.Write("reservations", "r1", Reservation("r1", "g1", "p1"));
        cloud.Write("reservations", "r2", Reservation("r2", "g2", "p2"));
        _world.Serve(_world.Cloud, cloud);

        var (p1, whole) = _world.Script(_world.Tablet, async () =>
        {
            await using var scoped = await _world.Tablet.Network.ConnectAsync(ReplicationWorld.At(_world.Cloud));
            await ReplicationWorld.AskAsync(scoped, new HelloRequest(1, [], Property: "p1"));
            var p1 = (PullResponse)(await ReplicationWorld.AskAsync(scoped, new PullRequest(2, 0, 100)))!;
            await using var unscoped = await _world.Tablet.Network.ConnectAsync(ReplicationWorld.At(_world.Cloud));
            var whole = (PullResponse)(await ReplicationWorld.AskAsync(unscoped, new PullRequest(3, 0, 100)))!;
            return (p1, whole);
        });

        Assert.Equal(["g1", "r1"], p1.Documents.Select(document => document.Id).Order());
        Assert.Equal(5, whole.Documents.Count); // a client that names no property (version 1) is served the whole chain
    }

    [Fact]
    public void A_guest_a_transferred_stay_brings_to_a_property_is_re_announced_ahead_of_the_stay_to_its_pulls_and_streams()
    {
        var cloud = ReplicationWorld.NewReplica(_world.Cloud);
        cloud.Write("guests", "g1", Guest("g1"));
        cloud.Write("reservations", "r1", Reservation("r1", "g1", "p1"));
        cloud.Write("rooms", "room-1", ReplicationServerTests.Room("room-1", "clean", "p2"));
        _world.Serve(_world.Cloud, cloud);

        var (before, streamed, after) = _world.Script(_world.Tablet, async () =>
        {
            await using var puller = await _world.Tablet.Network.ConnectAsync(ReplicationWorld.At(_world.Cloud));
            await ReplicationWorld.AskAsync(puller, new HelloRequest(1, [], Property: "p2"));
            var before = (PullResponse)(await ReplicationWorld.AskAsync(puller, new PullRequest(2, 0, 100)))!;
            await using var subscriber = await _world.Tablet.Network.ConnectAsync(ReplicationWorld.At(_world.Cloud));
            await ReplicationWorld.AskAsync(subscriber, new HelloRequest(3, [], Property: "p2"));
            await ReplicationWorld.SendAsync(subscriber, new SubscribeRequest(4, before.Checkpoint));
            await _world.Tablet.Clock.Delay(TimeSpan.FromMilliseconds(50));
            cloud.Write("reservations", "r1", Reservation("r1", "g1", "p2", movedFrom: "p1"));
            var streamed = new List<Document>();
            while (streamed.Count < 2)
            {
                streamed.AddRange(((ChangeEvent)(await ReplicationWorld.ReceiveAsync(subscriber))!).Documents);
            }

            var after = (PullResponse)(await ReplicationWorld.AskAsync(puller, new PullRequest(5, before.Checkpoint, 100)))!;
            return (before, streamed, after);
        });

        Assert.Equal(["room-1"], before.Documents.Select(document => document.Id));
        Assert.Equal(["g1", "r1"], streamed.Select(document => document.Id));
        Assert.Equal(["g1", "r1"], after.Documents.Select(document => document.Id));
        Assert.Equal(cloud.Get("guests", "g1"), after.Documents[0]);
        Assert.True(cloud.Followers!.Follows("guests", "g1", "p1"), "the property the stay left keeps following its guest");
    }

    [Fact]
    public void A_write_into_a_guest_by_a_property_that_does_not_follow_it_is_refused_and_stored_nowhere()
    {
        var cloud = ReplicationWorld.NewReplica(_world.Cloud);
        var original = cloud.Write("guests", "g1", Guest("g1")).Document;
        cloud.Write("reservations", "r1", Reservation("r1", "g1", "p1"));
        var server = _world.Serve(_world.Cloud, cloud);
        var tablet = ReplicationWorld.NewReplica(_world.Tablet);

        var (foreign, own) = _world.Script(_world.Tablet, async () =>
        {
            await using var p2 = await _world.Tablet.Network.ConnectAsync(ReplicationWorld.At(_world.Cloud));
            await ReplicationWorld.AskAsync(p2, new HelloRequest(1, [], Property: "p2"));
            var edit = tablet.Write("guests", "g1", Guest("g1", "Grete")).Document;
            var foreign = (PushResponse)(await ReplicationWorld.AskAsync(p2, new PushRequest(2, [new PushRow(null, edit)])))!;
            await using var p1 = await _world.Tablet.Network.ConnectAsync(ReplicationWorld.At(_world.Cloud));
            await ReplicationWorld.AskAsync(p1, new HelloRequest(3, [], Property: "p1"));
            var own = (PushResponse)(await ReplicationWorld.AskAsync(p1, new PushRequest(4, [new PushRow(null, tablet.Write("guests", "g1", Guest("g1", "Greta")).Document)])))!;
            return (foreign, own);
        });

        var refused = Assert.Single(foreign.Refused!);
        Assert.Equal(("guests", "g1"), (refused.Collection, refused.Id));
        Assert.Contains("followed by other properties", refused.Reason, StringComparison.Ordinal);
        Assert.Null(own.Refused);
        Assert.Equal(1, server.RefusedWrites);
        Assert.Contains("Greta", cloud.Get("guests", "g1")!.BodyJson, StringComparison.Ordinal);
        Assert.NotEqual(original, cloud.Get("guests", "g1"));
    }

    [Fact]
    public void A_property_may_create_a_guest_and_edit_one_it_references_in_the_same_push()
    {
        var cloud = ReplicationWorld.NewReplica(_world.Cloud);
        cloud.Write("guests", "returning", Guest("returning"));
        var server = _world.Serve(_world.Cloud, cloud);
        var tablet = ReplicationWorld.NewReplica(_world.Tablet);

        var answer = _world.Script(_world.Tablet, async () =>
        {
            await using var connection = await _world.Tablet.Network.ConnectAsync(ReplicationWorld.At(_world.Cloud));
            await ReplicationWorld.AskAsync(connection, new HelloRequest(1, [], Property: "p1"));
            PushRow[] rows =
            [
                new(null, tablet.Write("guests", "new", Guest("new")).Document),
                new(null, tablet.Write("reservations", "r1", Reservation("r1", "new", "p1")).Document),
                new(null, tablet.Write("guests", "returning", Guest("returning", "Ines")).Document),
                new(null, tablet.Write("reservations", "r2", Reservation("r2", "returning", "p1")).Document),
            ];
            return (PushResponse)(await ReplicationWorld.AskAsync(connection, new PushRequest(2, rows)))!;
        });

        Assert.Null(answer.Refused);
        Assert.Equal(0, server.RefusedWrites);
        Assert.Contains("Ines", cloud.Get("guests", "returning")!.BodyJson, StringComparison.Ordinal);
        Assert.True(cloud.Followers!.Follows("guests", "new", "p1"));
        Assert.True(cloud.Followers.Follows("guests", "returning", "p1"));
    }

    [Fact]
    public void A_whole_chain_server_below_the_cloud_still_pushes_a_guest_it_re_announced_before_pushing_it()
    {
        // Found by hsim live: hotel-node's Greengrass serves the whole chain and pushes to the cloud; a
        // guest stored again under a new sequence had taken the place of its queued version.
        var greengrass = ReplicationWorld.NewReplica(_world.Greengrass);
        _world.Serve(_world.Greengrass, greengrass, new ReplicationServerOptions { Port = ReplicationWorld.Port, QueuePushesForUpstream = true });
        var tablet = ReplicationWorld.NewReplica(_world.Tablet);

        _world.Script(_world.Tablet, async () =>
        {
            await using var connection = await _world.Tablet.Network.ConnectAsync(ReplicationWorld.At(_world.Greengrass));
            await ReplicationWorld.AskAsync(connection, new PushRequest(1, [new PushRow(null, tablet.Write("guests", "g1", Guest("g1")).Document)]));
            return await ReplicationWorld.AskAsync(connection, new PushRequest(2, [new PushRow(null, tablet.Write("reservations", "r1", Reservation("r1", "g1", "p1")).Document)]));
        });

        Assert.True(greengrass.Followers!.Follows("guests", "g1", "p1"));
        Assert.Equal(["g1", "r1"], greengrass.TakeOutbox(10).Changes.Select(change => change.Document.Id).Order());
    }

    [Fact]
    public void A_restarted_server_reads_its_followers_back_from_the_store_with_the_properties_each_stay_left()
    {
        var store = SqliteDocumentStore.OpenInMemory();
        var before = new Replica(store, new HybridLogicalClock(_world.Cloud.Clock, "cloud"));
        before.Write("guests", "g1", Guest("g1"));
        before.Write("reservations", "r1", Reservation("r1", "g1", "p1"));
        before.Write("reservations", "r1", Reservation("r1", "g1", "p2", movedFrom: "p1"));
        before.Write("reservations", "r2", Reservation("r2", "g2", "p3"));

        var followers = new Replica(store, new HybridLogicalClock(_world.Cloud.Clock, "cloud")).FollowReferences();

        Assert.True(followers.Follows("guests", "g1", "p1"));
        Assert.True(followers.Follows("guests", "g1", "p2"));
        Assert.False(followers.Follows("guests", "g1", "p3"));
        Assert.True(followers.Follows("guests", "g2", "p3"));
        Assert.Equal(2, followers.Count);
    }

    internal static string Guest(string id, string name = "Ada Lovelace") => $$"""{"id":"{{id}}","name":"{{name}}"}""";

    internal static string Reservation(string id, string guest, string property, string? movedFrom = null) =>
        $$"""{"id":"{{id}}","guestId":"{{guest}}","checkIn":"2026-12-08T15:00:00Z","checkOut":"2026-12-10T11:00:00Z","status":"booked","adults":2,"propertyId":"{{property}}"{{(movedFrom is null ? "" : $",\"movedFrom\":\"{movedFrom}\"")}}}""";
}
