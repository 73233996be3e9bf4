using System.Net;

namespace Hospitality.Sync.Ports;

/// <summary>An unreliable, unordered datagram socket: datagrams may be lost, duplicated or reordered.</summary>
public interface IDatagramSocket : IAsyncDisposable
{
    IPEndPoint LocalEndPoint { get; }

    /// <summary>
    /// The largest payload one datagram carries without IP fragmentation on the local link (its MTU
    /// less IP and UDP headers). Larger datagrams, up to 65,507 bytes, are fragmented; a path with a
    /// smaller MTU further on may fragment smaller ones too.
    /// </summary>
    int MaxDatagramBytes { get; }

    /// <summary>Sends one datagram. Completes when the datagram has left the socket, not when it arrives.</summary>
    ValueTask SendAsync(ReadOnlyMemory<byte> payload, IPEndPoint remote, CancellationToken cancellationToken = default);

    /// <summary>Waits for the next datagram.</summary>
    /// <exception cref="ObjectDisposedException">The socket was closed while waiting.</exception>
    ValueTask<Datagram> ReceiveAsync(CancellationToken cancellationToken = default);

    /// <summary>Receives datagrams sent to <paramref name="group"/> on this socket's port, within the local segment.</summary>
    void JoinMulticastGroup(IPAddress group);

    void LeaveMulticastGroup(IPAddress group);
}
