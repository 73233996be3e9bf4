using System.Net;

namespace Hospitality.Sync.Ports;

/// <summary>
/// A reliable, ordered connection that carries whole messages (length-prefixed frames over a
/// byte stream). Messages arrive in the order sent, exactly once, or the connection fails.
/// </summary>
public interface IMessageConnection : IAsyncDisposable
{
    IPEndPoint LocalEndPoint { get; }

    IPEndPoint RemoteEndPoint { get; }

    /// <summary>The largest message either side accepts; larger frames fail the connection.</summary>
    int MaxMessageBytes { get; }

    /// <summary>Completes with how the connection ended: a graceful close, or the failure that broke it.</summary>
    Task<ConnectionClosure> Closed { get; }

    /// <summary>
    /// Queues one message. Waits while the send buffer is full (back-pressure). Concurrent sends are
    /// queued in call order; a send cancelled while it waits has queued nothing.
    /// </summary>
    /// <exception cref="ArgumentException">The message is larger than <see cref="MaxMessageBytes"/>.</exception>
    /// <exception cref="NetworkConnectionException">The connection has failed or is closed.</exception>
    ValueTask SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default);

    /// <summary>Waits for the next message; <c>null</c> once the peer has closed gracefully and every message was read.</summary>
    /// <exception cref="NetworkConnectionException">The connection failed.</exception>
    ValueTask<ReadOnlyMemory<byte>?> ReceiveAsync(CancellationToken cancellationToken = default);

    /// <summary>Closes gracefully: queued messages are still delivered, then the peer reads end-of-stream.</summary>
    ValueTask CloseAsync(CancellationToken cancellationToken = default);

    /// <summary>Drops the connection at once (a reset); queued messages are lost.</summary>
    void Abort();

    /// <summary>Turns on TCP keepalive: a peer that vanished is noticed by the transport, with no message exchanged.</summary>
    void EnableKeepAlive(TcpKeepAlive keepAlive);
}
