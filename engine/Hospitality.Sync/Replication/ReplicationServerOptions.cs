using Hospitality.Sync.Access;
using Hospitality.Sync.Replication.Protocol;

namespace Hospitality.Sync.Replication;

/// <summary>How a node serves replication to the nodes below it.</summary>
public sealed record ReplicationServerOptions
{
    /// <summary>The port replication listens on (443 in production, behind TLS termination).</summary>
    public int Port { get; init; } = 8443;

    /// <summary>Documents per live change event; larger backlogs go out as several events.</summary>
    public int ChangeBatchSize { get; init; } = 200;

    /// <summary>
    /// Whether versions pushed up from below are queued for this node's own upstream. A node at the
    /// top (the cloud) has none, and queueing there would grow its outbox forever.
    /// </summary>
    public bool QueuePushesForUpstream { get; init; } = true;

    /// <summary>
    /// What this node holds, and so the widest scope it serves: the whole chain (the cloud) or one
    /// property (its Greengrass). A client's hello may narrow its connection to one property.
    /// </summary>
    public Scoping.ReplicaScope Scope { get; init; } = Scoping.ReplicaScope.WholeChain;

    /// <summary>Whether live changes go to clients that ask for it as deltas against the version before (the seed's Q1 roadmap: delta sync).</summary>
    public bool Delta { get; init; } = true;

    /// <summary>Whether pushes may carry deltas against the version this server holds, for clients whose hello offers them.</summary>
    public bool PushDelta { get; init; } = true;

    /// <summary>Compressions offered to clients that say hello, in the server's order of preference; empty sends everything plain.</summary>
    public IReadOnlyList<WireCompression> Compression { get; init; } = [WireCompression.Brotli, WireCompression.Deflate];

    /// <summary>
    /// Null serves anyone who connects (the simulator, a closed LAN). Set, a connection must say hello
    /// with a token of this property in a role served here before anything else is answered.
    /// </summary>
    public PropertyAccess? Access { get; init; }

    /// <summary>
    /// The server's clock. It paces the beacons a client's hello asks for, and with <see cref="Access"/>
    /// cuts a connection when the token its hello brought expires (the client must come back with a
    /// fresh one). Null: no beacons (clients ask for health instead), and an admitted connection stays until it closes.
    /// </summary>
    public TimeProvider? Time { get; init; }

    /// <summary>
    /// The shortest beacon interval agreed to, whatever a client asks: each beacon is a frame on the air,
    /// and a Greengrass streams one to every idle device.
    /// </summary>
    public TimeSpan ShortestBeacon { get; init; } = TimeSpan.FromSeconds(5);
}
