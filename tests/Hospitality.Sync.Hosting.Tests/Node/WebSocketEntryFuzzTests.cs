using System.Net;
using System.Net.WebSockets;
using FsCheck.Xunit;
using Hospitality.Sync.Hosting.Tests.Replication;
using Hospitality.Sync.Hosting.WebSockets;
using Hospitality.Sync.Replication.Protocol;

namespace Hospitality.Sync.Hosting.Tests.Node;

/// <summary>
/// The WebSocket entry point of a running hotel-node (a cloud) fed arbitrary frames: every one is
/// answered with an error or ends that connection, never the node; the store takes none of them.
/// </summary>
[Collection(LoopbackNodesCollection.Name)]
public sealed class WebSocketEntryFuzzTests : IAsyncLifetime
{
    private readonly string _data = Directory.CreateTempSubdirectory("hotel-node-fuzz-").FullName;
    private HotelNodeProcess _cloud = null!;

    public async Task InitializeAsync() =>
        _cloud = await HotelNodeProcess.StartAsync("--role", "cloud", "--node-id", "cloud", "--port", $"{HotelNodeProcess.FreePort()}", "--data", _data, "--Logging:LogLevel:Default", "Warning");

    public async Task DisposeAsync()
    {
        await _cloud.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }

    [Property(MaxTest = 150)]
    public bool Arbitrary_binary_frames_get_an_error_answer_and_the_node_keeps_serving(byte[] frame)
    {
        return Task.Run(async () =>
        {
            using var socket = await ConnectAsync();
            await socket.SendAsync(frame, WebSocketMessageType.Binary, endOfMessage: true, CancellationToken.None);
            var answer = await WebSocketFrames.ReceiveAsync(socket, TimeSpan.FromSeconds(10));
            DecodeResult? decoded = answer is null ? null : ProtocolCodec.Decode(answer);

            // Garbage is answered "malformed"; a frame that happens to decode is answered too (or refused), never silence.
            return answer is null || decoded is { IsSuccess: true, Message: ErrorResponse or HealthResponse or PullResponse or PushResponse or HelloResponse or ChangeEvent };
        }).GetAwaiter().GetResult() && StillHealthy();
    }

    [Fact]
    public async Task A_text_frame_ends_that_connection_and_no_other()
    {
        using var text = await ConnectAsync();
        await text.SendAsync("""{"pull":true}"""u8.ToArray(), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

        Assert.Null(await WebSocketFrames.ReceiveAsync(text, TimeSpan.FromSeconds(10)));
        Assert.True(StillHealthy());
        using var next = await ConnectAsync();
        await next.SendAsync(ProtocolCodec.Encode(new HealthRequest(7)), WebSocketMessageType.Binary, endOfMessage: true, CancellationToken.None);
        var health = ProtocolCodec.Decode((await WebSocketFrames.ReceiveAsync(next, TimeSpan.FromSeconds(10)))!);
        Assert.Equal(new HealthResponse(7, "ok", 0), health.Message);
    }

    private async Task<ClientWebSocket> ConnectAsync()
    {
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{_cloud.Address.Port}{WebSocketNetwork.Path}"), CancellationToken.None);
        return socket;
    }

    private bool StillHealthy()
    {
        using var http = new HttpClient { BaseAddress = _cloud.Address };
        var health = http.GetAsync("/api/replication/health").GetAwaiter().GetResult();
        return health.StatusCode == HttpStatusCode.OK;
    }
}
