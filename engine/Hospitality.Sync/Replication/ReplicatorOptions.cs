using Hospitality.Sync.Ports;

namespace Hospitality.Sync.Replication;

/// <summary>How a replicator keeps one upstream in sync. Defaults follow the seed guide where it gives one.</summary>
public sealed record ReplicatorOptions
{
    /// <summary>The upstream's name; its pull checkpoint is stored under it (e.g. "greengrass", "cloud").</summary>
    public required string Upstream { get; init; }

    /// <summary>The upstream's host name or address (e.g. "greengrass.local", "api.hotel.example").</summary>
    public required string Host { get; init; }

    public int Port { get; init; } = 8443;

    /// <summary>Documents per pull page during catch-up (an initial sync of 1000 documents is 10 pages).</summary>
    public int PullBatchSize { get; init; } = 100;

    /// <summary>
    /// The compression to ask for in the hello (the strategy's "compress" on cellular); None sends no hello
    /// at all, as a version-1 client. A server that does not know the hello leaves the session plain.
    /// </summary>
    public Protocol.WireCompression Compression { get; init; } = Protocol.WireCompression.None;

    /// <summary>The bearer token the hello presents to an upstream that checks access (null: none, and no hello for it).</summary>
    public string? AccessToken { get; init; }

    /// <summary>
    /// The property whose documents this replica holds (with the chain-wide ones), asked for in the
    /// hello so the upstream sends nothing else; null holds whatever the upstream serves.
    /// </summary>
    public string? Property { get; init; }

    /// <summary>Whether to ask the upstream for live changes as deltas (a server that does not know them sends whole documents).</summary>
    public bool Delta { get; init; } = true;

    /// <summary>
    /// Whether to push a write as a delta against the version the upstream is believed to hold, where the
    /// upstream's hello agrees (the seed's Q1 roadmap: delta sync); an upstream without it gets whole documents.
    /// </summary>
    public bool PushDelta { get; init; } = true;

    /// <summary>Local writes per push: the seed's batch of 50 documents.</summary>
    public int PushBatchSize { get; init; } = 50;

    /// <summary>
    /// Null pushes local writes as they happen (devices), or as <see cref="PushPacing"/> paces them. A fixed
    /// interval pushes whatever is queued once per interval (the network detector's strategy: cloud every 60 s);
    /// pulls stay live either way.
    /// </summary>
    public TimeSpan? PushInterval { get; init; }

    /// <summary>
    /// Without a <see cref="PushInterval"/>: null pushes each write at once; set, pushes go at once while the
    /// link is idle and coalesce under load, never held longer than its ceiling (a Greengrass to the cloud).
    /// </summary>
    public PushPacing? PushPacing { get; init; }

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a pull or push may wait for its response before the connection is treated as dead.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How long a live session may go without a frame from the upstream: a connection whose other end
    /// vanished (a lost reset, a crash behind a NAT) is otherwise never noticed. An upstream that agreed
    /// to <see cref="Beacon"/> streams an empty change event after this long idle, and silence for
    /// <see cref="HeartbeatTimeout"/> more ends the session; one that did not is asked for its health.
    /// </summary>
    public TimeSpan IdleHeartbeat { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Whether the hello asks the upstream to beacon every <see cref="IdleHeartbeat"/> (whole seconds, 1 s
    /// to an hour) instead of being asked for its health: one frame and its acknowledgement instead of three.
    /// </summary>
    public bool Beacon { get; init; } = true;

    /// <summary>TCP keepalive for the connection to the upstream (null: none; the idle heartbeat alone notices a vanished upstream).</summary>
    public TcpKeepAlive? KeepAlive { get; init; }

    /// <summary>How long a heartbeat may wait for its answer: short, since the upstream has nothing else to do for it.</summary>
    public TimeSpan HeartbeatTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>First retry delay after a failure; doubles per failure up to <see cref="RetryMaxDelay"/>, with jitter.</summary>
    public TimeSpan RetryInitialDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// While a backoff has longer than this to run, the upstream's health is probed this often and the
    /// retry follows its first answer, so a returning line is used within seconds; null: wait the backoff out.
    /// </summary>
    public TimeSpan? BackoffProbeInterval { get; init; } = TimeSpan.FromSeconds(5);
}
