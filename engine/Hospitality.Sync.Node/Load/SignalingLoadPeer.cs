using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Hospitality.Sync.Node.Load;

/// <summary>One peer's WebSocket: joins, then counts what reaches it and how long relayed messages took.</summary>
internal sealed class SignalingLoadPeer
{
    private readonly ClientWebSocket _socket;
    private readonly SemaphoreSlim _sending = new(1, 1);
    private readonly TaskCompletionSource _listed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<long> _latencies = [];
    private long _received;
    private long _relayed;
    private long _sent;
    private long _errors;

    private SignalingLoadPeer(ClientWebSocket socket) => _socket = socket;

    public Task Listed => _listed.Task;

    public long Received => Interlocked.Read(ref _received);

    public long Relayed => Interlocked.Read(ref _relayed);

    public long Sent => Interlocked.Read(ref _sent);

    public long Errors => Interlocked.Read(ref _errors);

    /// <summary>Why the connection ended, if it did before the run closed it.</summary>
    public string? Ended { get; private set; }

    /// <summary>The first refusal this peer got, as the server worded it.</summary>
    public string? FirstError { get; private set; }

    public IReadOnlyList<long> Latencies
    {
        get
        {
            lock (_latencies)
            {
                return [.. _latencies];
            }
        }
    }

    public static async Task<SignalingLoadPeer> JoinAsync(Uri uri, string property, string device)
    {
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(uri, CancellationToken.None);
        var peer = new SignalingLoadPeer(socket);
        _ = peer.ReadAsync();
        await peer.SendRawAsync(JsonSerializer.Serialize(new { type = "join", propertyId = property, deviceId = device }));
        return peer;
    }

    public void ResetCounts()
    {
        Interlocked.Exchange(ref _received, 0);
        Interlocked.Exchange(ref _relayed, 0);
    }

    /// <summary>Sends one message; false once the server has ended this peer's connection.</summary>
    public async Task<bool> SendAsync(string json)
    {
        try
        {
            await SendRawAsync(json);
        }
        catch (WebSocketException)
        {
            return false;
        }

        Interlocked.Increment(ref _sent);
        return true;
    }

    public async Task CloseAsync()
    {
        try
        {
            await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
        }
        catch (WebSocketException)
        {
        }

        _socket.Dispose();
    }

    private async Task SendRawAsync(string json)
    {
        await _sending.WaitAsync();
        try
        {
            await _socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        }
        finally
        {
            _sending.Release();
        }
    }

    private async Task ReadAsync()
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var length = 0;
                WebSocketReceiveResult result;
                do
                {
                    result = await _socket.ReceiveAsync(new ArraySegment<byte>(buffer, length, buffer.Length - length), CancellationToken.None);
                    length += result.Count;
                }
                while (!result.EndOfMessage && length < buffer.Length);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    Ended = $"closed by the server: {result.CloseStatus} {result.CloseStatusDescription}";
                    return;
                }

                OnMessage(buffer.AsSpan(0, length));
            }
        }
        catch (Exception exception) when (exception is WebSocketException or ObjectDisposedException or OperationCanceledException)
        {
            Ended ??= exception.Message;
        }
    }

    private void OnMessage(ReadOnlySpan<byte> frame)
    {
        var now = Stopwatch.GetTimestamp();
        Interlocked.Increment(ref _received);
        using var message = JsonDocument.Parse(frame.ToArray());
        var type = message.RootElement.GetProperty("type").GetString();
        switch (type)
        {
            case "peer-list":
                _listed.TrySetResult();
                break;
            case "error":
                if (Interlocked.Increment(ref _errors) == 1)
                {
                    FirstError = message.RootElement.GetRawText();
                }

                break;
            case "offer" or "ice-candidate":
                Interlocked.Increment(ref _relayed);
                var text = message.RootElement.GetProperty(type == "offer" ? "sdp" : "candidate").GetString() ?? "";
                var at = text.IndexOf(" t=", StringComparison.Ordinal) + 3;
                var end = text.IndexOf(' ', at);
                if (at >= 3 && long.TryParse(text.AsSpan(at, (end < 0 ? text.Length : end) - at), NumberStyles.None, CultureInfo.InvariantCulture, out var sentAt))
                {
                    lock (_latencies)
                    {
                        _latencies.Add(now - sentAt);
                    }
                }

                break;
        }
    }
}
