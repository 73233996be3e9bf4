using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Hospitality.Sync.Access;
using Hospitality.Sync.Hosting.Access;
using Hospitality.Sync.Node;

namespace Hospitality.Sync.Interop.Tests.RxDb;

/// <summary>
/// rxdb (17.6.0, memory storage) against hotel-node itself, a Greengrass run exactly as its Main runs
/// it with a signing key: the client's token admits it, it pulls what the Greengrass holds, and its
/// push is stored as its device's write.
/// </summary>
public sealed class RxDbAgainstHotelNodeTests : IClassFixture<NodeMissingNotice>
{
    private const string Property = "hotel-a";

    [SkippableFact]
    public async Task An_RxDB_client_with_a_token_syncs_with_a_hotel_node_Greengrass()
    {
        NodeRuntime.SkipTestIfMissing();
        var key = RandomNumberGenerator.GetBytes(AccessTokens.KeyMinBytes);
        var tokens = new AccessTokens(key);
        var data = Directory.CreateTempSubdirectory("hotel-node-rxdb-").FullName;
        var keyFile = Path.Combine(data, "signing.key");
        await File.WriteAllTextAsync(keyFile, Convert.ToBase64String(key));
        using var stop = new CancellationTokenSource();
        var started = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        string[] args = ["--role", "greengrass", "--node-id", "greengrass", "--port", $"{FreePort()}", "--cloud", $"127.0.0.1:{FreePort()}", "--data", data, "--property", Property, "--signing-key-file", keyFile, "--Logging:LogLevel:Default", "Warning"];
        var node = Task.Run(() => HotelNodeApp.RunAsync(args, started.SetResult, stop.Token));
        try
        {
            var address = await started.Task.WaitAsync(TimeSpan.FromSeconds(30));
            using var http = new HttpClient { BaseAddress = address };
            var frontDesk = Token(tokens, "front-desk");
            foreach (var room in new[] { "101", "102", "103" })
            {
                Assert.Equal(HttpStatusCode.OK, (await PushAsync(http, frontDesk, RoomBody(room, "dirty"))).StatusCode);
            }

            await using (var client = RxDbClientProcess.Start($"{address.ToString().TrimEnd('/')}/api/replication/{Property}", Token(tokens, "tablet-rx")))
            {
                var synced = await client.NextAsync("synced");
                var rooms = synced.GetProperty("rooms").EnumerateArray().ToList();
                Assert.Equal(["101", "102", "103"], rooms.Select(room => room.GetProperty("id").GetString()));

                var cleaned = JsonNode.Parse(rooms[0].GetRawText())!.AsObject();
                cleaned["status"] = "clean";
                cleaned["updatedAt"] = DateTimeOffset.UtcNow.ToString("O");
                client.Send(new { kind = "upsert", room = cleaned });
                await client.NextAsync("upserted");
            }

            using var pull = new HttpRequestMessage(HttpMethod.Get, $"/api/replication/{Property}/rooms/pull?checkpoint=0&limit=10");
            pull.Headers.Authorization = new AuthenticationHeaderValue("Bearer", frontDesk);
            var documents = JsonNode.Parse(await (await http.SendAsync(pull)).Content.ReadAsStringAsync())!["documents"]!.AsArray();
            var room101 = documents.Single(document => (string?)document!["id"] == "101")!;
            Assert.Equal("clean", (string?)room101["status"]);
            Assert.EndsWith(":tablet-rx", (string?)room101["hlc"], StringComparison.Ordinal);
        }
        finally
        {
            await stop.CancelAsync();
            await node.WaitAsync(TimeSpan.FromSeconds(60));
            Directory.Delete(data, recursive: true);
        }
    }

    private static Task<HttpResponseMessage> PushAsync(HttpClient http, string token, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/replication/{Property}/rooms/push")
        {
            Content = new StringContent($$"""[{"assumedMasterState":null,"newDocumentState":{{body}}}]""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http.SendAsync(request);
    }

    private static string RoomBody(string id, string status) =>
        new JsonObject { ["id"] = id, ["number"] = id, ["floor"] = 1, ["type"] = "double", ["status"] = status, ["updatedAt"] = DateTimeOffset.UtcNow.ToString("O") }.ToJsonString();

    private static string Token(AccessTokens tokens, string device) =>
        tokens.Issue(new AccessGrant(Property, device, AccessRole.Device, DateTimeOffset.UtcNow.AddHours(1)));

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
