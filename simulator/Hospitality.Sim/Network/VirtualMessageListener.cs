using System.Net;
using Hospitality.Sim.Network.Tcp;
using Hospitality.Sync.Ports;

namespace Hospitality.Sim.Network;

/// <summary>A listening TCP port: holds established connections until the application accepts them.</summary>
internal sealed class VirtualMessageListener(HostNetwork owner, int port, int backlog) : IMessageListener
{
    private readonly Queue<TcpConnection> _established = new();
    private TaskCompletionSource<IMessageConnection>? _acceptor;
    private CancellationTokenRegistration _acceptorCancellation;
    private bool _closed;

    public int Port { get; } = port;

    public IPEndPoint LocalEndPoint => owner.EndPoint(owner.LocalAddress, Port);

    /// <summary>Half-open plus established-but-unaccepted connections, against the backlog.</summary>
    internal int Pending { get; set; }

    internal bool HasRoom => !_closed && Pending < backlog;

    public ValueTask<IMessageConnection> AcceptAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        if (_established.TryDequeue(out var connection))
        {
            Pending--;
            return ValueTask.FromResult<IMessageConnection>(connection);
        }

        if (_acceptor is not null)
        {
            throw new InvalidOperationException("Only one accept may wait on a listener at a time.");
        }

        cancellationToken.ThrowIfCancellationRequested();
        var acceptor = new TaskCompletionSource<IMessageConnection>();
        _acceptor = acceptor;
        _acceptorCancellation = cancellationToken.Register(() =>
        {
            if (_acceptor == acceptor)
            {
                _acceptor = null;
                acceptor.TrySetCanceled(cancellationToken);
            }
        });
        return new ValueTask<IMessageConnection>(acceptor.Task);
    }

    public ValueTask DisposeAsync()
    {
        if (!_closed)
        {
            owner.Forget(this);
            Close();
        }

        return ValueTask.CompletedTask;
    }

    internal void OnEstablished(TcpConnection connection)
    {
        if (_closed)
        {
            connection.Abort();
            return;
        }

        if (_acceptor is { } acceptor)
        {
            _acceptor = null;
            _acceptorCancellation.Dispose();
            Pending--;
            acceptor.TrySetResult(connection);
            return;
        }

        _established.Enqueue(connection);
    }

    internal void Close()
    {
        _closed = true;
        while (_established.TryDequeue(out var connection))
        {
            connection.Abort();
        }

        if (_acceptor is { } acceptor)
        {
            _acceptor = null;
            _acceptorCancellation.Dispose();
            acceptor.TrySetException(new ObjectDisposedException(nameof(VirtualMessageListener), "The listener was closed."));
        }
    }
}
