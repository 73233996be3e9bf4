using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Hospitality.Sync.Hosting.RxDb;

/// <summary>
/// RxDB's HTTP replication (rxdb.info/replication-http) over a node's replica, one collection per
/// route: <c>GET {prefix}/{property}/{collection}/pull?checkpoint=&amp;limit=</c>,
/// <c>POST …/push</c> answering the conflicts array, and <c>GET …/pullStream</c> as server-sent events
/// with <c>RESYNC</c>. Every route wants a bearer token of the route's property (the stream also takes
/// <c>?access_token=</c>, since a browser's EventSource cannot send headers).
/// </summary>
public static class RxDbReplicationEndpoints
{
    public static RouteGroupBuilder MapRxDbReplication(this IEndpointRouteBuilder endpoints, string prefix, RxDbReplicationOptions options)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(options);
        var handlers = new RxDbHandlers(options);
        var group = endpoints.MapGroup(prefix);
        group.MapGet("/{property}/{collection}/pull", new RequestDelegate(handlers.PullAsync));
        group.MapPost("/{property}/{collection}/push", new RequestDelegate(handlers.PushAsync));
        group.MapGet("/{property}/{collection}/pullStream", new RequestDelegate(handlers.StreamAsync));
        return group;
    }
}
