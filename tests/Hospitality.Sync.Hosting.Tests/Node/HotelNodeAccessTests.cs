using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Hospitality.Sync.Access;
using Hospitality.Sync.Hosting.Access;
using Hospitality.Sync.Hosting.Tests.Replication;
using Hospitality.Sync.Hosting.WebSockets;
using Hospitality.Sync.Node;
using Hospitality.Sync.Node.Access;
using Hospitality.Sync.Replication.Protocol;

namespace Hospitality.Sync.Hosting.Tests.Node;

/// <summary>
/// hotel-node with a signing key, over real loopback Kestrel: the framed protocol's hello, the RxDB
/// routes and signaling each refuse no token, a token of another property and an expired token, and
/// serve a good one; a framed connection is cut when its token expires. Without a key it serves anyone.
/// </summary>
[Collection(LoopbackNodesCollection.Name)]
public sealed class HotelNodeAccessTests : IAsyncLifetime
{
    private const string Property = "hotel-a";
    private const string Room = """{"id":"room-101","number":"101","floor":1,"type":"double","status":"clean","updatedAt":"2026-01-01T00:00:00.0000000+00:00"}""";

    private readonly string _data = Directory.CreateTempSubdirectory("hotel-node-access-").FullName;
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(AccessTokens.KeyMinBytes);
    private AccessTokens _tokens = null!;
    private HotelNodeProcess _greengrass = null!;
    private HotelNodeProcess _cloud = null!;

    public async Task InitializeAsync()
    {
        _tokens = new AccessTokens(_key);
        var keyFile = Path.Combine(_data, "signing.key");
        await File.WriteAllTextAsync(keyFile, Convert.ToBase64String(_key));
        var cloudPort = HotelNodeProcess.FreePort();
        string[] common = ["--data", _data, "--property", Property, "--signing-key-file", keyFile, "--Logging:LogLevel:Default", "Warning"];
        _cloud = await HotelNodeProcess.StartAsync(["--role", "cloud", "--node-id", "cloud", "--port", $"{cloudPort}", .. common]);

        // The Greengrass holds the key, so it mints its own Greengrass token for the cloud.
        _greengrass = await HotelNodeProcess.StartAsync(["--role", "greengrass", "--node-id", "greengrass", "--port", $"{HotelNodeProcess.FreePort()}", "--cloud", $"127.0.0.1:{cloudPort}", "--Node:CloudBatchIntervalMs", "200", .. common]);
    }

    public async Task DisposeAsync()
    {
        await _greengrass.DisposeAsync();
        await _cloud.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }

