using System.Buffers.Binary;
using System.Net;
using Hospitality.Sim.Network.Tcp;
using Hospitality.Sync.Ports;

namespace Hospitality.Sim.Network;

/// <summary>
/// One host's <see cref="INetwork"/>: its port tables (datagram sockets, listeners, connections)
/// and the demultiplexing of packets that arrive for it. A crash or a move resets the tables.
/// </summary>
internal sealed class HostNetwork(VirtualNetwork network, SimHost host) : INetwork
{
    private const int FirstEphemeralPort = 49152;

    private readonly Dictionary<int, VirtualDatagramSocket> _datagramSockets = [];
    private readonly Dictionary<int, VirtualMessageListener> _listeners = [];
    private readonly Dictionary<ConnectionKey, TcpConnection> _connections = [];
    private int _nextEphemeralPort = FirstEphemeralPort;

    public VirtualNetwork VirtualNetwork => network;

    public SimHost Host => host;

    public ValueTask<IDatagramSocket> BindDatagramAsync(IPEndPoint local, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        EnsureLocal(local.Address);
        var port = local.Port == 0 ? AllocatePort() : local.Port;
        if (_datagramSockets.ContainsKey(port))
        {
            throw new InvalidOperationException($"{host.Name}: datagram port {port} is already bound.");
        }

        var socket = new VirtualDatagramSocket(this, port);
        _datagramSockets.Add(port, socket);
        return ValueTask.FromResult<IDatagramSocket>(socket);
    }

    public async ValueTask<IMessageConnection> ConnectAsync(IPEndPoint remote, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!host.IsUp || host.Segment is null)
        {
            throw new NetworkConnectionException(ConnectionFailure.Unreachable, $"{host.Name} is offline: no route to {remote}.");
        }

