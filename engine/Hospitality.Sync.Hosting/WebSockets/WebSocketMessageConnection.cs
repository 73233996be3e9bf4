using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using Hospitality.Sync.Hosting.Network;
using Hospitality.Sync.Ports;

namespace Hospitality.Sync.Hosting.WebSockets;

/// <summary>
/// A message connection on a WebSocket: each engine message is one binary WebSocket message, so the
/// framed protocol crosses proxies and load balancers that speak HTTP (or one text message, for
/// signaling's JSON; a message of the other type ends the connection). One reader at a time; sends
/// are serialized in call order and a message once started is written whole.
/// </summary>
public sealed class WebSocketMessageConnection : IMessageConnection
{
    /// <summary>The same limit as framed TCP (OsMessageConnection), so a message that fits there fits here.</summary>
    public const int MaxFrameBytes = 16 * 1024 * 1024;

    private const int ReceiveChunkBytes = 16 * 1024;

    private readonly WebSocket _socket;
    private readonly WebSocketMessageType _messageType;
    private readonly SemaphoreSlim _sendTurn = new(1, 1);
    private readonly TaskCompletionSource<ConnectionClosure> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Socket? _tcp;
    private bool _sentClose;
    private bool _readClose;

    /// <summary>Wraps an open WebSocket; <paramref name="tcp"/> is its TCP socket where the opener has it, for <see cref="EnableKeepAlive"/>.</summary>
    public WebSocketMessageConnection(WebSocket socket, IPEndPoint local, IPEndPoint remote, WebSocketMessageType messageType = WebSocketMessageType.Binary, Socket? tcp = null)
    {
        if (messageType == WebSocketMessageType.Close)
        {
            throw new ArgumentOutOfRangeException(nameof(messageType), messageType, "messages are binary or text");
        }

        _socket = socket;
        _messageType = messageType;
        _tcp = tcp;
        LocalEndPoint = local;
        RemoteEndPoint = remote;
    }

    public IPEndPoint LocalEndPoint { get; }

    public IPEndPoint RemoteEndPoint { get; }

    public int MaxMessageBytes => MaxFrameBytes;

    /// <summary>The connection's TCP socket, where the opener had it.</summary>
    internal Socket? Tcp => _tcp;

    public Task<ConnectionClosure> Closed => _closed.Task;

    public async ValueTask SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default)
    {
        if (message.Length > MaxMessageBytes)
        {
            throw new ArgumentException($"A message carries at most {MaxMessageBytes} bytes; got {message.Length}.", nameof(message));
        }

        await _sendTurn.WaitAsync(cancellationToken);
        try
        {
            ThrowIfEnded(sending: true);
            await _socket.SendAsync(message, _messageType, endOfMessage: true, CancellationToken.None);
        }
        catch (Exception exception) when (exception is WebSocketException or IOException or ObjectDisposedException)
        {
            throw Fail(exception, "send failed");
        }
        finally
        {
            _sendTurn.Release();
        }
    }

    public async ValueTask<ReadOnlyMemory<byte>?> ReceiveAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfEnded(sending: false);
        if (_readClose)
        {
            return null;
        }

        try
        {
            var buffer = new byte[ReceiveChunkBytes];
            var length = 0;
            while (true)
            {
                if (length == buffer.Length)
                {
                    Array.Resize(ref buffer, Math.Min(buffer.Length * 2, MaxFrameBytes + 1));
                }

                var result = await _socket.ReceiveAsync(buffer.AsMemory(length), cancellationToken);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    _readClose = true;
                    CompleteIfBothClosed();
                    return null;
                }

                length += result.Count;
                if (length > MaxMessageBytes || result.MessageType != _messageType)
                {
                    Abort();
                    throw new NetworkConnectionException(ConnectionFailure.Reset, result.MessageType != _messageType
                        ? $"the peer sent a {result.MessageType.ToString().ToLowerInvariant()} message; this connection speaks {_messageType.ToString().ToLowerInvariant()} (the replication protocol is binary, signaling text)"
                        : $"the peer sent a message of more than {MaxMessageBytes} bytes");
                }

                if (result.EndOfMessage)
                {
                    return buffer.AsMemory(0, length);
                }
            }
        }
        catch (Exception exception) when (exception is WebSocketException or IOException or ObjectDisposedException)
        {
            throw Fail(exception, "receive failed");
        }
    }

    public async ValueTask CloseAsync(CancellationToken cancellationToken = default)
    {
        await _sendTurn.WaitAsync(cancellationToken);
        try
        {
            if (!_sentClose && !_closed.Task.IsCompleted)
            {
                _sentClose = true;
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken);
                CompleteIfBothClosed();
            }
        }
        catch (Exception exception) when (exception is WebSocketException or IOException or ObjectDisposedException)
        {
            throw Fail(exception, "close failed");
        }
        finally
        {
            _sendTurn.Release();
        }
    }

    public void Abort()
    {
        if (_closed.TrySetResult(new ConnectionClosure(ConnectionFailure.Aborted)))
        {
            _socket.Abort();
        }
    }

    /// <summary>The kernel's TCP keepalive on the connection's socket (no WebSocket keepalive frames: <see cref="WebSocketNetwork.KeepAliveInterval"/>); nothing on an accepted connection, which the engine never asks.</summary>
    public void EnableKeepAlive(TcpKeepAlive keepAlive)
    {
        if (_tcp is { } tcp)
        {
            SocketKeepAlive.Apply(tcp, keepAlive);
        }
    }

    public ValueTask DisposeAsync()
    {
        _closed.TrySetResult(_sentClose ? ConnectionClosure.Graceful : new ConnectionClosure(ConnectionFailure.Aborted));
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }

    private void CompleteIfBothClosed()
    {
        if (_sentClose && _readClose)
        {
            _closed.TrySetResult(ConnectionClosure.Graceful);
        }
    }

    private void ThrowIfEnded(bool sending)
    {
        if (_closed.Task.IsCompleted && !_closed.Task.Result.IsGraceful)
        {
            throw new NetworkConnectionException(_closed.Task.Result.Failure, $"the connection to {RemoteEndPoint} has ended ({_closed.Task.Result.Failure})");
        }

        if (sending && _sentClose)
        {
            throw new NetworkConnectionException(ConnectionFailure.None, $"the connection to {RemoteEndPoint} was closed for sending");
        }
    }

    private NetworkConnectionException Fail(Exception cause, string what)
    {
        _closed.TrySetResult(new ConnectionClosure(ConnectionFailure.Reset));
        return new NetworkConnectionException(ConnectionFailure.Reset, $"{what} on the WebSocket to {RemoteEndPoint}: {cause.Message}");
    }
}
