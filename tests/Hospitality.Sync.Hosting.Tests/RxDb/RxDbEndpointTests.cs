using System.Net;
using System.Text.Json.Nodes;
using Hospitality.Sync.Clock;

namespace Hospitality.Sync.Hosting.Tests.RxDb;

/// <summary>The RxDB routes against a live Kestrel: pull by checkpoint, push with the conflicts array, and what our LWW rule makes of RxDB's states.</summary>
public sealed class RxDbEndpointTests
{
    [Fact]
    public async Task Pull_pages_one_collection_of_the_change_feed_and_its_checkpoint_continues_where_the_page_ended()
    {
        await using var server = await RxDbTestServer.StartAsync();
        var now = server.Time.GetUtcNow();
        server.OnLoop(replica => replica.Write("rooms", "101", RxDbTestServer.RoomBody("101", "dirty", now)));
        server.OnLoop(replica => replica.Write("guests", "g1", """{"id":"g1","name":"Ada"}"""));
        server.OnLoop(replica => replica.Write("rooms", "102", RxDbTestServer.RoomBody("102", "clean", now)));
        server.OnLoop(replica => replica.Write("rooms", "103", RxDbTestServer.RoomBody("103", "clean", now)));
        var token = server.Token();

        var (status, first) = await server.SendAsync(HttpMethod.Get, RxDbTestServer.Route("rooms", "pull") + "?checkpoint=0&limit=2", token);
        var sequence = first!["checkpoint"]!["sequence"]!.GetValue<long>();
        var (_, second) = await server.SendAsync(HttpMethod.Get, RxDbTestServer.Route("rooms", "pull") + $"?checkpoint={sequence}&limit=2", token);
        var end = second!["checkpoint"]!["sequence"]!.GetValue<long>();
        var (_, third) = await server.SendAsync(HttpMethod.Get, RxDbTestServer.Route("rooms", "pull") + $"?checkpoint={end}&limit=2", token);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["101", "102"], Ids(first));
        Assert.Equal(3, sequence);
        Assert.Equal(["103"], Ids(second));
        Assert.Empty(Ids(third));
        Assert.Equal(end, third!["checkpoint"]!["sequence"]!.GetValue<long>());
        var room = first["documents"]![0]!;
        Assert.Equal("dirty", room["status"]!.GetValue<string>());
        Assert.False(room["_deleted"]!.GetValue<bool>());
        Assert.Equal(server.OnLoop(replica => replica.Get("rooms", "101"))!.Stamp, HlcTimestamp.Parse(room["hlc"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_pushed_new_document_is_stored_as_the_token_s_device_wrote_it_at_its_updatedAt_and_answers_no_conflict()
    {
        await using var server = await RxDbTestServer.StartAsync();
        var writtenAt = server.Time.GetUtcNow().AddSeconds(-5);

        var (status, conflicts) = await server.SendAsync(HttpMethod.Post, RxDbTestServer.Route("rooms", "push"), server.Token(device: "tablet-7"), RxDbTestServer.Push(null, RxDbTestServer.Room("201", "clean", writtenAt)));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Empty(conflicts!.AsArray());
        var stored = server.OnLoop(replica => replica.Get("rooms", "201"))!;
        Assert.Equal("tablet-7", stored.OriginNode);
        Assert.Equal(new HlcTimestamp(writtenAt.ToUnixTimeMilliseconds(), 0, "tablet-7"), stored.Stamp);
        Assert.Equal("clean", JsonNode.Parse(stored.BodyJson)!["status"]!.GetValue<string>());
        Assert.Null(JsonNode.Parse(stored.BodyJson)!["hlc"]);
        Assert.Equal(1, server.OnLoop(replica => replica.Store.OutboxCount));
    }

    [Fact]
    public async Task A_push_that_follows_the_current_master_wins_even_when_the_device_s_clock_is_behind_it()
    {
        await using var server = await RxDbTestServer.StartAsync();
        var now = server.Time.GetUtcNow();
        server.OnLoop(replica => replica.Write("rooms", "101", RxDbTestServer.RoomBody("101", "dirty", now)));
        var master = await MasterAsync(server, "101");

        // The tablet's clock is an hour slow, but it read the master: its write comes after it.
        var (_, conflicts) = await server.SendAsync(HttpMethod.Post, RxDbTestServer.Route("rooms", "push"), server.Token(), RxDbTestServer.Push(master, RxDbTestServer.Room("101", "clean", now.AddHours(-1))));

        Assert.Empty(conflicts!.AsArray());
        var stored = server.OnLoop(replica => replica.Get("rooms", "101"))!;
        Assert.Equal("clean", JsonNode.Parse(stored.BodyJson)!["status"]!.GetValue<string>());
        Assert.True(stored.Stamp > HlcTimestamp.Parse(master["hlc"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_push_against_a_replaced_master_that_is_older_by_HLC_loses_and_gets_the_real_master_state_back()
    {
        await using var server = await RxDbTestServer.StartAsync();
        var now = server.Time.GetUtcNow();
        server.OnLoop(replica => replica.Write("rooms", "101", RxDbTestServer.RoomBody("101", "dirty", now)));
        var seen = await MasterAsync(server, "101");
        server.Time.Advance(TimeSpan.FromSeconds(10));
        server.OnLoop(replica => replica.Write("rooms", "101", RxDbTestServer.RoomBody("101", "inspected", server.Time.GetUtcNow())));
        var sequenceBefore = server.OnLoop(replica => replica.Store.LastSequence);

        // Written offline at now+2 s, after the tablet saw "dirty" but before the front desk's "inspected" at now+10 s.
        var (status, conflicts) = await server.SendAsync(HttpMethod.Post, RxDbTestServer.Route("rooms", "push"), server.Token(), RxDbTestServer.Push(seen, RxDbTestServer.Room("101", "clean", now.AddSeconds(2))));

        Assert.Equal(HttpStatusCode.OK, status);
        var conflict = Assert.Single(conflicts!.AsArray())!;
        Assert.Equal("inspected", conflict["status"]!.GetValue<string>());
        Assert.Equal(server.OnLoop(replica => replica.Get("rooms", "101"))!.Stamp.ToString(), conflict["hlc"]!.GetValue<string>());
        Assert.Equal(sequenceBefore, server.OnLoop(replica => replica.Store.LastSequence));
        Assert.Single(server.OnLoop(replica => replica.Store.RecentConflicts(10)));
    }

    [Fact]
    public async Task A_push_against_a_replaced_master_that_is_newer_by_HLC_wins_without_a_conflict()
    {
        await using var server = await RxDbTestServer.StartAsync();
        var now = server.Time.GetUtcNow();
        server.OnLoop(replica => replica.Write("rooms", "101", RxDbTestServer.RoomBody("101", "dirty", now)));
        var seen = await MasterAsync(server, "101");
        server.Time.Advance(TimeSpan.FromSeconds(10));
        server.OnLoop(replica => replica.Write("rooms", "101", RxDbTestServer.RoomBody("101", "inspected", server.Time.GetUtcNow())));

        var (_, conflicts) = await server.SendAsync(HttpMethod.Post, RxDbTestServer.Route("rooms", "push"), server.Token(), RxDbTestServer.Push(seen, RxDbTestServer.Room("101", "clean", now.AddSeconds(20))));

        Assert.Empty(conflicts!.AsArray());
        Assert.Equal("clean", JsonNode.Parse(server.OnLoop(replica => replica.Get("rooms", "101"))!.BodyJson)!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_retried_push_whose_first_attempt_was_stored_changes_nothing_and_answers_no_conflict()
    {
        await using var server = await RxDbTestServer.StartAsync();
        var push = RxDbTestServer.Push(null, RxDbTestServer.Room("301", "clean", server.Time.GetUtcNow()));
        await server.SendAsync(HttpMethod.Post, RxDbTestServer.Route("rooms", "push"), server.Token(), push);
        var sequence = server.OnLoop(replica => replica.Store.LastSequence);

        var (_, conflicts) = await server.SendAsync(HttpMethod.Post, RxDbTestServer.Route("rooms", "push"), server.Token(), push);

        Assert.Empty(conflicts!.AsArray());
        Assert.Equal(sequence, server.OnLoop(replica => replica.Store.LastSequence));
    }

    [Fact]
    public async Task RxDB_s_deleted_flag_is_our_tombstone_both_ways()
    {
        await using var server = await RxDbTestServer.StartAsync();
        var now = server.Time.GetUtcNow();
        server.OnLoop(replica => replica.Write("rooms", "101", RxDbTestServer.RoomBody("101", "dirty", now)));
        var master = await MasterAsync(server, "101");
        var deleted = RxDbTestServer.Room("101", "dirty", now.AddSeconds(1));
        deleted["_deleted"] = true;

        var (_, conflicts) = await server.SendAsync(HttpMethod.Post, RxDbTestServer.Route("rooms", "push"), server.Token(), RxDbTestServer.Push(master, deleted));
        var pulled = await MasterAsync(server, "101");

        Assert.Empty(conflicts!.AsArray());
        var stored = server.OnLoop(replica => replica.Get("rooms", "101"))!;
        Assert.True(stored.Deleted);
        Assert.Equal("{}", stored.BodyJson);
        Assert.True(pulled["_deleted"]!.GetValue<bool>());
        Assert.Equal("101", pulled["id"]!.GetValue<string>());
    }

    private static async Task<JsonObject> MasterAsync(RxDbTestServer server, string id)
    {
        var (_, page) = await server.SendAsync(HttpMethod.Get, RxDbTestServer.Route("rooms", "pull") + "?limit=1000", server.Token());
        return page!["documents"]!.AsArray().Last(document => document!["id"]!.GetValue<string>() == id)!.AsObject();
    }

    private static string[] Ids(JsonNode? page) => [.. page!["documents"]!.AsArray().Select(document => document!["id"]!.GetValue<string>())];
}
