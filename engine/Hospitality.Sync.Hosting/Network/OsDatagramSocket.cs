using System.Net;
using System.Net.Sockets;
using Hospitality.Sync.Ports;

namespace Hospitality.Sync.Hosting.Network;

/// <summary>An OS UDP socket (IPv4) behind <see cref="IDatagramSocket"/>. Safe to send from several threads while one receive waits.</summary>
internal sealed class OsDatagramSocket : IDatagramSocket
{
    /// <summary>Ethernet's 1,500-byte MTU less 20 bytes of IPv4 and 8 of UDP header.</summary>
    public const int EthernetPayloadBytes = 1472;

    /// <summary>The largest UDP payload over IPv4.</summary>
    private const int ReceiveBufferBytes = 65_507;

    private readonly Socket _socket;
    private readonly byte[] _buffer = new byte[ReceiveBufferBytes];
    private volatile bool _closed;

    private readonly IPAddress? _multicastInterface;

    public OsDatagramSocket(Socket socket, IPAddress? multicastInterface = null)
    {
        this._socket = socket;
        this._multicastInterface = multicastInterface;
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
    }

    public IPEndPoint LocalEndPoint { get; }

    public int MaxDatagramBytes => EthernetPayloadBytes;

    /// <summary>Sends at once (UDP sends do not block); an unreachable destination loses the datagram, as UDP does.</summary>
    public ValueTask SendAsync(ReadOnlyMemory<byte> payload, IPEndPoint remote, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            _socket.SendTo(payload.Span, SocketFlags.None, remote);
        }
        catch (SocketException)
        {
            // No route, ICMP unreachable from an earlier send, buffer full: the datagram is lost.
        }

        return ValueTask.CompletedTask;
    }

    public async ValueTask<Datagram> ReceiveAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            try
            {
                var result = await _socket.ReceiveFromAsync(_buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), cancellationToken);
                return new Datagram((IPEndPoint)result.RemoteEndPoint, _buffer.AsSpan(0, result.ReceivedBytes).ToArray());
            }
            catch (SocketException exception) when (exception.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionRefused or SocketError.MessageSize)
            {
                // An ICMP error for an earlier send, or an oversized datagram: not this receive's business.
            }
            catch (SocketException exception) when (exception.SocketErrorCode is SocketError.OperationAborted or SocketError.Interrupted || _closed)
            {
                throw new ObjectDisposedException(nameof(OsDatagramSocket), exception);
            }
        }
    }

    public void JoinMulticastGroup(IPAddress group) =>
        _socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.AddMembership, Membership(group));

    public void LeaveMulticastGroup(IPAddress group) =>
        _socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.DropMembership, Membership(group));

    public ValueTask DisposeAsync()
    {
        _closed = true;
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }

    private MulticastOption Membership(IPAddress group) =>
        new(group, _multicastInterface ?? (LocalEndPoint.Address.Equals(IPAddress.Any) ? IPAddress.Any : LocalEndPoint.Address));
}
