using System.Net;
using Hospitality.Sync.Access;
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
/// With <see cref="SignalingServerOptions.Admission"/>, the server refuses a join without a token of
/// the room's property for that device; the token travels in the join, or, for a client that cannot
/// put it there, in the <c>Authorization</c> header or <c>?access_token=</c> (a browser's WebSocket
/// cannot send headers), from where it is put into the join before the server reads it.
/// </summary>
public static class SignalingEndpoint
{
    /// <summary>Maps <paramref name="pattern"/> to a signaling server; returns the server for its stats.</summary>
    /// <param name="endpoints">Where to map it.</param>
    /// <param name="pattern">Its route.</param>
    /// <param name="options">The server's limits.</param>
    /// <param name="property">The only property whose rooms are served here (a hotel-node serves one); null: any.</param>
    public static SignalingServer MapSignaling(this IEndpointRouteBuilder endpoints, string pattern = "/signaling", SignalingServerOptions? options = null, string? property = null)
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

            var token = AccessTokenOf(context.Request);
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            var local = new IPEndPoint(context.Connection.LocalIpAddress ?? IPAddress.Loopback, context.Connection.LocalPort);
            var remote = new IPEndPoint(context.Connection.RemoteIpAddress ?? IPAddress.Loopback, context.Connection.RemotePort);
            var connection = new WebSocketMessageConnection(socket, local, remote, resolved.MaxMessageBytes);
            var admitted = token is null && property is null
                ? connection
                : await FirstJoinAsync(connection, token, property, resolved.JoinTimeout, context.RequestAborted);
            if (admitted is null)
            {
                return;
            }

            await Task.Factory.StartNew(() => server.ServeAsync(admitted, context.RequestAborted), context.RequestAborted, TaskCreationOptions.DenyChildAttach, loop).Unwrap();
        });
        return server;
    }

    /// <summary>
    /// Reads the connection's first message: a join of another property than <paramref name="property"/>
    /// is refused here; a join without a token gets the connection's. Returns the connection with the
    /// (rewritten) join still to be read by the server, which admits it, or null after telling the client why not.
    /// </summary>
    private static async Task<Ports.IMessageConnection?> FirstJoinAsync(WebSocketMessageConnection connection, string? token, string? property, TimeSpan joinTimeout, CancellationToken cancellationToken)
    {
        ReadOnlyMemory<byte>? first;
        try
        {
            // As the server itself: a connection that never joins is dropped after the join timeout.
            using var untilJoined = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            untilJoined.CancelAfter(joinTimeout);
            first = await connection.ReceiveAsync(untilJoined.Token);
        }
        catch (Exception exception) when (exception is Ports.NetworkConnectionException or OperationCanceledException)
        {
            return null;
        }

        if (first is not { } frame)
        {
            return null;
        }

        var message = SignalCodec.Decode(frame).Message;
        if (message is JoinMessage join && property is not null && !string.Equals(join.PropertyId, property, StringComparison.Ordinal))
        {
            return await RefuseAsync(connection, $"this signaling server serves property '{property}', not '{join.PropertyId}'", cancellationToken);
        }

        // Anything but a join goes to the server as it came: the server answers it as it answers any early message.
        return new ReplayedFirstMessage(connection, message is JoinMessage { Token: null } tokenless && token is not null ? SignalCodec.Encode(tokenless with { Token = token }) : frame);
    }

    private static async Task<Ports.IMessageConnection?> RefuseAsync(WebSocketMessageConnection connection, string refusal, CancellationToken cancellationToken)
    {
        try
        {
            await connection.SendAsync(SignalCodec.Encode(new SignalErrorMessage(SignalErrorCodes.Forbidden, refusal)), cancellationToken);
            await connection.CloseAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is Ports.NetworkConnectionException or OperationCanceledException)
        {
        }

        return null;
    }

    private static string? AccessTokenOf(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return header["Bearer ".Length..].Trim();
        }

        return request.Query.TryGetValue("access_token", out var token) && token.Count == 1 ? token[0] : null;
    }
}