        var remoteAddress = AddressValue(remote.Address);
        var connection = new TcpConnection(this, AllocatePort(), remoteAddress, remote.Port, isActiveOpener: true);
        _connections.Add(connection.Key, connection);
        connection.Open();
        await connection.WaitEstablishedAsync(cancellationToken);
        return connection;
    }

    public ValueTask<IMessageListener> ListenAsync(IPEndPoint local, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        EnsureLocal(local.Address);
        var port = local.Port == 0 ? AllocatePort() : local.Port;
        if (_listeners.ContainsKey(port))
        {
            throw new InvalidOperationException($"{host.Name}: port {port} already has a listener.");
        }

        var listener = new VirtualMessageListener(this, port, network.TcpOptions.AcceptBacklog);
        _listeners.Add(port, listener);
        return ValueTask.FromResult<IMessageListener>(listener);
    }

    public ValueTask<IPAddress[]> ResolveAsync(string hostName, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (IPAddress.TryParse(hostName, out var literal))
        {
            return ValueTask.FromResult<IPAddress[]>([literal]);
        }

        // A .local name is answered by mDNS on the local link only: off the building's network it does not resolve.
        var linkLocal = hostName.EndsWith(".local", StringComparison.OrdinalIgnoreCase);
        if (network.HostNamed(hostName) is { Address: { } address } target && (!linkLocal || (host.Segment is not null && target.Segment == host.Segment)))
        {
            return ValueTask.FromResult<IPAddress[]>([address]);
        }

        throw new NetworkConnectionException(ConnectionFailure.Unreachable, $"{hostName} does not resolve.");
    }

    /// <summary>This host's current address as a number (0 while offline).</summary>
    internal uint LocalAddress => host.AddressValue;

    internal IPEndPoint EndPoint(uint address, int port) => network.EndPoint(address, port);

    internal static uint AddressValue(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        if (bytes.Length != 4)
        {
            throw new NotSupportedException($"The virtual network is IPv4 only: {address}.");
        }

        return BinaryPrimitives.ReadUInt32BigEndian(bytes);
    }

    internal bool ListensToGroup(uint group, int port) =>
        _datagramSockets.TryGetValue(port, out var socket) && socket.IsMember(group);

    internal DropReason? DeliverDatagram(Packet packet)
    {
        if (!_datagramSockets.TryGetValue(packet.DestinationPort, out var socket)
            || (packet.Group != 0 && !socket.IsMember(packet.Group)))
        {
            return DropReason.NoListener;
        }

        var from = network.EndPoint(packet.SourceAddress, packet.SourcePort);
        return socket.Enqueue(new Datagram(from, packet.Payload)) ? null : DropReason.ReceiveBufferFull;
    }

    internal void DeliverSegment(Packet packet)
    {
        var key = new ConnectionKey(packet.DestinationPort, packet.SourceAddress, packet.SourcePort);
        var header = packet.Tcp;
        if (_connections.TryGetValue(key, out var connection))
        {
            connection.OnSegment(header, packet.Payload);
            return;
        }

        if (header.Flags == TcpFlags.Syn && _listeners.TryGetValue(packet.DestinationPort, out var listener) && listener.HasRoom)
        {
            var accepted = new TcpConnection(this, packet.DestinationPort, packet.SourceAddress, packet.SourcePort, isActiveOpener: false, listener);
            _connections.Add(accepted.Key, accepted);
            accepted.OnSegment(header, packet.Payload);
            return;
        }

        if ((header.Flags & TcpFlags.Rst) == 0 && !(header.Flags == TcpFlags.Syn && _listeners.ContainsKey(packet.DestinationPort)))
        {
            // Nothing here owns the segment: answer with a reset, as a real stack does.
            var reset = new TcpHeader(TcpFlags.Rst | TcpFlags.Ack, header.Acknowledgement, header.Sequence + Math.Max(1, packet.Payload.Length));
            network.SendSegment(host, packet.DestinationPort, packet.SourceAddress, packet.SourcePort, reset, default);
        }
    }

    internal void SendSegment(TcpConnection connection, TcpHeader header, ReadOnlyMemory<byte> data) =>
        network.SendSegment(host, connection.Key.LocalPort, connection.Key.RemoteAddress, connection.Key.RemotePort, header, data);

    internal void SendDatagram(int sourcePort, IPEndPoint remote, ReadOnlyMemory<byte> payload) =>
        network.SendDatagram(host, sourcePort, AddressValue(remote.Address), remote.Port, payload);

    // Forget by identity: after a crash or a move the same key may belong to a newer object.
    internal void Forget(TcpConnection connection) => Remove(_connections, connection.Key, connection);

    internal void Forget(VirtualDatagramSocket socket) => Remove(_datagramSockets, socket.Port, socket);

    internal void Forget(VirtualMessageListener listener) => Remove(_listeners, listener.Port, listener);

    private static void Remove<TKey, TValue>(Dictionary<TKey, TValue> table, TKey key, TValue value)
        where TKey : notnull
        where TValue : class
    {
        if (table.TryGetValue(key, out var current) && ReferenceEquals(current, value))
        {
            table.Remove(key);
        }
    }

    /// <summary>Drops every connection, and on a crash every socket and listener too.</summary>
    internal void Reset(ConnectionFailure failure)
    {
        foreach (var connection in _connections.Values.ToList())
        {
            connection.FailSilently(failure);
        }

        _connections.Clear();
        if (failure != ConnectionFailure.Aborted)
        {
            // A new address breaks connections; sockets bound to "any" keep their ports, as on a real OS.
            return;
        }

        foreach (var socket in _datagramSockets.Values.ToList())
        {
            socket.Close();
        }

        foreach (var listener in _listeners.Values.ToList())
        {
            listener.Close();
        }

        _datagramSockets.Clear();
        _listeners.Clear();
    }

    private void EnsureLocal(IPAddress address)
    {
        if (!address.Equals(IPAddress.Any) && !address.Equals(host.Address))
        {
            throw new InvalidOperationException($"{host.Name} has no address {address} (it has {host.Address?.ToString() ?? "none"}).");
        }
    }

    private int AllocatePort()
    {
        for (var attempt = 0; attempt < 65536 - FirstEphemeralPort; attempt++)
        {
            var port = _nextEphemeralPort;
            _nextEphemeralPort = port == 65535 ? FirstEphemeralPort : port + 1;
            if (!_datagramSockets.ContainsKey(port) && !_listeners.ContainsKey(port) && !_connections.Keys.Any(key => key.LocalPort == port))
            {
                return port;
            }
        }

        throw new InvalidOperationException($"{host.Name}: no ephemeral port left.");
    }
}
