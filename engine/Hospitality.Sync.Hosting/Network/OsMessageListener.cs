using System.Net;
using System.Net.Sockets;
using Hospitality.Sync.Ports;

namespace Hospitality.Sync.Hosting.Network;

/// <summary>A listening OS TCP socket that hands out framed message connections.</summary>
internal sealed class OsMessageListener : IMessageListener
{
    /// <summary>Pending connections the OS keeps before AcceptAsync takes them.</summary>
    public const int BacklogMax = 128;

    private readonly Socket _socket;

    public OsMessageListener(Socket socket)
    {
        this._socket = socket;
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
    }

    public IPEndPoint LocalEndPoint { get; }

    public async ValueTask<IMessageConnection> AcceptAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return new OsMessageConnection(await _socket.AcceptAsync(cancellationToken));
        }
        catch (SocketException exception) when (exception.SocketErrorCode is SocketError.OperationAborted or SocketError.Interrupted)
        {
            throw new ObjectDisposedException(nameof(OsMessageListener), exception);
        }
    }

    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }
}
