using System.Net;
using Hospitality.Sync.Ports;

namespace Hospitality.Sim.Network;

/// <summary>A UDP socket on a simulated host, with a bounded receive buffer like a real one.</summary>
internal sealed class VirtualDatagramSocket(HostNetwork owner, int port) : IDatagramSocket
{
    /// <summary>Linux's default receive buffer (net.core.rmem_default).</summary>
    private const int ReceiveBufferBytes = 212_992;

    private readonly Queue<Datagram> _received = new();
    private readonly List<uint> _groups = [];
    private int _receivedBytes;
    private readonly ReceiveWaiter<Datagram> _receiver = new();
    private bool _closed;

    public int Port { get; } = port;

    public IPEndPoint LocalEndPoint => owner.EndPoint(owner.LocalAddress, Port);

    public int MaxDatagramBytes => (owner.Host.AccessProfile?.MtuBytes ?? 1500) - VirtualNetwork.DatagramOverheadBytes;

    public ValueTask SendAsync(ReadOnlyMemory<byte> payload, IPEndPoint remote, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        cancellationToken.ThrowIfCancellationRequested();
        if (payload.Length > VirtualNetwork.MaxDatagramPayloadBytes)
        {
            throw new ArgumentException($"A datagram carries at most {VirtualNetwork.MaxDatagramPayloadBytes} bytes; got {payload.Length}.", nameof(payload));
        }

        // Copy: the caller may reuse its buffer as soon as the send completes.
        owner.SendDatagram(Port, remote, payload.ToArray());
        return ValueTask.CompletedTask;
    }

    public ValueTask<Datagram> ReceiveAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        if (_received.TryDequeue(out var datagram))
        {
            _receivedBytes -= datagram.Payload.Length;
            return ValueTask.FromResult(datagram);
        }

        if (_receiver.IsWaiting)
        {
            throw new InvalidOperationException("Only one receive may wait on a socket at a time.");
        }

        cancellationToken.ThrowIfCancellationRequested();
        return _receiver.Start(cancellationToken);
    }

    public void JoinMulticastGroup(IPAddress group)
    {
        var value = HostNetwork.AddressValue(group);
        if ((value >> 28) != 0xE)
        {
            throw new ArgumentException($"{group} is not a multicast address.", nameof(group));
        }

        if (!_groups.Contains(value))
        {
            _groups.Add(value);
        }
    }

    public void LeaveMulticastGroup(IPAddress group) => _groups.Remove(HostNetwork.AddressValue(group));

    public ValueTask DisposeAsync()
    {
        if (!_closed)
        {
            owner.Forget(this);
            Close();
        }

        return ValueTask.CompletedTask;
    }

    internal bool IsMember(uint group) => _groups.Contains(group);

    /// <summary>Hands a datagram to a waiting receiver, or buffers it; false when the buffer is full.</summary>
    internal bool Enqueue(Datagram datagram)
    {
        if (_closed)
        {
            return false;
        }

        if (_receiver.IsWaiting)
        {
            _receiver.SetResult(datagram);
            return true;
        }

        if (_receivedBytes + datagram.Payload.Length > ReceiveBufferBytes)
        {
            return false;
        }

        _received.Enqueue(datagram);
        _receivedBytes += datagram.Payload.Length;
        return true;
    }

    internal void Close()
    {
        _closed = true;
        _received.Clear();
        if (_receiver.IsWaiting)
        {
            _receiver.SetException(new ObjectDisposedException(nameof(VirtualDatagramSocket), "The socket was closed."));
        }
    }
}
