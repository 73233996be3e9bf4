using System.Net;
using Hospitality.Sync.Clock;
using Hospitality.Sync.PeerSync;
using Hospitality.Sync.Hosting.Randomness;
using Hospitality.Sync.Hosting.Replicas;
using Hospitality.Sync.Hosting.WebRtc;
using Hospitality.Sync.Hosting.RunLoop;
using Hospitality.Sync.Ports;
using Hospitality.Sync.Replication;
using Hospitality.Sync.Roles;
using Hospitality.Sync.Storage;
using Hospitality.Sync.WebRtc;
using Hospitality.Sync.WebRtc.Peers;

namespace Hospitality.Sync.Hosting.Nodes;

/// <summary>
/// One hotel node on the OS: its engine (a replica, and the role's server and replication) runs on
/// its own <see cref="NodeRunLoop"/>, over a network whose completions come back onto that loop.
/// Everything that touches the engine goes through <see cref="OnLoopAsync{T}(Func{Replica, T})"/>.
/// A device with <see cref="HotelNodeOptions.PeerToPeer"/> also runs a WebRTC peer (real UDP, BouncyCastle's
/// DTLS) signaling through its upstreams' signaling route, and P2P replication over it, on the same loop.
/// </summary>
public sealed class HotelNode : IReplicaAccess, IAsyncDisposable
{
    private readonly IDocumentStore _store;
    private readonly ReplicationServer? _server;
    private readonly GreengrassServer? _greengrass;
    private readonly MultiServerReplication? _replication;
    private WebRtcPeer? _peer;
    private PeerReplication? _peerReplication;
    private bool _stopped;

    private HotelNode(HotelNodeOptions options, NodeRunLoop loop, IDocumentStore store, Replica replica, ReplicationServer? server, GreengrassServer? greengrass, MultiServerReplication? replication)
    {
        Options = options;
        Loop = loop;
        _store = store;
        Replica = replica;
        _server = server;
        _greengrass = greengrass;
        _replication = replication;
    }

    public HotelNodeOptions Options { get; }

    public NodeRunLoop Loop { get; }

    /// <summary>The node's replica: touch it only on <see cref="Loop"/>.</summary>
    public Replica Replica { get; }

    /// <summary>A device's WebRTC peer (null without P2P): touch it only on <see cref="Loop"/>.</summary>
    public WebRtcPeer? Peer => _peer;

    /// <summary>A device's P2P replication (null without P2P): touch it only on <see cref="Loop"/>.</summary>
    public PeerReplication? PeerReplication => _peerReplication;

    /// <summary>Opens the store, composes the role and starts it, all on a new run loop.</summary>
    public static async Task<HotelNode> StartAsync(HotelNodeOptions options, INetwork network, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.PeerToPeer is not null && options.Role != NodeRole.Device)
        {
            throw new ArgumentException("Only a device runs P2P.", nameof(options));
        }

