using System.Net;
using System.Net.WebSockets;
using Hospitality.Sync.Hosting.Network;
using Hospitality.Sync.Ports;

namespace Hospitality.Sync.Hosting.WebSockets;

/// <summary>
/// <see cref="INetwork"/> whose message connections are WebSockets on <see cref="Path"/>: connecting
/// opens ws://address:port/path; listening returns the one <see cref="Listener"/> that the HTTP
/// server feeds. Datagrams and name resolution are the OS's (<see cref="OsNetwork"/>).
/// <see cref="ForSignaling"/> is the same network for a device's WebRTC peer: its message connections
/// open the signaling route of a node (<c>/signaling</c>) and speak JSON in text messages, as a browser does.
/// </summary>
public sealed class WebSocketNetwork(WebSocketListener? listener = null, string path = WebSocketNetwork.Path, WebSocketMessageType messageType = WebSocketMessageType.Binary) : INetwork
{
    /// <summary>Where hotel nodes speak the framed replication protocol over WebSocket.</summary>
    public const string Path = "/api/replication/ws";

    /// <summary>Ping frames both ways: a peer that vanished is noticed within about twice this.</summary>
    public static readonly TimeSpan KeepAliveInterval = TimeSpan.FromSeconds(10);

    /// <summary>Accepted connections of this node's HTTP server; null on a node that serves nobody.</summary>
    public WebSocketListener? Listener { get; } = listener;

    /// <summary>Connects to a node's signaling route (JSON in text messages); serves nothing.</summary>
    public static WebSocketNetwork ForSignaling(string signalingPath) => new(null, signalingPath, WebSocketMessageType.Text);

    public ValueTask<IDatagramSocket> BindDatagramAsync(IPEndPoint local, CancellationToken cancellationToken = default) =>
        OsNetwork.Instance.BindDatagramAsync(local, cancellationToken);

    public async ValueTask<IMessageConnection> ConnectAsync(IPEndPoint remote, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(remote);
        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = KeepAliveInterval;
        try
        {
            await socket.ConnectAsync(new Uri($"ws://{remote}{path}"), cancellationToken);
            return new WebSocketMessageConnection(socket, new IPEndPoint(IPAddress.Any, 0), remote, messageType);
        }
        catch (WebSocketException exception)
        {
            socket.Dispose();
            var refused = exception.InnerException is HttpRequestException { InnerException: System.Net.Sockets.SocketException };
            throw new NetworkConnectionException(refused ? ConnectionFailure.Refused : ConnectionFailure.Unreachable, $"cannot open a WebSocket to {remote}{path}: {exception.Message}");
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public ValueTask<IMessageListener> ListenAsync(IPEndPoint local, CancellationToken cancellationToken = default) =>
        Listener is null
            ? throw new InvalidOperationException("This node has no HTTP server to accept WebSockets on.")
            : ValueTask.FromResult<IMessageListener>(Listener);

    public ValueTask<IPAddress[]> ResolveAsync(string hostName, CancellationToken cancellationToken = default) =>
        OsNetwork.Instance.ResolveAsync(hostName, cancellationToken);
}
