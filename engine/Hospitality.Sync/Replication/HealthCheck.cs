using System.Net;
using Hospitality.Sync.Ports;
using Hospitality.Sync.Replication.Protocol;

namespace Hospitality.Sync.Replication;

/// <summary>The seed's <c>GET /api/replication/health</c>: a health request on a fresh connection, answered "ok" with the server's change-feed position.</summary>
internal static class HealthCheck
{
    /// <summary>Returns the round trip and the server's last sequence; throws what the connection or a wrong answer throws.</summary>
    /// <exception cref="ProtocolViolationException">The server answered something other than "ok".</exception>
    public static async Task<(TimeSpan RoundTrip, long LastSequence)> ProbeAsync(INetwork network, TimeProvider time, IPEndPoint endpoint, CancellationToken cancellationToken)
    {
        await using var connection = await network.ConnectAsync(endpoint, cancellationToken);
        var started = time.GetTimestamp();
        await connection.SendAsync(ProtocolCodec.Encode(new HealthRequest(1)), cancellationToken);
        var answer = await connection.ReceiveAsync(cancellationToken);
        if (answer is not { } frame || ProtocolCodec.Decode(frame).Message is not HealthResponse { Status: "ok" } response)
        {
            throw new ProtocolViolationException("the health probe got no \"ok\"");
        }

        var roundTrip = time.GetElapsedTime(started);
        await connection.CloseAsync(cancellationToken);
        return (roundTrip, response.LastSequence);
    }
}
