using System.Net;
using Hospitality.Sync.Ports;

namespace Hospitality.Sync.Hosting.Signaling;

/// <summary>A connection whose first message was read to admit it: the signaling server reads that message first, then the rest.</summary>
internal sealed class ReplayedFirstMessage(IMessageConnection inner, ReadOnlyMemory<byte> first) : IMessageConnection
{
    private ReadOnlyMemory<byte>? _first = first;

    public IPEndPoint LocalEndPoint => inner.LocalEndPoint;

    public IPEndPoint RemoteEndPoint => inner.RemoteEndPoint;

    public int MaxMessageBytes => inner.MaxMessageBytes;

    public Task<ConnectionClosure> Closed => inner.Closed;

    public ValueTask SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default) => inner.SendAsync(message, cancellationToken);

    public ValueTask<ReadOnlyMemory<byte>?> ReceiveAsync(CancellationToken cancellationToken = default)
    {
        if (_first is { } first)
        {
            _first = null;
            return ValueTask.FromResult<ReadOnlyMemory<byte>?>(first);
        }

        return inner.ReceiveAsync(cancellationToken);
    }

    public ValueTask CloseAsync(CancellationToken cancellationToken = default) => inner.CloseAsync(cancellationToken);

    public void Abort() => inner.Abort();

    public void EnableKeepAlive(TcpKeepAlive keepAlive) => inner.EnableKeepAlive(keepAlive);

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