        var signalingServers = options.PeerToPeer is null ? [] : await SignalingServersAsync(options, network, cancellationToken);
        var loop = new NodeRunLoop(options.NodeId, options.SlowTasks);
        try
        {
            return await loop.InvokeAsync(async () =>
            {
                var store = options.OpenStore();
                try
                {
                    var replica = new Replica(store, new HybridLogicalClock(TimeProvider.System, options.NodeId));
                    var node = Compose(options, loop, store, replica, network);
                    if (options.PeerToPeer is { } p2p)
                    {
                        node.ComposePeer(p2p, signalingServers);
                    }

                    await node.StartRoleAsync(cancellationToken);
                    return node;
                }
                catch
                {
                    store.Dispose();
                    throw;
                }
            });
        }
        catch
        {
            loop.Dispose();
            throw;
        }
    }

    /// <summary>Runs <paramref name="work"/> against the replica on the node's loop.</summary>
    public Task<T> OnLoopAsync<T>(Func<Replica, T> work) => Loop.InvokeAsync(() => work(Replica));

    /// <summary>Request handlers (the RxDB endpoints) reach the replica through the node's loop too.</summary>
    public Task<T> RunAsync<T>(Func<Replica, T> work, CancellationToken cancellationToken) => OnLoopAsync(work).WaitAsync(cancellationToken);

    /// <summary>The active upstream of a device (null before the first healthy probe, and on servers).</summary>
    public Task<string?> ActiveEndpointAsync() => Loop.InvokeAsync(() => _replication?.ActiveEndpoint);

    /// <summary>
    /// Stops gracefully: a device pushes what its outbox holds while its upstream answers (bounded by
    /// <paramref name="drainTimeout"/>), then every part stops (a server finishes the push it is applying,
    /// since each runs to completion on the loop) and the store closes.
    /// </summary>
    public async Task StopAsync(TimeSpan drainTimeout)
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        var drainUntil = DateTime.UtcNow + drainTimeout;
        if (_greengrass is not null)
        {
            // The cloud batch would otherwise wait for its interval: what the devices pushed goes up now.
            await Loop.InvokeAsync(() =>
            {
                _greengrass.ToCloud.PushNow();
                return true;
            });
        }

        while (DateTime.UtcNow < drainUntil && await Loop.InvokeAsync(() => Replica.OutboxCount > 0 && CanPush()))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }

        await Loop.InvokeAsync(async () =>
        {
            // P2P first: its links close (the other devices see them go) before the store they feed closes.
            _peerReplication?.Dispose();
            if (_peer is not null)
            {
                await _peer.DisposeAsync();
            }

            if (_replication is not null)
            {
                await _replication.StopAsync();
            }

            if (_greengrass is not null)
            {
                await _greengrass.StopAsync();
            }

            if (_server is not null)
            {
                await _server.StopAsync();
            }

            _store.Dispose();
        });
        Loop.Dispose();
    }

    public ValueTask DisposeAsync() => new(StopAsync(TimeSpan.Zero));

    private bool CanPush() =>
        _replication?.ActiveEndpoint is not null || _greengrass?.ToCloud.State == ReplicatorState.Live;

    private static HotelNode Compose(HotelNodeOptions options, NodeRunLoop loop, IDocumentStore store, Replica replica, INetwork network)
    {
        switch (options.Role)
        {
            case NodeRole.Cloud:
                var cloud = new ReplicationServer(replica, network, new ReplicationServerOptions { Port = options.Port, QueuePushesForUpstream = false, Access = options.Access, Time = TimeProvider.System });
                return new HotelNode(options, loop, store, replica, cloud, null, null);
            case NodeRole.Greengrass:
                var upstream = options.Cloud ?? throw new ArgumentException("A Greengrass needs the cloud's address.", nameof(options));
                var greengrass = GreengrassServer.Create(
                    replica,
                    network,
                    new GreengrassOptions
                    {
                        Port = options.Port,
                        CloudHost = upstream.Host,
                        CloudPort = upstream.Port,
                        CloudBatchInterval = options.CloudBatchInterval,
                        Serving = new ReplicationServerOptions { Access = options.Access, Time = TimeProvider.System },
                        CloudReplicator = new ReplicatorOptions { Upstream = "cloud", Host = upstream.Host, AccessToken = options.AccessToken },
                    },
                    TimeProvider.System,
                    CryptoRandomSource.Instance);
                return new HotelNode(options, loop, store, replica, null, greengrass, null);
            case NodeRole.Device:
                var endpoints = new List<ReplicationEndpoint>();
                if (options.Greengrass is { } local)
                {
                    endpoints.Add(new ReplicationEndpoint("greengrass", EndpointKind.Greengrass, local.Host, local.Port));
                }

                if (options.Cloud is { } remote)
                {
                    endpoints.Add(new ReplicationEndpoint("cloud", EndpointKind.Cloud, remote.Host, remote.Port));
                }

                var replication = MultiServerReplication.Create(
                    replica,
                    network,
                    new MultiServerReplicationOptions
                    {
                        Endpoints = endpoints,
                        HealthProbeInterval = options.HealthProbeInterval,
                        Replicator = new ReplicatorOptions { Upstream = "unset", Host = "unset", AccessToken = options.AccessToken },
                    },
                    TimeProvider.System,
                    CryptoRandomSource.Instance);
                return new HotelNode(options, loop, store, replica, null, null, replication);
            default:
                throw new ArgumentOutOfRangeException(nameof(options), options.Role, "not a role");
        }
    }

    private async Task StartRoleAsync(CancellationToken cancellationToken)
    {
        if (_server is not null)
        {
            await _server.StartAsync(cancellationToken);
        }

        if (_greengrass is not null)
        {
            await _greengrass.StartAsync(cancellationToken);
        }

        if (_replication is not null)
        {
            await _replication.StartAsync(cancellationToken);
        }

        if (_peer is not null)
        {
            // Not awaited: the first signaling round may take a connect timeout per server, and the peer keeps trying on its own.
            _ = ConnectPeerAsync(_peer);
        }
    }

    private static async Task ConnectPeerAsync(WebRtcPeer peer)
    {
        try
        {
            await peer.ConnectAsync();
        }
        catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException)
        {
            // Stopped before the first signaling round ended.
        }
    }

    /// <summary>The upstreams' signaling routes, nearest first (the Greengrass, then the cloud), resolved once at start.</summary>
    private static async Task<IReadOnlyList<IPEndPoint>> SignalingServersAsync(HotelNodeOptions options, INetwork network, CancellationToken cancellationToken)
    {
        var servers = new List<IPEndPoint>();
        foreach (var upstream in new[] { options.Greengrass, options.Cloud })
        {
            if (upstream is null)
            {
                continue;
            }

            var address = IPAddress.TryParse(upstream.Host, out var parsed) ? parsed : (await network.ResolveAsync(upstream.Host, cancellationToken)).FirstOrDefault()
                ?? throw new ArgumentException($"The upstream '{upstream.Host}' has no address.", nameof(options));
            servers.Add(new IPEndPoint(address, upstream.Port));
        }

        return servers;
    }

    private void ComposePeer(HotelNodePeerOptions p2p, IReadOnlyList<IPEndPoint> signalingServers)
    {
        _peer = new WebRtcPeer(
            new WebRtcPeerOptions
            {
                PropertyId = p2p.PropertyId,
                DeviceId = Options.NodeId,
                SignalingServers = signalingServers,
                AccessToken = Options.AccessToken,
                Rtc = new RtcConfiguration { HostAddresses = p2p.HostAddresses },
                MaxLinks = p2p.MaxLinks,
            },
            OsRtcPorts.ForNode(Loop.Context, p2p.SignalingPath));
        _peerReplication = new PeerReplication(Replica, _peer);
    }
}
