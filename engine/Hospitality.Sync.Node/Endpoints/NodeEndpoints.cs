using System.Net;
using Hospitality.Sync.Hosting.WebSockets;
using Hospitality.Sync.Node.Service;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Hospitality.Sync.Node.Endpoints;

/// <summary>
/// Every HTTP endpoint a hotel node serves, mapped in one place: health, readiness and the framed
/// replication protocol over WebSocket. Endpoint modules (RxDB replication, auth) are added here.
/// </summary>
internal static class NodeEndpoints
{
    public static void MapNodeEndpoints(this WebApplication app)
    {
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = WebSocketNetwork.KeepAliveInterval });
        app.MapGet("/api/replication/health", () => TypedResults.Ok(new HealthAnswer("ok")));
        app.MapGet("/api/replication/ready", (NodeService node) => node.State == NodeState.Ready
            ? Results.Ok(new HealthAnswer("ready"))
            : Results.Json(new HealthAnswer(node.State.ToString().ToLowerInvariant()), statusCode: StatusCodes.Status503ServiceUnavailable));
        app.Map(WebSocketNetwork.Path, ReplicationOverWebSocket.AcceptAsync);
    }
}
