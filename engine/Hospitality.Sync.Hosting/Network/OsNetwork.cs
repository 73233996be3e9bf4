using System.Net;
using System.Net.Sockets;
using Hospitality.Sync.Ports;

namespace Hospitality.Sync.Hosting.Network;

/// <summary>
/// <see cref="INetwork"/> on the operating system's sockets: IPv4 UDP with real multicast, message
/// connections as TCP with a 4-byte big-endian length prefix per message, and DNS.
/// </summary>
public sealed class OsNetwork : INetwork
{
    /// <summary>Sockets with no multicast interface of their own: the kernel's routing table picks one.</summary>
    public static OsNetwork Instance { get; } = new(null);

    /// <param name="multicastInterface">
    /// The address of the one interface that multicast is sent and received on (mDNS); null leaves it to the
    /// kernel. Multicast loopback is on, so the host hears its own group traffic, as two programs on one host must.
    /// </param>
    public OsNetwork(IPAddress? multicastInterface) => MulticastInterface = multicastInterface;

    public IPAddress? MulticastInterface { get; }

    /// <summary>What a datagram socket asks the kernel to buffer (Linux caps it at net.core.rmem_max).</summary>
    public const int ReceiveBufferBytes = 4 * 1024 * 1024;

    public ValueTask<IDatagramSocket> BindDatagramAsync(IPEndPoint local, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(local);
        cancellationToken.ThrowIfCancellationRequested();
        if (local.AddressFamily != AddressFamily.InterNetwork)
        {
            throw new NotSupportedException($"only IPv4 is supported, not {local}");
        }

        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            // A fixed port is how multicast listeners (mDNS on 5353) share one; ephemeral ports stay exclusive.
            if (local.Port != 0)
            {
                socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            }

            // The default 208 KiB overflows under a data channel's bursts, and every overflow costs SCTP a retransmission.
            socket.ReceiveBufferSize = ReceiveBufferBytes;
            if (MulticastInterface is { } chosen)
            {
                // Never send multicast on an interface the caller did not choose.
                socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastInterface, chosen.GetAddressBytes());
                socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastLoopback, true);
            }

            socket.Bind(local);
            return ValueTask.FromResult<IDatagramSocket>(new OsDatagramSocket(socket, MulticastInterface));
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public async ValueTask<IMessageConnection> ConnectAsync(IPEndPoint remote, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(remote);
        var socket = new Socket(remote.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(remote, cancellationToken);
            return new OsMessageConnection(socket);
        }
        catch (SocketException exception)
        {
            socket.Dispose();
            throw SocketFailures.Exception(exception, $"cannot connect to {remote}");
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public ValueTask<IMessageListener> ListenAsync(IPEndPoint local, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(local);
        cancellationToken.ThrowIfCancellationRequested();
        var socket = new Socket(local.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(local);
            socket.Listen(OsMessageListener.BacklogMax);
            return ValueTask.FromResult<IMessageListener>(new OsMessageListener(socket));
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public async ValueTask<IPAddress[]> ResolveAsync(string hostName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(hostName);
        try
        {
            var addresses = await Dns.GetHostAddressesAsync(hostName, AddressFamily.InterNetwork, cancellationToken);
            return addresses.Length > 0
                ? addresses
                : throw new NetworkConnectionException(ConnectionFailure.Unreachable, $"{hostName} has no IPv4 address");
        }
        catch (SocketException exception)
        {
            throw new NetworkConnectionException(ConnectionFailure.Unreachable, $"{hostName} does not resolve: {exception.Message}");
        }
    }
}
