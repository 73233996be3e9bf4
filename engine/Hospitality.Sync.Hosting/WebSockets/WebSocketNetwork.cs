using System.Net;
using System.Net.Sockets;
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

    /// <summary>
    /// No WebSocket keepalive frames, on either end (the server's <c>UseWebSockets</c> says the same): the
    /// engine keeps its sessions alive itself, with the upstream's beacons on an idle stream and the
    /// kernel's TCP keepalive (<see cref="WebSocketMessageConnection.EnableKeepAlive"/>), which probes only
    /// an idle connection. Unsolicited pongs every 10 s from both ends cost about 1.9 MB a day per connection.
    /// </summary>
    public static readonly TimeSpan KeepAliveInterval = TimeSpan.Zero;

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
        // The connection's own socket, so that the engine's TCP keepalive can be set on it.
        Socket? tcp = null;
        using var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancel) =>
            {
                var opened = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await opened.ConnectAsync(context.DnsEndPoint, cancel);
                    tcp = opened;
                    return new NetworkStream(opened, ownsSocket: true);
                }
                catch
                {
                    opened.Dispose();
                    throw;
                }
            },
        };
        try
        {
            using var invoker = new HttpMessageInvoker(handler, disposeHandler: false);
            await socket.ConnectAsync(new Uri($"ws://{remote}{path}"), invoker, cancellationToken);
            return new WebSocketMessageConnection(socket, new IPEndPoint(IPAddress.Any, 0), remote, messageType, tcp);
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
