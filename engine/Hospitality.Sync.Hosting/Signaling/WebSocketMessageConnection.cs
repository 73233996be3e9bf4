using System.Net;
using System.Net.WebSockets;
using Hospitality.Sync.Ports;

namespace Hospitality.Sync.Hosting.Signaling;

/// <summary>
/// A WebSocket seen as the engine's message connection: one message per WebSocket message, sent as
/// text frames (the signaling protocol's JSON, readable by a browser), read whole up to a limit.
/// </summary>
internal sealed class WebSocketMessageConnection(WebSocket socket, IPEndPoint local, IPEndPoint remote, int maxMessageBytes) : IMessageConnection
{
    private readonly TaskCompletionSource<ConnectionClosure> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IPEndPoint LocalEndPoint { get; } = local;

    public IPEndPoint RemoteEndPoint { get; } = remote;

    public int MaxMessageBytes { get; } = maxMessageBytes;

    public Task<ConnectionClosure> Closed => _closed.Task;

    public async ValueTask SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default)
    {
        if (message.Length > MaxMessageBytes)
        {
            throw new ArgumentException($"The message is {message.Length} bytes; at most {MaxMessageBytes} are allowed.", nameof(message));
        }

        try
        {
            await socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        }
        catch (WebSocketException exception)
        {
            throw Failed(exception.Message);
        }
    }

    public async ValueTask<ReadOnlyMemory<byte>?> ReceiveAsync(CancellationToken cancellationToken = default)
    {
        var buffer = new byte[Math.Min(MaxMessageBytes + 1, 16 * 1024)];
        using var message = new MemoryStream();
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer.AsMemory(), cancellationToken);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    _closed.TrySetResult(ConnectionClosure.Graceful);
                    return null;
                }

                message.Write(buffer, 0, result.Count);
                if (message.Length > MaxMessageBytes)
                {
                    // Tell the device why, then drop it: the rest of the message would only be read to be thrown away.
                    await socket.CloseOutputAsync(WebSocketCloseStatus.MessageTooBig, $"messages are at most {MaxMessageBytes} bytes", cancellationToken);
                    throw Failed($"a message over {MaxMessageBytes} bytes");
                }

                if (result.EndOfMessage)
                {
                    return message.ToArray();
                }
            }
        }
        catch (WebSocketException exception)
        {
            throw Failed(exception.Message);
        }
    }

    public async ValueTask CloseAsync(CancellationToken cancellationToken = default)
    {
        if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            try
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", cancellationToken);
            }
            catch (WebSocketException)
            {
            }
        }

        _closed.TrySetResult(ConnectionClosure.Graceful);
    }

    public void Abort()
    {
        socket.Abort();
        _closed.TrySetResult(new ConnectionClosure(ConnectionFailure.Reset));
    }

    public void EnableKeepAlive(TcpKeepAlive keepAlive)
    {
        // Kestrel's WebSocket keep-alive (ping frames) is set once for the app, not per connection.
    }

    public ValueTask DisposeAsync()
    {
        socket.Dispose();
        _closed.TrySetResult(ConnectionClosure.Graceful);
        return ValueTask.CompletedTask;
    }

    private NetworkConnectionException Failed(string why)
    {
        _closed.TrySetResult(new ConnectionClosure(ConnectionFailure.Reset));
        return new NetworkConnectionException(ConnectionFailure.Reset, why);
    }
}
