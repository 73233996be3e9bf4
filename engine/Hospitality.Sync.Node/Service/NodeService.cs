using System.Net;
using Hospitality.Sync.Hosting.Nodes;
using Hospitality.Sync.Hosting.RunLoop;
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
internal sealed partial class NodeService(NodeSettings settings, NodeAccess access, WebSocketNetwork network, ILogger<NodeService> logger) : IHostedService
{
    private HotelNode? _node;
    private StoredLog? _storedLog;
    private Timer? _flush;

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
            Access = access.Checked,
            AccessToken = access.UpstreamToken,
            SlowTasks = new SlowTaskWatch(settings.SlowTask, LogSlowTask) { WithScheduler = settings.SchedulerStatistics },
            PeerToPeer = settings.PeerToPeer
                ? new HotelNodePeerOptions { PropertyId = access.Property, HostAddresses = [settings.PeerAddress ?? settings.Listen] }
                : null,
        };
        _node = await HotelNode.StartAsync(options, network, cancellationToken);
        if (_node.Peer is not null)
        {
            await _node.OnLoopAsync(_ => WatchPeer(_node));
        }

        if (settings.StoredLog is { } logPath)
        {
            _storedLog = new StoredLog(logPath);
            var log = _storedLog;
            await _node.OnLoopAsync(replica =>
            {
                replica.Changed += log.Record;
                return true;
            });

            // Flushed on the loop too, every second, so a reader sees the log while the node runs.
            var node = _node;
            _flush = new Timer(
                _ => node.OnLoopAsync(_ =>
                {
                    log.Flush();
                    return true;
                }),
                null,
                TimeSpan.FromSeconds(1),
                TimeSpan.FromSeconds(1));
        }

        if (settings.SeedFile is { } seedFile)
        {
            var seeded = await _node.OnLoopAsync(replica => replica.LastSequence == 0 ? SeedDocuments.Write(replica, seedFile) : 0);
            LogSeeded(seeded, seedFile);
        }

        State = NodeState.Ready;
        LogStarted(settings.Role, settings.NodeId, settings.Store, settings.Cloud?.ToString() ?? "-", settings.Greengrass?.ToString() ?? "-");
        LogAccess(access.Property, access.Checked is null ? "anyone (no signing key)" : "token holders of this property", access.UpstreamToken is null ? "none" : "a token");
    }

    /// <summary>What the node's readiness answer reports: its outbox, and with P2P the peers linked now; on the loop.</summary>
    public async Task<(int Outbox, int? PeersLinked)> StatusAsync()
    {
        if (_node is not { } node)
        {
            return (0, null);
        }

        return await node.OnLoopAsync(replica => (replica.OutboxCount, node.Peer?.Peers.Count));
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
        if (_flush is not null)
        {
            await _flush.DisposeAsync();
        }

        await _node.StopAsync(settings.DrainTimeout);
        _storedLog?.Dispose();
        State = NodeState.Stopped;
        LogStopped(outbox);
    }

    /// <summary>Logs every link that opens, closes or is given up, with how many are open after it (runs on the loop).</summary>
    private bool WatchPeer(HotelNode node)
    {
        var peer = node.Peer!;
        peer.PeerJoined += linked => LogPeerLinked(linked, peer.Peers.Count, peer.SignalingServer?.ToString() ?? "none");
        peer.PeerLeft += left => LogPeerLeft(left, peer.Peers.Count);
        peer.PeerUnavailable += (unavailable, reason) => LogPeerUnavailable(unavailable, reason, peer.Peers.Count);
        LogPeerStarted(access.Property, string.Join(", ", node.Options.PeerToPeer!.HostAddresses), settings.Greengrass?.ToString() ?? "-", settings.Cloud?.ToString() ?? "-");
        return true;
    }

    /// <summary>On the loop: the logger only queues the entry for its own thread.</summary>
    private void LogSlowTask(SlowTask slow)
    {
        if (slow.Scheduled is { } scheduled)
        {
            LogSlowTask(slow.Task, slow.Ran.TotalMilliseconds, slow.Waited.TotalMilliseconds, slow.Started.ToUnixTimeMilliseconds(), slow.GcPauses.TotalMilliseconds, slow.Jit.TotalMilliseconds, scheduled.OnCpu.TotalMilliseconds, scheduled.Runnable.TotalMilliseconds);
        }
        else
        {
            LogSlowTask(slow.Task, slow.Ran.TotalMilliseconds, slow.Waited.TotalMilliseconds, slow.Started.ToUnixTimeMilliseconds(), slow.GcPauses.TotalMilliseconds, slow.Jit.TotalMilliseconds);
        }
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

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Access: property {Property}, serving {Served}, presenting {Upstream} upstream")]
    private partial void LogAccess(string property, string served, string upstream);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "Seeded {Documents} documents from {SeedFile}")]
    private partial void LogSeeded(int documents, string seedFile);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "P2P: joining room {Property} from {HostAddresses}, signaling through greengrass {Greengrass}, else cloud {Cloud}")]
    private partial void LogPeerStarted(string property, string hostAddresses, string greengrass, string cloud);

    [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "P2P: linked to {Peer}; peers linked now {PeersLinked} (signaling through {Signaling})")]
    private partial void LogPeerLinked(string peer, int peersLinked, string signaling);

    [LoggerMessage(EventId = 8, Level = LogLevel.Information, Message = "P2P: link to {Peer} closed; peers linked now {PeersLinked}")]
    private partial void LogPeerLeft(string peer, int peersLinked);

    [LoggerMessage(EventId = 9, Level = LogLevel.Warning, Message = "P2P: {Peer} unavailable ({Reason}); its data comes through the servers; peers linked now {PeersLinked}")]
    private partial void LogPeerUnavailable(string peer, string reason, int peersLinked);

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "Slow run-loop task {Task}: ran {RanMs:F1} ms after waiting {WaitedMs:F1} ms, started at {StartedUnixMs} (GC pauses {GcMs:F1} ms, JIT {JitMs:F1} ms; thread on a CPU {OnCpuMs:F1} ms and runnable {RunnableMs:F1} ms since its previous task)")]
    private partial void LogSlowTask(string task, double ranMs, double waitedMs, long startedUnixMs, double gcMs, double jitMs, double onCpuMs, double runnableMs);

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "Slow run-loop task {Task}: ran {RanMs:F1} ms after waiting {WaitedMs:F1} ms, started at {StartedUnixMs} (GC pauses {GcMs:F1} ms, JIT {JitMs:F1} ms)")]
    private partial void LogSlowTask(string task, double ranMs, double waitedMs, long startedUnixMs, double gcMs, double jitMs);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Draining: not ready any more, {Outbox} writes queued, up to {DrainTimeoutMs} ms to push them")]
    private partial void LogDraining(int outbox, double drainTimeoutMs);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Node stopped (outbox held {OutboxAtDrain} writes when draining began)")]
    private partial void LogStopped(int outboxAtDrain);
}
