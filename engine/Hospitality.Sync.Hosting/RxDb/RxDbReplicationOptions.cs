using Hospitality.Sync.Documents;

namespace Hospitality.Sync.Hosting.RxDb;

/// <summary>How the RxDB endpoints serve, and the limits every request is held to.</summary>
public sealed record RxDbReplicationOptions
{
    /// <summary>
    /// The property named in a request's route, or null for one not served here (404). A Greengrass
    /// serves its own property; the cloud serves each of its properties.
    /// </summary>
    public required Func<string, RxDbProperty?> FindProperty { get; init; }

    /// <summary>The collections and their schemas; a pushed state that breaks its schema is refused whole (422).</summary>
    public DocumentValidator Validator { get; init; } = new(HotelCollections.All);

    /// <summary>The most documents one pull returns (RxDB's default batch is 100).</summary>
    public int PullLimitMax { get; init; } = 1000;

    /// <summary>The most rows one push may carry.</summary>
    public int PushRowsMax { get; init; } = 500;

    /// <summary>The largest push body: the framed protocol's message limit, so both entry points accept the same batches.</summary>
    public int PushBodyMaxBytes { get; init; } = Replication.Protocol.ProtocolCodec.MaxMessageBytes;

    /// <summary>Event streams open at once across all properties; one more is answered 503.</summary>
    public int StreamsMax { get; init; } = 1000;

    /// <summary>
    /// Changes a stream may be behind before it sends <c>RESYNC</c> instead of them: the client then
    /// catches up by checkpoint with ordinary pulls, and the stream resumes from the newest change.
    /// </summary>
    public int StreamBacklogMax { get; init; } = 1000;

    /// <summary>A comment line this often keeps proxies and the client from closing an idle stream.</summary>
    public TimeSpan StreamKeepAlive { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How far a pushed <c>updatedAt</c> may lie ahead of the server's clock: further would drag every replica's HLC forward.</summary>
    public TimeSpan ClockAheadMax { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Whether accepted pushes are queued for this node's own upstream (a Greengrass: yes; the cloud: no).</summary>
    public bool QueuePushesForUpstream { get; init; } = true;

    public TimeProvider Time { get; init; } = TimeProvider.System;
}
