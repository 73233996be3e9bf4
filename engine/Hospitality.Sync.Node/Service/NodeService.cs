using System.Net;
using Hospitality.Sync.Hosting.Nodes;
using Hospitality.Sync.Hosting.Storage;
using Hospitality.Sync.Hosting.WebSockets;
using Hospitality.Sync.Node.Configuration;
using Hospitality.Sync.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hospitality.Sync.Node.Service;

/// <summary>
/// Runs the node's engine for the host's lifetime: opens the store and starts the role on the
/// node's run loop, and on shutdown stops being ready, drains (a device pushes its outbox while its
/// upstream answers, within the drain timeout) and closes the store.
/// </summary>
internal sealed partial class NodeService(NodeSettings settings, WebSocketNetwork network, ILogger<NodeService> logger) : IHostedService
{
    private HotelNode? _node;

    public NodeState State { get; private set; } = NodeState.Starting;

    /// <summary>The running node; null until started.</summary>
    public HotelNode? Node => _node;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var options = new HotelNodeOptions
        {
            Role = settings.Role,
            NodeId = settings.NodeId,
            Port = settings.Port,
            OpenStore = OpenStore,
            Cloud = settings.Cloud,
            Greengrass = settings.Greengrass,
            CloudBatchInterval = settings.CloudBatchInterval,
            HealthProbeInterval = settings.HealthProbeInterval,
        };
        _node = await HotelNode.StartAsync(options, network, cancellationToken);
        State = NodeState.Ready;
        LogStarted(settings.Role, settings.NodeId, settings.Store, settings.Cloud?.ToString() ?? "-", settings.Greengrass?.ToString() ?? "-");
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_node is null)
        {
            return;
        }

        State = NodeState.Draining;
        var outbox = await _node.OnLoopAsync(replica => replica.OutboxCount);
        LogDraining(outbox, settings.DrainTimeout.TotalMilliseconds);
        await _node.StopAsync(settings.DrainTimeout);
        State = NodeState.Stopped;
        LogStopped(outbox);
    }

    private IDocumentStore OpenStore()
    {
        if (settings.Store == NodeStore.Postgres)
        {
            return PostgresDocumentStore.Open(settings.Postgres!);
        }

        Directory.CreateDirectory(settings.DataPath);
        return SqliteDocumentStore.OpenFile(Path.Combine(settings.DataPath, $"{settings.NodeId}.db"));
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Node started: role {Role}, id {NodeId}, store {Store}, cloud {Cloud}, greengrass {Greengrass}")]
    private partial void LogStarted(NodeRole role, string nodeId, NodeStore store, string cloud, string greengrass);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Draining: not ready any more, {Outbox} writes queued, up to {DrainTimeoutMs} ms to push them")]
    private partial void LogDraining(int outbox, double drainTimeoutMs);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Node stopped (outbox held {OutboxAtDrain} writes when draining began)")]
    private partial void LogStopped(int outboxAtDrain);
}