    [Fact]
    public async Task The_RxDB_routes_refuse_no_token_another_property_s_and_an_expired_one_and_serve_a_good_one()
    {
        using var http = new HttpClient { BaseAddress = _greengrass.Address };

        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(http, HttpMethod.Get, "pull", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(http, HttpMethod.Get, "pull", Token("hotel-b"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(http, HttpMethod.Get, "pull", Token(life: TimeSpan.FromSeconds(-1)))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(http, HttpMethod.Post, "push", Token("hotel-b"), Push())).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync($"/api/replication/{Property}/rooms/pullStream?access_token=nonsense")).StatusCode);

        var pushed = await SendAsync(http, HttpMethod.Post, "push", Token(), Push());
        Assert.Equal(HttpStatusCode.OK, pushed.StatusCode);
        Assert.Equal("[]", await pushed.Content.ReadAsStringAsync());
        var pulled = JsonNode.Parse(await (await SendAsync(http, HttpMethod.Get, "pull", Token())).Content.ReadAsStringAsync())!;
        Assert.Equal("room-101", (string?)pulled["documents"]![0]!["id"]);

        // What the Greengrass took from an RxDB client goes up to the cloud over the framed protocol, with the Greengrass's own token.
        using var cloud = new HttpClient { BaseAddress = _cloud.Address };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        string atCloud;
        do
        {
            await Task.Delay(100);
            atCloud = await (await SendAsync(cloud, HttpMethod.Get, "pull", Token())).Content.ReadAsStringAsync();
        }
        while (!atCloud.Contains("room-101", StringComparison.Ordinal) && DateTime.UtcNow < deadline);
        Assert.Contains("room-101", atCloud, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_framed_hello_refuses_bad_tokens_serves_a_good_one_and_cuts_it_when_it_expires()
    {
        foreach (var (token, reason) in new[] { ((string?)null, "no access token"), (Token("hotel-b"), "'hotel-b'"), (Token(life: TimeSpan.FromSeconds(-1)), "expired"), (Token(role: AccessRole.Greengrass), "not served here") })
        {
            using var refused = await ConnectAsync(_greengrass);
            var answer = await ExchangeAsync(refused, new HelloRequest(0, [], token));
            Assert.Contains(reason, Assert.IsType<ErrorResponse>(answer).Message, StringComparison.Ordinal);
        }

        using var socket = await ConnectAsync(_greengrass);
        Assert.IsType<HelloResponse>(await ExchangeAsync(socket, new HelloRequest(0, [], Token(life: TimeSpan.FromSeconds(3)))));
        Assert.IsType<PullResponse>(await ExchangeAsync(socket, new PullRequest(1, 0, 10)));

        // No request needed: the node tells the client its token ran out and closes the connection.
        var cut = Assert.IsType<ErrorResponse>(ProtocolCodec.Decode((await WebSocketFrames.ReceiveAsync(socket, TimeSpan.FromSeconds(20)))!).Message);
        Assert.Contains("expired", cut.Message, StringComparison.Ordinal);
        Assert.Null(await WebSocketFrames.ReceiveAsync(socket, TimeSpan.FromSeconds(20)));
    }

    [Fact]
    public async Task Signaling_refuses_no_token_another_property_and_another_device_and_admits_a_good_one_from_the_query()
    {
        Assert.Contains("unauthorized", await JoinAsync(null, Property, "tablet-1"), StringComparison.Ordinal);
        Assert.Contains("forbidden", await JoinAsync(Token("hotel-b", "tablet-1"), "hotel-b", "tablet-1"), StringComparison.Ordinal);
        Assert.Contains("forbidden", await JoinAsync(Token(device: "tablet-1"), Property, "tablet-2"), StringComparison.Ordinal);
        Assert.StartsWith("""{"type":"peer-list",""", await JoinAsync(Token(device: "tablet-1"), Property, "tablet-1"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_device_with_its_property_s_token_replicates_and_one_with_another_property_s_token_writes_nothing_upstream()
    {
        string[] device = ["--role", "device", "--port", "0", "--data", _data, "--writes-per-minute", "1200", "--rooms", "5", "--greengrass", $"127.0.0.1:{_greengrass.Address.Port}", "--Node:HealthProbeIntervalMs", "200", "--Logging:LogLevel:Default", "Warning"];
        await using var own = await HotelNodeProcess.StartAsync([.. device, "--node-id", "tablet-own", "--token", Token(device: "tablet-own")]);
        await using var stranger = await HotelNodeProcess.StartAsync([.. device, "--node-id", "tablet-b", "--token", Token("hotel-b", "tablet-b")]);
        using var http = new HttpClient { BaseAddress = _greengrass.Address };

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        string seen;
        do
        {
            await Task.Delay(200);
            seen = await (await SendAsync(http, HttpMethod.Get, "pull", Token())).Content.ReadAsStringAsync();
        }
        while (!seen.Contains("tablet-own", StringComparison.Ordinal) && DateTime.UtcNow < deadline);
        await Task.Delay(1000);
        seen = await (await SendAsync(http, HttpMethod.Get, "pull", Token())).Content.ReadAsStringAsync();

        Assert.Contains("tablet-own", seen, StringComparison.Ordinal);
        Assert.DoesNotContain("tablet-b", seen, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_signing_key_the_node_serves_anyone()
    {
        await using var open = await HotelNodeProcess.StartAsync("--role", "cloud", "--node-id", "open-cloud", "--port", $"{HotelNodeProcess.FreePort()}", "--data", _data, "--property", Property, "--Logging:LogLevel:Default", "Warning");
        using var http = new HttpClient { BaseAddress = open.Address };

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(http, HttpMethod.Post, "push", null, Push())).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(http, HttpMethod.Get, "pull", null)).StatusCode);
        using var socket = await ConnectAsync(open);
        Assert.IsType<PullResponse>(await ExchangeAsync(socket, new PullRequest(1, 0, 10)));
    }

    [Fact]
    public void The_token_command_mints_a_token_the_node_accepts_and_never_prints_the_key()
    {
        var keyFile = Path.Combine(_data, "signing.key");
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = TokenCommand.Token(["--property", Property, "--device", "tablet-9", "--hours", "2", "--signing-key-file", keyFile], output, error);

        Assert.Equal(HotelNodeApp.ExitOk, code);
        var grant = _tokens.Verify(output.ToString().Trim()).Grant;
        Assert.Equal(new AccessGrant(Property, "tablet-9", AccessRole.Device, grant!.ExpiresAt), grant);
        Assert.DoesNotContain(Convert.ToBase64String(_key), output + error.ToString(), StringComparison.Ordinal);
        Assert.Equal(HotelNodeApp.ExitBadInput, TokenCommand.Token(["--property", Property], output, error));
    }

    private string Token(string property = Property, string device = "tablet-1", AccessRole role = AccessRole.Device, TimeSpan? life = null) =>
        _tokens.Issue(new AccessGrant(property, device, role, DateTimeOffset.UtcNow + (life ?? TimeSpan.FromHours(1))));

    private static string Push() => $$"""[{"assumedMasterState":null,"newDocumentState":{{Room}}}]""";

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpMethod method, string operation, string? token, string? json = null)
    {
        using var request = new HttpRequestMessage(method, $"/api/replication/{Property}/rooms/{operation}");
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        return await http.SendAsync(request);
    }

    private Uri SignalingUri(string? token) =>
        new($"ws://127.0.0.1:{_greengrass.Address.Port}/signaling{(token is null ? "" : $"?access_token={Uri.EscapeDataString(token)}")}");

    private async Task<string> JoinAsync(string? token, string property, string device)
    {
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(SignalingUri(token), CancellationToken.None);
        await socket.SendAsync(Encoding.UTF8.GetBytes($$"""{"type":"join","propertyId":"{{property}}","deviceId":"{{device}}"}"""), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        return Encoding.UTF8.GetString((await WebSocketFrames.ReceiveAsync(socket, TimeSpan.FromSeconds(10)))!);
    }

    private static async Task<ClientWebSocket> ConnectAsync(HotelNodeProcess node)
    {
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{node.Address.Port}{WebSocketNetwork.Path}"), CancellationToken.None);
        return socket;
    }

    private static async Task<ProtocolMessage?> ExchangeAsync(ClientWebSocket socket, ProtocolMessage request)
    {
        await socket.SendAsync(ProtocolCodec.Encode(request), WebSocketMessageType.Binary, endOfMessage: true, CancellationToken.None);
        return await WebSocketFrames.ReceiveAsync(socket, TimeSpan.FromSeconds(10)) is { } frame ? ProtocolCodec.Decode(frame).Message : null;
    }
}
