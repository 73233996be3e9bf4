using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Hospitality.Sync.Ports;

namespace Hospitality.Sync.Hosting.Network;

/// <summary>
/// A message connection on an OS TCP socket: each message is a frame with a 4-byte big-endian
/// length prefix. One reader at a time; sends are serialized in call order, and a frame once
/// started is always written whole, so cancellation never breaks the framing.
/// </summary>
internal sealed class OsMessageConnection : IMessageConnection
{
    /// <summary>The same limit as the simulator's TCP, so a message that fits there fits here.</summary>
    public const int MaxFrameBytes = 16 * 1024 * 1024;

    private const int PrefixBytes = 4;

    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly SemaphoreSlim _sendTurn = new(1, 1);
    private readonly TaskCompletionSource<ConnectionClosure> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly byte[] _prefix = new byte[PrefixBytes];
    private bool _sentFin;
    private bool _readEof;

    public OsMessageConnection(Socket socket)
    {
        this._socket = socket;
        socket.NoDelay = true;
        _stream = new NetworkStream(socket, ownsSocket: false);
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
        RemoteEndPoint = (IPEndPoint)socket.RemoteEndPoint!;
    }

    public IPEndPoint LocalEndPoint { get; }

    public IPEndPoint RemoteEndPoint { get; }

    public int MaxMessageBytes => MaxFrameBytes;

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
            var frame = new byte[PrefixBytes + message.Length];
            BinaryPrimitives.WriteInt32BigEndian(frame, message.Length);
            message.Span.CopyTo(frame.AsSpan(PrefixBytes));
            await _stream.WriteAsync(frame, CancellationToken.None);
        }
        catch (Exception exception) when (exception is IOException or SocketException)
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
        if (_readEof)
        {
            return null;
        }

        try
        {
            if (!await ReadExactlyOrEndAsync(_prefix, cancellationToken))
            {
                _readEof = true;
                CompleteIfBothClosed();
                return null;
            }

            var length = BinaryPrimitives.ReadInt32BigEndian(_prefix);
            if (length < 0 || length > MaxMessageBytes)
            {
                Abort();
                throw new NetworkConnectionException(ConnectionFailure.Reset, $"the peer framed a message of {(uint)length} bytes; at most {MaxMessageBytes} are allowed");
            }

            var body = new byte[length];
            if (!await ReadExactlyOrEndAsync(body, cancellationToken) && length > 0)
            {
                throw Fail(null, "the peer closed in the middle of a frame");
            }

            return body;
        }
        catch (Exception exception) when (exception is IOException or SocketException)
        {
            throw Fail(exception, "receive failed");
        }
    }

    public async ValueTask CloseAsync(CancellationToken cancellationToken = default)
    {
        await _sendTurn.WaitAsync(cancellationToken);
        try
        {
            if (!_sentFin && !_closed.Task.IsCompleted)
            {
                _sentFin = true;
                _socket.Shutdown(SocketShutdown.Send);
                CompleteIfBothClosed();
            }
        }
        catch (SocketException exception)
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
            // Linger 0 makes the close a reset, as Abort promises.
            _socket.LingerState = new LingerOption(true, 0);
            _socket.Close();
        }
    }

    public void EnableKeepAlive(TcpKeepAlive keepAlive) => SocketKeepAlive.Apply(_socket, keepAlive);

    public ValueTask DisposeAsync()
    {
        _closed.TrySetResult(_sentFin ? ConnectionClosure.Graceful : new ConnectionClosure(ConnectionFailure.Aborted));
        _stream.Dispose();
        _socket.Dispose();
        _sendTurn.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Fills <paramref name="buffer"/>; false when the stream ended before its first byte.</summary>
    private async Task<bool> ReadExactlyOrEndAsync(byte[] buffer, CancellationToken cancellationToken)
    {
        var filled = 0;
        while (filled < buffer.Length)
        {
            var read = await _stream.ReadAsync(buffer.AsMemory(filled), cancellationToken);
            if (read == 0)
            {
                if (filled == 0)
                {
                    return false;
                }

                throw Fail(null, "the peer closed in the middle of a frame");
            }

            filled += read;
        }

        return true;
    }

    private void CompleteIfBothClosed()
    {
        if (_sentFin && _readEof)
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

        if (sending && _sentFin)
        {
            throw new NetworkConnectionException(ConnectionFailure.None, $"the connection to {RemoteEndPoint} was closed for sending");
        }
    }

    private NetworkConnectionException Fail(Exception? cause, string what)
    {
        var failure = cause switch
        {
            SocketException socketError => SocketFailures.Of(socketError.SocketErrorCode),
            IOException { InnerException: SocketException inner } => SocketFailures.Of(inner.SocketErrorCode),
            _ => ConnectionFailure.Reset,
        };
        _closed.TrySetResult(new ConnectionClosure(failure));
        return new NetworkConnectionException(failure, $"{what} on the connection to {RemoteEndPoint}{(cause is null ? "" : ": " + cause.Message)}");
    }
}
