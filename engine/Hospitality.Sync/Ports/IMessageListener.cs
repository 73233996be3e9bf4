using System.Net;

namespace Hospitality.Sync.Ports;

/// <summary>Accepts incoming message connections on one local endpoint.</summary>
public interface IMessageListener : IAsyncDisposable
{
    IPEndPoint LocalEndPoint { get; }

    /// <summary>Waits for the next fully established connection.</summary>
    /// <exception cref="ObjectDisposedException">The listener was closed while waiting.</exception>
    ValueTask<IMessageConnection> AcceptAsync(CancellationToken cancellationToken = default);
}
