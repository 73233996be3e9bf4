using System.Net;
using Hospitality.Sync.Ports;
using Hospitality.Sync.Replication.Protocol;

namespace Hospitality.Sync.Replication;

/// <summary>The seed's <c>GET /api/replication/health</c>: a health request on a fresh connection, answered "ok" with the server's change-feed position.</summary>
internal static class HealthCheck
{
    /// <summary>
    /// Returns the round trip and the server's last sequence; throws what the connection or a wrong answer throws.
    /// With <paramref name="accessToken"/>, a hello bringing it goes first in the same flight (a server
    /// that checks access answers nothing else before one), and the round trip still counts one exchange.
    /// </summary>
    /// <exception cref="ProtocolViolationException">The server answered something other than "ok", or refused the token.</exception>
    public static async Task<(TimeSpan RoundTrip, long LastSequence)> ProbeAsync(INetwork network, TimeProvider time, IPEndPoint endpoint, CancellationToken cancellationToken, string? accessToken = null)
    {
        await using var connection = await network.ConnectAsync(endpoint, cancellationToken);
        var started = time.GetTimestamp();
        if (accessToken is not null)
        {
            await connection.SendAsync(ProtocolCodec.Encode(new HelloRequest(0, [], accessToken)), cancellationToken);
        }

        await connection.SendAsync(ProtocolCodec.Encode(new HealthRequest(1)), cancellationToken);
        if (accessToken is not null
            && (await connection.ReceiveAsync(cancellationToken) is not { } hello || ProtocolCodec.Decode(hello).Message is not HelloResponse))
        {
            throw new ProtocolViolationException("the health probe's hello was refused (access token)");
        }

        var response = await ReadOkAsync(connection, requestId: 1, cancellationToken);
        var roundTrip = time.GetElapsedTime(started);
        await connection.CloseAsync(cancellationToken);
        return (roundTrip, response.LastSequence);
    }

    /// <summary>The same probe of <paramref name="host"/>, resolved first, given up after <paramref name="timeout"/> (an <see cref="OperationCanceledException"/>).</summary>
    public static async Task<(TimeSpan RoundTrip, long LastSequence)> ProbeAsync(INetwork network, TimeProvider time, string host, int port, TimeSpan timeout, CancellationToken cancellationToken, string? accessToken = null)
    {
        using var expiry = new CancellationTokenSource(timeout, time);
        using var probe = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, expiry.Token);
        var addresses = await network.ResolveAsync(host, probe.Token);
        return await ProbeAsync(network, time, new IPEndPoint(addresses[0], port), probe.Token, accessToken);
    }

    /// <summary>Reads the answer to health request <paramref name="requestId"/>: "ok", or a <see cref="ProtocolViolationException"/>.</summary>
    public static async Task<HealthResponse> ReadOkAsync(IMessageConnection connection, long requestId, CancellationToken cancellationToken) =>
        await connection.ReceiveAsync(cancellationToken) is { } frame && ProtocolCodec.Decode(frame).Message is HealthResponse { Status: "ok" } response && response.RequestId == requestId
            ? response
            : throw new ProtocolViolationException("the health probe got no \"ok\"");
}
