using System.Net;
using Hospitality.Sync.Hosting.Nodes;
using Hospitality.Sync.Hosting.RxDb;
using Hospitality.Sync.Hosting.Signaling;
using Hospitality.Sync.Hosting.WebSockets;
using Hospitality.Sync.Node.Configuration;
using Hospitality.Sync.Signaling;
using Hospitality.Sync.Node.Service;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Hospitality.Sync.Node.Endpoints;

/// <summary>
/// Every HTTP endpoint a hotel node serves, mapped in one place: health, readiness and the framed
/// replication protocol over WebSocket, and on a Greengrass or the cloud RxDB's HTTP replication
/// (<c>/api/replication/{property}/{collection}/pull|push|pullStream</c>) and signaling (<c>/signaling</c>),
/// each behind the node's <see cref="NodeAccess"/>.
/// </summary>
internal static class NodeEndpoints
{
    public const string RxDbPrefix = "/api/replication";

    public const string SignalingPath = "/signaling";

    public static void MapNodeEndpoints(this WebApplication app)
    {
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = WebSocketNetwork.KeepAliveInterval });
        app.MapGet("/api/replication/health", () => TypedResults.Ok(new HealthAnswer("ok")));
        app.MapGet("/api/replication/ready", async (NodeService node) =>
        {
            if (node.State != NodeState.Ready)
            {
                return Results.Json(new HealthAnswer(node.State.ToString().ToLowerInvariant()), statusCode: StatusCodes.Status503ServiceUnavailable);
            }

            var (outbox, peersLinked) = await node.StatusAsync();
            return Results.Ok(new ReadyAnswer("ready", outbox, peersLinked));
        });
        app.Map(WebSocketNetwork.Path, ReplicationOverWebSocket.AcceptAsync);
        var settings = app.Services.GetRequiredService<NodeSettings>();
        if (settings.Role == NodeRole.Device)
        {
            return;
        }

        var access = app.Services.GetRequiredService<NodeAccess>();
        var node = app.Services.GetRequiredService<NodeService>();
        app.MapRxDbReplication(RxDbPrefix, new RxDbReplicationOptions
        {
            // Only while the node runs: before start and after stop the routes answer 404.
            FindProperty = name => name == access.Property && node.State == NodeState.Ready && node.Node is { } running ? new RxDbProperty(running, access.Served) : null,
            QueuePushesForUpstream = settings.Role == NodeRole.Greengrass,
        });
        app.MapSignaling(SignalingPath, access.Signaling is null ? null : new SignalingServerOptions { Admission = access.Signaling }, access.Signaling is null ? null : access.Property);
    }
}
