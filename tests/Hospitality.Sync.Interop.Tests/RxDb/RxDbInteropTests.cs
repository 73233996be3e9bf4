using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hospitality.Sync.Access;
using Hospitality.Sync.Clock;
using Hospitality.Sync.Documents;
using Hospitality.Sync.Hosting.Access;
using Hospitality.Sync.Hosting.Network;
using Hospitality.Sync.Hosting.Randomness;
using Hospitality.Sync.Hosting.Replicas;
using Hospitality.Sync.Hosting.RxDb;
using Hospitality.Sync.Replication;
using Hospitality.Sync.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Hospitality.Sync.Interop.Tests.RxDb;

/// <summary>
/// Node with rxdb (17.6.0, memory storage) replicating the rooms collection against our Greengrass's
/// RxDB endpoints on a real Kestrel: the initial pull, a push, the live stream, a conflict decided by
/// our LWW rule, and at the end the same rooms our own client pulls over the framed protocol.
/// </summary>
public sealed class RxDbInteropTests(ITestOutputHelper output) : IClassFixture<NodeMissingNotice>
{
    private const string Property = "hotel-a";

    [SkippableFact]
    public async Task An_RxDB_client_pulls_pushes_streams_and_takes_the_LWW_winner_of_a_conflict_and_ends_where_our_own_client_ends()
    {
        NodeRuntime.SkipTestIfMissing();
        var tokens = new AccessTokens(RandomNumberGenerator.GetBytes(AccessTokens.KeyMinBytes));
        using var greengrass = await ReplicaLoop.StartAsync("greengrass-a", () => new Replica(SqliteDocumentStore.OpenInMemory(), new HybridLogicalClock(TimeProvider.System, "greengrass-a")));
        var access = new PropertyAccess(tokens, Property);
        foreach (var room in new[] { "101", "102", "103", "104", "105" })
        {
            await WriteAsync(greengrass, room, "dirty");
        }

        await using var app = await StartAsync(greengrass, access);
        var baseUrl = $"{app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()}/api/replication/{Property}";
        await using var client = RxDbClientProcess.Start(baseUrl, Token(tokens, "tablet-rx"));

        // Initial pull: five rooms in batches of two, each with its master's stamp.
        var synced = await client.NextAsync("synced");
        output.WriteLine($"initial sync: {synced.GetProperty("pulls").GetInt32()} pulls");
        var pulledRooms = synced.GetProperty("rooms").EnumerateArray().ToList();
        Assert.Equal(["101", "102", "103", "104", "105"], pulledRooms.Select(room => room.GetProperty("id").GetString()));
        Assert.True(synced.GetProperty("pulls").GetInt32() >= 3);
        Assert.Equal((await GetAsync(greengrass, "101")).Stamp.ToString(), pulledRooms[0].GetProperty("hlc").GetString());

        // Push: the tablet cleans 101; the Greengrass stores it as the tablet's write.
        client.Send(new { kind = "upsert", room = Room(pulledRooms[0], "clean", DateTimeOffset.UtcNow) });
        await client.NextAsync("upserted");
        var pushed = await GetAsync(greengrass, "101");
        Assert.Equal("clean", Status(pushed.BodyJson));
        Assert.Equal("tablet-rx", pushed.OriginNode);

        // Live stream: the front desk's write on the Greengrass reaches the tablet without a pull.
        var pullsBefore = (await SeenAsync(client, "101", "clean")).GetProperty("pulls").GetInt32();
        await WriteAsync(greengrass, "102", "occupied");
        var streamed = await SeenAsync(client, "102", "occupied");
        Assert.True(streamed.GetProperty("streamEvents").GetInt32() >= 2);
        Assert.Equal(pullsBefore, streamed.GetProperty("pulls").GetInt32());
        output.WriteLine($"live: pulls {pullsBefore} -> {streamed.GetProperty("pulls").GetInt32()}, {streamed.GetProperty("streamEvents").GetInt32()} stream events");

        // Conflict: offline, the tablet marks 103 clean; later the supervisor inspects it on the
        // Greengrass. The inspection is the later write by HLC, so it wins and comes back as a conflict.
        client.Send(new { kind = "pause" });
        await client.NextAsync("paused");
        client.Send(new { kind = "write-offline", room = Room(pulledRooms[2], "clean", DateTimeOffset.UtcNow.AddSeconds(-30)) });
        await client.NextAsync("written");
        await WriteAsync(greengrass, "103", "inspected");
        client.Send(new { kind = "resume" });
        await client.NextAsync("resumed");
        var resolved = await SeenAsync(client, "103", "inspected");
        Assert.True(resolved.GetProperty("conflicts").GetInt32() >= 1);
        Assert.Equal("inspected", Status((await GetAsync(greengrass, "103")).BodyJson));
        Assert.Contains(await greengrass.RunAsync(replica => replica.Store.RecentConflicts(10), CancellationToken.None), conflict => conflict.Id == "103" && conflict.LoserStamp.NodeId == "tablet-rx");

        // Our own client pulls the same Greengrass over the framed protocol: the same rooms, bodies and stamps.
        client.Send(new { kind = "dump" });
        var rxdbRooms = (await client.NextAsync("dump")).GetProperty("rooms").EnumerateArray().ToList();
        var ours = await OurClientAsync(greengrass, access, Token(tokens, "tablet-ours"));
        Assert.Equal(5, rxdbRooms.Count);
        foreach (var rxdbRoom in rxdbRooms)
        {
            var document = ours[rxdbRoom.GetProperty("id").GetString()!];
            Assert.Equal(document.Stamp.ToString(), rxdbRoom.GetProperty("hlc").GetString());
            var body = JsonNode.Parse(rxdbRoom.GetRawText())!.AsObject();
            body.Remove("hlc");
            body.Remove("_deleted");
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(document.BodyJson), body), $"{document.Id}: ours {document.BodyJson}, RxDB's {body.ToJsonString()}");
        }
    }

    private static async Task<WebApplication> StartAsync(ReplicaLoop greengrass, PropertyAccess access)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var property = new RxDbProperty(greengrass, access);
        app.MapRxDbReplication("/api/replication", new RxDbReplicationOptions { FindProperty = name => name == Property ? property : null });
        await app.StartAsync();
        return app;
    }

    /// <summary>
    /// Our client: a replica that pulls the Greengrass over the framed protocol, with its own token, until it has
    /// the Greengrass's last change; its rooms by id. The server runs on the Greengrass's loop, the client on its own.
    /// </summary>
    private static async Task<Dictionary<string, Document>> OurClientAsync(ReplicaLoop greengrass, PropertyAccess access, string token)
    {
        var port = FreePort();
        var server = await greengrass.Loop.InvokeAsync(async () =>
        {
            var started = new ReplicationServer(greengrass.Replica, OsNetwork.Instance, new ReplicationServerOptions { Port = port, Access = access });
            await started.StartAsync();
            return started;
        });
        using var ours = await ReplicaLoop.StartAsync("tablet-ours", () => new Replica(SqliteDocumentStore.OpenInMemory(), new HybridLogicalClock(TimeProvider.System, "tablet-ours")));
        var options = new ReplicatorOptions { Upstream = "greengrass", Host = "127.0.0.1", Port = port, AccessToken = token };
        var replicator = await ours.Loop.InvokeAsync(async () =>
        {
            var started = new Replicator(ours.Replica, OsNetwork.Instance, options, TimeProvider.System, CryptoRandomSource.Instance);
            await started.StartAsync();
            return started;
        });
        try
        {
            var last = await greengrass.RunAsync(replica => replica.Store.LastSequence, CancellationToken.None);
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (await ours.RunAsync(replica => replica.Store.GetCheckpoint("greengrass"), CancellationToken.None) < last && DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }

            Assert.Equal(last, await ours.RunAsync(replica => replica.Store.GetCheckpoint("greengrass"), CancellationToken.None));
            return await ours.RunAsync(replica => replica.Store.ChangesSince(0, 100).Changes.Select(change => change.Document).Where(document => document.Collection == "rooms").ToDictionary(document => document.Id), CancellationToken.None);
        }
        finally
        {
            await ours.Loop.InvokeAsync(async () => await replicator.DisposeAsync());
            await greengrass.Loop.InvokeAsync(async () => await server.DisposeAsync());
        }
    }

    private static Task<Document> GetAsync(ReplicaLoop greengrass, string room) =>
        greengrass.RunAsync(replica => replica.Get("rooms", room)!, CancellationToken.None);

    private static Task<JsonElement> SeenAsync(RxDbClientProcess client, string id, string status)
    {
        client.Send(new { kind = "until", id, field = "status", value = status });
        return client.NextAsync("seen");
    }

    private static Task WriteAsync(ReplicaLoop greengrass, string room, string status) =>
        greengrass.RunAsync(replica => replica.Write("rooms", room, RoomBody(room, status, DateTimeOffset.UtcNow)), CancellationToken.None);

    private static string RoomBody(string id, string status, DateTimeOffset updatedAt) =>
        new JsonObject { ["id"] = id, ["number"] = id, ["floor"] = 1, ["type"] = "double", ["status"] = status, ["updatedAt"] = updatedAt.ToString("O") }.ToJsonString();

    /// <summary>The room as RxDB holds it (its <c>hlc</c> included, as a client keeps it), with a new status written at <paramref name="at"/>.</summary>
    private static JsonObject Room(JsonElement pulled, string status, DateTimeOffset at)
    {
        var room = JsonNode.Parse(pulled.GetRawText())!.AsObject();
        room["status"] = status;
        room["updatedAt"] = at.ToString("O");
        return room;
    }

    private static string Status(string bodyJson) => JsonNode.Parse(bodyJson)!["status"]!.GetValue<string>();

    private static string Token(AccessTokens tokens, string device) =>
        tokens.Issue(new AccessGrant(Property, device, AccessRole.Device, DateTimeOffset.UtcNow.AddHours(1)));

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
