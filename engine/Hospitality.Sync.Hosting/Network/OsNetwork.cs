using System.Net;
using System.Net.Sockets;
using Hospitality.Sync.Ports;

namespace Hospitality.Sync.Hosting.Network;

/// <summary>
/// <see cref="INetwork"/> on the operating system's sockets: IPv4 UDP with real multicast, and
/// DNS. Framed TCP message connections are not built yet (nothing on the WebRTC path needs them).
/// </summary>
public sealed class OsNetwork : INetwork
{
    public static OsNetwork Instance { get; } = new();

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

            socket.Bind(local);
            return ValueTask.FromResult<IDatagramSocket>(new OsDatagramSocket(socket));
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public ValueTask<IMessageConnection> ConnectAsync(IPEndPoint remote, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("framed TCP message connections on the OS are not built yet: not needed by WebRTC yet");

    public ValueTask<IMessageListener> ListenAsync(IPEndPoint local, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("framed TCP message listeners on the OS are not built yet: not needed by WebRTC yet");

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
