using System.Net;
using System.Threading.Channels;
using Hospitality.Sync.Ports;

namespace Hospitality.Sync.Hosting.WebSockets;

/// <summary>
/// The engine's listener for WebSocket connections that an HTTP server (Kestrel) accepted: the
/// server offers each upgraded connection, the replication server accepts it on its run loop.
/// </summary>
public sealed class WebSocketListener(IPEndPoint localEndPoint) : IMessageListener
{
    /// <summary>Upgraded connections waiting to be accepted, as a TCP backlog would hold them.</summary>
    public const int BacklogMax = 1024;

    private readonly Channel<IMessageConnection> _pending = Channel.CreateBounded<IMessageConnection>(BacklogMax);

    public IPEndPoint LocalEndPoint { get; } = localEndPoint;

    /// <summary>Hands an upgraded connection to whoever accepts; false (and the caller closes it) when the backlog is full or the listener closed.</summary>
    public bool Offer(IMessageConnection connection) => _pending.Writer.TryWrite(connection);

    public async ValueTask<IMessageConnection> AcceptAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return await _pending.Reader.ReadAsync(cancellationToken);
        }
        catch (ChannelClosedException exception)
        {
            throw new ObjectDisposedException(nameof(WebSocketListener), exception);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _pending.Writer.TryComplete();
        while (_pending.Reader.TryRead(out var connection))
        {
            await connection.DisposeAsync();
        }
    }
}
