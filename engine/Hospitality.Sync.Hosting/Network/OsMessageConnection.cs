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

    private readonly Socket socket;
    private readonly NetworkStream stream;
    private readonly SemaphoreSlim sendTurn = new(1, 1);
    private readonly TaskCompletionSource<ConnectionClosure> closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly byte[] prefix = new byte[PrefixBytes];
    private bool sentFin;
    private bool readEof;

    public OsMessageConnection(Socket socket)
    {
        this.socket = socket;
        socket.NoDelay = true;
        stream = new NetworkStream(socket, ownsSocket: false);
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
        RemoteEndPoint = (IPEndPoint)socket.RemoteEndPoint!;
    }

    public IPEndPoint LocalEndPoint { get; }

    public IPEndPoint RemoteEndPoint { get; }

    public int MaxMessageBytes => MaxFrameBytes;

    public Task<ConnectionClosure> Closed => closed.Task;

    public async ValueTask SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default)
    {
        if (message.Length > MaxMessageBytes)
        {
            throw new ArgumentException($"A message carries at most {MaxMessageBytes} bytes; got {message.Length}.", nameof(message));
        }

        await sendTurn.WaitAsync(cancellationToken);
        try
        {
            ThrowIfEnded(sending: true);
            var frame = new byte[PrefixBytes + message.Length];
            BinaryPrimitives.WriteInt32BigEndian(frame, message.Length);
            message.Span.CopyTo(frame.AsSpan(PrefixBytes));
            await stream.WriteAsync(frame, CancellationToken.None);
        }
        catch (Exception exception) when (exception is IOException or SocketException)
        {
            throw Fail(exception, "send failed");
        }
        finally
        {
            sendTurn.Release();
        }
    }

    public async ValueTask<ReadOnlyMemory<byte>?> ReceiveAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfEnded(sending: false);
        if (readEof)
        {
            return null;
        }

        try
        {
            if (!await ReadExactlyOrEndAsync(prefix, cancellationToken))
            {
                readEof = true;
                CompleteIfBothClosed();
                return null;
            }

            var length = BinaryPrimitives.ReadInt32BigEndian(prefix);
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
        await sendTurn.WaitAsync(cancellationToken);
        try
        {
            if (!sentFin && !closed.Task.IsCompleted)
            {
                sentFin = true;
                socket.Shutdown(SocketShutdown.Send);
                CompleteIfBothClosed();
            }
        }
        catch (SocketException exception)
        {
            throw Fail(exception, "close failed");
        }
        finally
        {
            sendTurn.Release();
        }
    }

    public void Abort()
    {
        if (closed.TrySetResult(new ConnectionClosure(ConnectionFailure.Aborted)))
        {
            // Linger 0 makes the close a reset, as Abort promises.
            socket.LingerState = new LingerOption(true, 0);
            socket.Close();
        }
    }

    public void EnableKeepAlive(TcpKeepAlive keepAlive)
    {
        // Linux counts whole seconds; a sub-second setting rounds up rather than to 0, which it refuses.
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
        socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, WholeSeconds(keepAlive.Idle));
        socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval, WholeSeconds(keepAlive.Interval));
        socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount, keepAlive.Probes);
    }

    public ValueTask DisposeAsync()
    {
        closed.TrySetResult(sentFin ? ConnectionClosure.Graceful : new ConnectionClosure(ConnectionFailure.Aborted));
        stream.Dispose();
        socket.Dispose();
        sendTurn.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Fills <paramref name="buffer"/>; false when the stream ended before its first byte.</summary>
    private async Task<bool> ReadExactlyOrEndAsync(byte[] buffer, CancellationToken cancellationToken)
    {
        var filled = 0;
        while (filled < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken);
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
        if (sentFin && readEof)
        {
            closed.TrySetResult(ConnectionClosure.Graceful);
        }
    }

    private void ThrowIfEnded(bool sending)
    {
        if (closed.Task.IsCompleted && !closed.Task.Result.IsGraceful)
        {
            throw new NetworkConnectionException(closed.Task.Result.Failure, $"the connection to {RemoteEndPoint} has ended ({closed.Task.Result.Failure})");
        }

        if (sending && sentFin)
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
        closed.TrySetResult(new ConnectionClosure(failure));
        return new NetworkConnectionException(failure, $"{what} on the connection to {RemoteEndPoint}{(cause is null ? "" : ": " + cause.Message)}");
    }

    private static int WholeSeconds(TimeSpan span) => Math.Max(1, (int)Math.Ceiling(span.TotalSeconds));
}
