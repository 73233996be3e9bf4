using System.Net;

namespace Hospitality.Sync.Ports;

/// <summary>
/// The engine's only way onto a network. Production binds it to OS sockets; the simulator to a
/// virtual network. Both keep the same contract, so the engine cannot tell them apart.
/// </summary>
public interface INetwork
{
    /// <summary>Binds a datagram (UDP) socket. Port 0 picks a free ephemeral port.</summary>
    ValueTask<IDatagramSocket> BindDatagramAsync(IPEndPoint local, CancellationToken cancellationToken = default);

    /// <summary>Opens a reliable, ordered message connection (framed messages over TCP).</summary>
    /// <exception cref="NetworkConnectionException">The peer refused, was unreachable or did not answer in time.</exception>
    ValueTask<IMessageConnection> ConnectAsync(IPEndPoint remote, CancellationToken cancellationToken = default);

    /// <summary>Listens for message connections on a local endpoint.</summary>
    ValueTask<IMessageListener> ListenAsync(IPEndPoint local, CancellationToken cancellationToken = default);

    /// <summary>Resolves a host name (DNS; <c>.local</c> names are mDNS's job, not this port's).</summary>
    /// <exception cref="NetworkConnectionException">The name does not resolve.</exception>
    ValueTask<IPAddress[]> ResolveAsync(string hostName, CancellationToken cancellationToken = default);
}
