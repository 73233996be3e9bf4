using System.Net;
using Hospitality.Sync.Ports;

namespace Hospitality.Sync.Tests.Replication;

/// <summary>A host's network that keeps the keepalive each connection it opened was given.</summary>
internal sealed class RecordingNetwork(INetwork inner) : INetwork
{
    public List<(IPAddress Remote, TcpKeepAlive KeepAlive)> KeepAlives { get; } = [];

    public ValueTask<IDatagramSocket> BindDatagramAsync(IPEndPoint local, CancellationToken cancellationToken = default) => inner.BindDatagramAsync(local, cancellationToken);

    public async ValueTask<IMessageConnection> ConnectAsync(IPEndPoint remote, CancellationToken cancellationToken = default) =>
        new Connection(await inner.ConnectAsync(remote, cancellationToken), this);

    public ValueTask<IMessageListener> ListenAsync(IPEndPoint local, CancellationToken cancellationToken = default) => inner.ListenAsync(local, cancellationToken);

    public ValueTask<IPAddress[]> ResolveAsync(string hostName, CancellationToken cancellationToken = default) => inner.ResolveAsync(hostName, cancellationToken);

    private sealed class Connection(IMessageConnection inner, RecordingNetwork network) : IMessageConnection
    {
        public IPEndPoint LocalEndPoint => inner.LocalEndPoint;

        public IPEndPoint RemoteEndPoint => inner.RemoteEndPoint;

        public int MaxMessageBytes => inner.MaxMessageBytes;

        public Task<ConnectionClosure> Closed => inner.Closed;

        public ValueTask SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default) => inner.SendAsync(message, cancellationToken);

        public ValueTask<ReadOnlyMemory<byte>?> ReceiveAsync(CancellationToken cancellationToken = default) => inner.ReceiveAsync(cancellationToken);

        public ValueTask CloseAsync(CancellationToken cancellationToken = default) => inner.CloseAsync(cancellationToken);

        public void Abort() => inner.Abort();

        public void EnableKeepAlive(TcpKeepAlive keepAlive)
        {
            network.KeepAlives.Add((inner.RemoteEndPoint.Address, keepAlive));
            inner.EnableKeepAlive(keepAlive);
        }

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
