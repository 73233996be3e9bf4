using System.Net;
using Hospitality.Sync.Ports;

namespace Hospitality.Sync.Node.Load;

/// <summary>An <see cref="INetwork"/> that counts the replication messages' bytes both ways, across all its connections.</summary>
internal sealed class CountingNetwork(INetwork inner) : INetwork
{
    private long _sent;
    private long _received;
    private long _messages;

    public long BytesSent => Interlocked.Read(ref _sent);

    public long BytesReceived => Interlocked.Read(ref _received);

    public long Messages => Interlocked.Read(ref _messages);

    public ValueTask<IDatagramSocket> BindDatagramAsync(IPEndPoint local, CancellationToken cancellationToken = default) => inner.BindDatagramAsync(local, cancellationToken);

    public async ValueTask<IMessageConnection> ConnectAsync(IPEndPoint remote, CancellationToken cancellationToken = default) =>
        new CountingConnection(await inner.ConnectAsync(remote, cancellationToken), this);

    public ValueTask<IMessageListener> ListenAsync(IPEndPoint local, CancellationToken cancellationToken = default) => inner.ListenAsync(local, cancellationToken);

    public ValueTask<IPAddress[]> ResolveAsync(string hostName, CancellationToken cancellationToken = default) => inner.ResolveAsync(hostName, cancellationToken);

    private sealed class CountingConnection(IMessageConnection inner, CountingNetwork counts) : IMessageConnection
    {
        public IPEndPoint LocalEndPoint => inner.LocalEndPoint;

        public IPEndPoint RemoteEndPoint => inner.RemoteEndPoint;

        public int MaxMessageBytes => inner.MaxMessageBytes;

        public Task<ConnectionClosure> Closed => inner.Closed;

        public ValueTask SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default)
        {
            Interlocked.Add(ref counts._sent, message.Length);
            Interlocked.Increment(ref counts._messages);
            return inner.SendAsync(message, cancellationToken);
        }

        public async ValueTask<ReadOnlyMemory<byte>?> ReceiveAsync(CancellationToken cancellationToken = default)
        {
            var message = await inner.ReceiveAsync(cancellationToken);
            if (message is { } received)
            {
                Interlocked.Add(ref counts._received, received.Length);
                Interlocked.Increment(ref counts._messages);
            }

            return message;
        }

        public ValueTask CloseAsync(CancellationToken cancellationToken = default) => inner.CloseAsync(cancellationToken);

        public void Abort() => inner.Abort();

        public void EnableKeepAlive(TcpKeepAlive keepAlive) => inner.EnableKeepAlive(keepAlive);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
