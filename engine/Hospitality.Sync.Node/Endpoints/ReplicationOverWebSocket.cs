using System.Net;
using Hospitality.Sync.Hosting.WebSockets;
using Hospitality.Sync.Node.Service;
using Microsoft.AspNetCore.Http;

namespace Hospitality.Sync.Node.Endpoints;

/// <summary>
/// The framed replication protocol over WebSocket: an upgraded request becomes a message connection
/// that the node's replication server accepts on its run loop; the request lasts as long as the connection.
/// </summary>
internal static class ReplicationOverWebSocket
{
    public static async Task AcceptAsync(HttpContext context, WebSocketNetwork network, NodeService node)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync($"{WebSocketNetwork.Path} speaks the replication protocol over WebSocket only.");
            return;
        }

        if (network.Listener is null || node.State != NodeState.Ready)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            await context.Response.WriteAsync(network.Listener is null ? "This node serves no replication (a device)." : $"The node is {node.State.ToString().ToLowerInvariant()}.");
            return;
        }

        var socket = await context.WebSockets.AcceptWebSocketAsync();
        var local = new IPEndPoint(context.Connection.LocalIpAddress ?? IPAddress.Any, context.Connection.LocalPort);
        var remote = new IPEndPoint(context.Connection.RemoteIpAddress ?? IPAddress.Any, context.Connection.RemotePort);
        var connection = new WebSocketMessageConnection(socket, local, remote);
        if (!network.Listener.Offer(connection))
        {
            connection.Abort();
            return;
        }

        await connection.Closed;
    }
}
