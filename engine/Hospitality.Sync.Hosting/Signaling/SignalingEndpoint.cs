using System.Net;
using Hospitality.Sync.Hosting.Network;
using Hospitality.Sync.Signaling;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Hospitality.Sync.Hosting.Signaling;

/// <summary>
/// Serves the engine's <see cref="SignalingServer"/> over WebSocket on Kestrel (<c>/signaling</c>,
/// JSON text frames with the seed's message names), so a browser can join a room. The server is
/// engine code written for one run loop: every connection's work runs on one exclusive scheduler,
/// whose captured context brings each await back to it, so the server's state needs no lock.
/// </summary>
public static class SignalingEndpoint
{
    /// <summary>Maps <paramref name="pattern"/> to a signaling server; returns the server for its stats.</summary>
    public static SignalingServer MapSignaling(this IEndpointRouteBuilder endpoints, string pattern = "/signaling", SignalingServerOptions? options = null)
    {
        var resolved = options ?? new SignalingServerOptions();
        var server = new SignalingServer(new OsNetwork(multicastInterface: null), TimeProvider.System, resolved);
        var loop = new ConcurrentExclusiveSchedulerPair().ExclusiveScheduler;
        endpoints.Map(pattern, async context =>
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                await context.Response.WriteAsync("signaling speaks WebSocket: send an Upgrade request\n");
                return;
            }

            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            var local = new IPEndPoint(context.Connection.LocalIpAddress ?? IPAddress.Loopback, context.Connection.LocalPort);
            var remote = new IPEndPoint(context.Connection.RemoteIpAddress ?? IPAddress.Loopback, context.Connection.RemotePort);
            var connection = new WebSocketMessageConnection(socket, local, remote, resolved.MaxMessageBytes);
            await Task.Factory.StartNew(() => server.ServeAsync(connection, context.RequestAborted), context.RequestAborted, TaskCreationOptions.DenyChildAttach, loop).Unwrap();
        });
        return server;
    }
}
