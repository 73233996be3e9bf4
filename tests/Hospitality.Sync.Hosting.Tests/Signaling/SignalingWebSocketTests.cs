using System.Net;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using Hospitality.Sync.Access;
using Hospitality.Sync.Hosting.Access;
using Hospitality.Sync.Hosting.Signaling;
using Hospitality.Sync.Signaling;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Hospitality.Sync.Hosting.Tests.Signaling;

/// <summary>The signaling server on Kestrel at /signaling: real WebSockets on loopback, JSON text frames as a browser sends them.</summary>
public sealed class SignalingWebSocketTests : IAsyncLifetime
{
    private WebApplication _app = null!;
    private SignalingServer _server = null!;
    private Uri _uri = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.UseWebSockets();
        _server = _app.MapSignaling(options: new SignalingServerOptions { MaxPeersPerRoom = 3 });
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        _uri = new Uri(address.Replace("http://", "ws://", StringComparison.Ordinal) + "/signaling");
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Browsers_json_joins_a_room_gets_the_peer_list_and_an_offer_reaches_only_the_addressed_peer()
    {
        using var a = await JoinAsync("hotel-1", "tablet-a");
        using var b = await JoinAsync("hotel-1", "tablet-b");
        using var stranger = await JoinAsync("hotel-2", "tablet-x");

        Assert.Equal("""{"type":"peer-joined","peerId":"tablet-b"}""", await ReceiveAsync(a));
        await SendAsync(a, """{"type":"offer","to":"tablet-b","sdp":"v=0 from a"}""");
        await SendAsync(a, """{"type":"offer","to":"tablet-x","sdp":"v=0 across rooms"}""");

        Assert.Equal("""{"type":"offer","from":"tablet-a","to":"tablet-b","sdp":"v=0 from a"}""", await ReceiveAsync(b));
        Assert.Contains("\"code\":\"unknown-peer\"", await ReceiveAsync(a), StringComparison.Ordinal);
        await SendAsync(stranger, """{"type":"get-stats"}""");
        Assert.Equal("""{"type":"stats","totalPeers":3,"properties":2,"peersPerProperty":{"hotel-2":1},"messagesRelayed":1,"messagesRefused":1}""", await ReceiveAsync(stranger));
    }

    [Fact]
    public async Task Bad_json_is_answered_with_a_malformed_error_and_a_full_room_refuses_with_room_full()
    {
        using var a = await JoinAsync("hotel-1", "tablet-a");
        await SendAsync(a, "{\"type\":");
        Assert.Contains("\"code\":\"malformed\"", await ReceiveAsync(a), StringComparison.Ordinal);

        using var b = await JoinAsync("hotel-1", "tablet-b");
        using var c = await JoinAsync("hotel-1", "tablet-c");
        using var d = new ClientWebSocket();
        await d.ConnectAsync(_uri, CancellationToken.None);
        await SendAsync(d, """{"type":"join","propertyId":"hotel-1","deviceId":"tablet-d"}""");

        Assert.Contains("\"code\":\"room-full\"", await ReceiveAsync(d), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_admission_a_browser_joins_with_its_signed_token_and_one_without_or_with_another_property_s_is_refused()
    {
        var tokens = new AccessTokens(RandomNumberGenerator.GetBytes(32));
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        await using var app = builder.Build();
        app.UseWebSockets();
        app.MapSignaling(options: new SignalingServerOptions { Admission = new SignalingAdmission(tokens) });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        var uri = new Uri(address.Replace("http://", "ws://", StringComparison.Ordinal) + "/signaling");

        async Task<string> JoinWith(string device, string? token)
        {
            using var socket = new ClientWebSocket();
            await socket.ConnectAsync(uri, CancellationToken.None);
            var field = token is null ? "" : $",\"token\":\"{token}\"";
            await SendAsync(socket, $$"""{"type":"join","propertyId":"hotel-1","deviceId":"{{device}}"{{field}}}""");
            return await ReceiveAsync(socket);
        }

        var expires = DateTimeOffset.UtcNow.AddHours(1);
        Assert.Equal("""{"type":"peer-list","propertyId":"hotel-1","peers":[]}""", await JoinWith("tablet-a", tokens.Issue(new AccessGrant("hotel-1", "tablet-a", AccessRole.Device, expires))));
        Assert.Contains("\"code\":\"unauthorized\"", await JoinWith("tablet-b", null), StringComparison.Ordinal);
        Assert.Contains("\"code\":\"forbidden\"", await JoinWith("tablet-c", tokens.Issue(new AccessGrant("hotel-2", "tablet-c", AccessRole.Device, expires))), StringComparison.Ordinal);
        Assert.Contains("\"code\":\"forbidden\"", await JoinWith("tablet-d", tokens.Issue(new AccessGrant("hotel-1", "tablet-a", AccessRole.Device, expires))), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_plain_http_request_gets_400_with_a_reason()
    {
        using var http = new HttpClient();
        var response = await http.GetAsync(new Uri(_uri.ToString().Replace("ws://", "http://", StringComparison.Ordinal)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("WebSocket", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task<ClientWebSocket> JoinAsync(string property, string device)
    {
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(_uri, CancellationToken.None);
        await SendAsync(socket, $$"""{"type":"join","propertyId":"{{property}}","deviceId":"{{device}}"}""");
        Assert.StartsWith("""{"type":"peer-list",""", await ReceiveAsync(socket), StringComparison.Ordinal);
        return socket;
    }

    private static Task SendAsync(ClientWebSocket socket, string json) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

    private static async Task<string> ReceiveAsync(ClientWebSocket socket)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var buffer = new byte[64 * 1024];
        var result = await socket.ReceiveAsync(buffer, timeout.Token);
        Assert.Equal(WebSocketMessageType.Text, result.MessageType);
        Assert.True(result.EndOfMessage);
        return Encoding.UTF8.GetString(buffer, 0, result.Count);
    }
}
