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
/// With a <see cref="SignalingAdmission"/>, a connection brings a bearer token (the
/// <c>Authorization</c> header, or <c>?access_token=</c> since a browser's WebSocket cannot send
/// headers) and its join must name the token's property and device; anything else is refused.
/// </summary>
public static class SignalingEndpoint
{
    /// <summary>Maps <paramref name="pattern"/> to a signaling server; returns the server for its stats.</summary>
    /// <param name="endpoints">Where to map it.</param>
    /// <param name="pattern">Its route.</param>
    /// <param name="options">The server's limits.</param>
    /// <param name="admission">Null admits anyone (a closed LAN); set, every join is checked against its connection's token.</param>
    /// <param name="property">With <paramref name="admission"/>: the only property whose rooms are served here (null: any the token holds).</param>
    public static SignalingServer MapSignaling(this IEndpointRouteBuilder endpoints, string pattern = "/signaling", SignalingServerOptions? options = null, SignalingAdmission? admission = null, string? property = null)
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
            if (admission is not null && string.IsNullOrEmpty(token))
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                await context.Response.WriteAsync("signaling here wants an access token: 'Authorization: Bearer <token>' or ?access_token=<token>\n");
                return;
            }

            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            var local = new IPEndPoint(context.Connection.LocalIpAddress ?? IPAddress.Loopback, context.Connection.LocalPort);
            var remote = new IPEndPoint(context.Connection.RemoteIpAddress ?? IPAddress.Loopback, context.Connection.RemotePort);
            var connection = new WebSocketMessageConnection(socket, local, remote, resolved.MaxMessageBytes);
            var admitted = admission is null
                ? connection
                : await AdmitAsync(connection, token, admission, property, resolved.JoinTimeout, context.RequestAborted);
            if (admitted is null)
            {
                return;
            }

            await Task.Factory.StartNew(() => server.ServeAsync(admitted, context.RequestAborted), context.RequestAborted, TaskCreationOptions.DenyChildAttach, loop).Unwrap();
        });
        return server;
    }

    /// <summary>
    /// Reads the connection's first message, which must be a join of the token's property and device;
    /// returns the connection with that join still to be read, or null after telling the client why not.
    /// </summary>
    private static async Task<Ports.IMessageConnection?> AdmitAsync(WebSocketMessageConnection connection, string? token, SignalingAdmission admission, string? property, TimeSpan joinTimeout, CancellationToken cancellationToken)
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

        var refusal = SignalCodec.Decode(frame).Message switch
        {
            JoinMessage join when property is not null && !string.Equals(join.PropertyId, property, StringComparison.Ordinal) =>
                AccessDecision.Forbidden($"this signaling server serves property '{property}', not '{join.PropertyId}'").Refusal,
            JoinMessage join => admission.Admit(token, join.PropertyId, join.DeviceId).Refusal,
            _ => "the first message must be a join",
        };
        if (refusal is null)
        {
            return new ReplayedFirstMessage(connection, frame);
        }

        try
        {
            await connection.SendAsync(SignalCodec.Encode(new SignalErrorMessage("unauthorized", refusal)), cancellationToken);
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
