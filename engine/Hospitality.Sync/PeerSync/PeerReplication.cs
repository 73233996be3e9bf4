using System.Net;
using Hospitality.Sync.Documents;
using Hospitality.Sync.Ports;
using Hospitality.Sync.Replication;
using Hospitality.Sync.Replication.Deltas;
using Hospitality.Sync.Replication.Protocol;
using Hospitality.Sync.Storage;

namespace Hospitality.Sync.PeerSync;

/// <summary>
/// P2P replication beside the servers (the seed's "P2P fallback" and "P2P bonus"): the replication
/// protocol's own messages and codec over an <see cref="IPeerMesh"/>. A write floods the mesh (each
/// device forwards a version only when it stored it, so a version crosses each link at most once per
/// direction), a link that opens catches up by pulling the other side's change feed, and every version
/// from a peer is validated like a push from a device: a peer is trusted no more than a server.
/// It never touches the outbox: an entry leaves only when an upstream server acknowledges it, so
/// peers never acknowledge for a server and the cloud catches up after an outage.
/// A version goes to a peer that asked for deltas (<see cref="PullRequest.Delta"/>) as the span that changed
/// since the version it replaced here, which the peer usually holds; one that cannot rebuild it pulls it whole.
/// A page from a peer is merged after the node's processor has done its <see cref="NodeWorkKind.ApplyChanges"/>
/// work, like a page from a server, and each peer's pages are merged in the order they came.
/// </summary>
public sealed class PeerReplication : IDisposable
{
    private readonly Replica _replica;
    private readonly IPeerMesh _mesh;
    private readonly PeerReplicationOptions _options;
    private readonly INodeProcessor _processor;
    private readonly CancellationTokenSource _stopping = new();

    // Pages of a peer waiting for the processor, in arrival order, while one is waiting; at most one drain per peer.
    // Unbounded: a mesh event cannot push back on its sender, and dropping a page loses versions until the next link.
    private readonly Dictionary<string, Queue<PendingPage>> _waiting = new(StringComparer.Ordinal);

    // What each peer's change feed has been pulled to; in memory, so a restart pulls again (harmless, LWW).
    private readonly SortedDictionary<string, long> _pulledTo = new(StringComparer.Ordinal);

    // Peers with a pull in flight, and those of them whose pull repairs a missed delta (it does not move _pulledTo).
    private readonly HashSet<string> _pulling = new(StringComparer.Ordinal);
    private readonly HashSet<string> _repairing = new(StringComparer.Ordinal);

    // Peers whose last pull said they apply flooded deltas.
    private readonly HashSet<string> _deltaPeers = new(StringComparer.Ordinal);

    // The version each document's latest replaced here: the base a flooded delta goes against, and the one a
    // peer's delta may still name when this replica's latest is a concurrent write of the same document.
    private readonly DeltaBases _bases = new();
    private string? _mergingFrom;
    private long _nextRequestId;
    private bool _disposed;

    /// <param name="replica">The device's replica, which peers' versions are merged into and whose changes flood.</param>
    /// <param name="mesh">The links to the property's other devices.</param>
    /// <param name="options">Page and flood limits; the defaults when null.</param>
    /// <param name="processor">The node's processor, which merging a peer's page waits for; production's <see cref="NodeProcessor.Unmetered"/> by default, which merges at once.</param>
    public PeerReplication(Replica replica, IPeerMesh mesh, PeerReplicationOptions? options = null, INodeProcessor? processor = null)
    {
        _replica = replica;
        _mesh = mesh;
        _options = options ?? new PeerReplicationOptions();
        _processor = processor ?? NodeProcessor.Unmetered;
        _replica.Changed += OnReplicaChanged;
        if (_options.Deltas)
        {
            _replica.Replaced += _bases.Replaced;
        }

        _mesh.PeerLinked += OnPeerLinked;
        _mesh.MessageReceived += OnMessage;
        foreach (var peer in mesh.Peers)
        {
            OnPeerLinked(peer);
        }
    }

    /// <summary>Versions received from peers and stored (they won last-write-wins here).</summary>
    public long VersionsStored { get; private set; }

    /// <summary>Versions received that this replica already had or that lost: the flood stops there.</summary>
    public long VersionsDuplicate { get; private set; }

    /// <summary>Versions sent to peers (flooded or served to a catch-up pull).</summary>
    public long VersionsSent { get; private set; }

    /// <summary>Versions sent to peers as deltas (counted in <see cref="VersionsSent"/> too).</summary>
    public long DeltasSent { get; private set; }

    /// <summary>Deltas from peers rebuilt on the version this replica held, or on the one its latest replaced (a concurrent write).</summary>
    public long DeltasApplied { get; private set; }

    /// <summary>Deltas from peers whose base this replica did not hold and whose version it lacked: each pulls that peer's feed from the flood's checkpoint, unless a pull is under way.</summary>
    public long DeltasMissed { get; private set; }

    /// <summary>Frames from peers that were not replication messages, or not ones a peer may send; none was applied.</summary>
    public long MalformedFrames { get; private set; }

    /// <summary>
    /// The peer whose page is being merged right now, or null: set only while the replica merges it, so a
    /// handler of the replica's Changed or Merged events can tell a version that came over P2P, and from
    /// which link (the simulator's propagation probe does).
    /// </summary>
    public string? MergingFrom => _mergingFrom;

    /// <summary>
    /// What <see cref="NodeWork.Peer"/> names for P2P work: no address (255.255.255.255:0). The mesh names a peer
    /// by its device id, not an endpoint, and the work is the device's own merge, not a client's request.
    /// </summary>
    internal static IPEndPoint NoEndpoint { get; } = new(IPAddress.None, 0);

    /// <summary>Stops replicating: pages still waiting for the processor are dropped (the next link pulls them again).</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _replica.Changed -= OnReplicaChanged;
        _replica.Replaced -= _bases.Replaced;
        _mesh.PeerLinked -= OnPeerLinked;
        _mesh.MessageReceived -= OnMessage;
        _stopping.Cancel();
        _stopping.Dispose();
    }

    private void OnPeerLinked(string peer)
    {
        _repairing.Remove(peer);
        Pull(peer, _pulledTo.GetValueOrDefault(peer));
    }

    private void Pull(string peer, long checkpoint)
    {
        _pulling.Add(peer);
        Send(peer, new PullRequest(++_nextRequestId, checkpoint, _options.PageSize, _options.Deltas));
    }

    /// <summary>Local writes and versions just stored from a peer flood on; versions pulled from a server reach every device through it.</summary>
    private void OnReplicaChanged(IReadOnlyList<StoredChange> changes)
    {
        var from = _mergingFrom;
        if (_options.Deltas)
        {
            _bases.Stored(changes);
        }

        var flood = changes.Where(change => from is not null || change.Document.OriginNode == _replica.NodeId).ToList();
        var deltas = flood.Count > 0 && _deltaPeers.Count > 0 ? flood.Select(change => _bases.DeltaOf(change.Document)).ToArray() : null;
        if (flood.Count == 0)
        {
            return;
        }

        // Each kind of frame is encoded once, whichever peers it goes to.
        FloodFrame[]? whole = null, withDeltas = null;
        foreach (var peer in _mesh.Peers.Where(peer => peer != from))
        {
            var frames = deltas is not null && _deltaPeers.Contains(peer) ? withDeltas ??= FloodFrames(flood, deltas) : whole ??= FloodFrames(flood, null);
            foreach (var frame in frames)
            {
                VersionsSent += frame.Versions;
                DeltasSent += frame.Deltas;
                _ = SendQuietlyAsync(peer, frame.Bytes);
            }
        }
    }

    // Each frame's checkpoint is this feed's position just before its first version: a peer that cannot
    // rebuild one of its deltas pulls from there and gets it whole.
    private FloodFrame[] FloodFrames(List<StoredChange> flood, DocumentDelta?[]? deltas)
    {
        var frames = new FloodFrame[(flood.Count + _options.FloodBatchMax - 1) / _options.FloodBatchMax];
        for (var batch = 0; batch < frames.Length; batch++)
        {
            var first = batch * _options.FloodBatchMax;
            var count = Math.Min(_options.FloodBatchMax, flood.Count - first);
            var documents = new List<Document>(count);
            List<DocumentDelta>? changed = null;
            var before = long.MaxValue;
            for (var version = first; version < first + count; version++)
            {
                before = Math.Min(before, flood[version].Sequence - 1);
                if (deltas?[version] is { } delta)
                {
                    (changed ??= []).Add(delta);
                }
                else
                {
                    documents.Add(flood[version].Document);
                }
            }

            frames[batch] = new FloodFrame(ProtocolCodec.Encode(new ChangeEvent(0, documents, before, changed)), count, changed?.Count ?? 0);
        }

        return frames;
    }

    private void OnMessage(string peer, ReadOnlyMemory<byte> frame)
    {
        var decoded = ProtocolCodec.Decode(frame);
        switch (decoded.Message)
        {
            case ChangeEvent change:
                Admit(peer, new PendingPage(change.Documents, change.Deltas, change.Checkpoint, null));
                break;
            case PullRequest pull:
                if (pull.Delta && _options.Deltas)
                {
                    _deltaPeers.Add(peer);
                }
                else
                {
                    _deltaPeers.Remove(peer);
                }

                var page = _replica.ChangesSince(pull.Checkpoint, Math.Clamp(pull.Limit, 1, _options.PageSize));
                Send(peer, new PullResponse(pull.RequestId, page.Changes.Select(change => change.Document).ToList(), page.Checkpoint));
                break;
            case PullResponse response:
                Admit(peer, new PendingPage(response.Documents, null, 0, response));
                break;
            default:
                MalformedFrames++;
                break;
        }
    }

    // Hands the page's work to the processor now (its queue models the arrival), merging at once when the
    // processor is done at once and nothing of this peer waits before it (production: as before, no reordering).
    private void Admit(string peer, PendingPage page)
    {
        var work = _processor.RunAsync(new NodeWork(NodeWorkKind.ApplyChanges, page.Documents.Count + (page.Deltas?.Count ?? 0), NoEndpoint), _stopping.Token);
        if (_waiting.TryGetValue(peer, out var queue))
        {
            queue.Enqueue(page with { Done = work.AsTask() });
            return;
        }

        if (work.IsCompletedSuccessfully)
        {
            work.GetAwaiter().GetResult();
            Apply(peer, page);
            return;
        }

        queue = new Queue<PendingPage>();
        queue.Enqueue(page with { Done = work.AsTask() });
        _waiting.Add(peer, queue);
        _ = DrainAsync(peer, queue);
    }

    // Merges a peer's waiting pages in arrival order: a page whose work ends first (a processor that is not
    // first come, first served) still waits for the pages before it.
    private async Task DrainAsync(string peer, Queue<PendingPage> queue)
    {
        try
        {
            while (queue.TryPeek(out var page))
            {
                await page.Done!;
                queue.Dequeue();
                if (_disposed)
                {
                    return;
                }

                Apply(peer, page);
            }
        }
        catch (OperationCanceledException) when (_disposed)
        {
            // Disposed while the page waited: a crash loses work in flight; the next link pulls it again.
        }
        finally
        {
            _waiting.Remove(peer);
        }
    }

    private void Apply(string peer, PendingPage page)
    {
        MergeFrom(peer, page);
        if (page.Pulled is not { } response)
        {
            return;
        }

        // A repair starts past versions that reached here by flood only: a later link still pulls from where the last catch-up ended.
        if (!_repairing.Contains(peer) && response.Checkpoint > _pulledTo.GetValueOrDefault(peer))
        {
            _pulledTo[peer] = response.Checkpoint;
        }

        // A full page means there may be more: pull on until a page comes back short.
        if (response.Documents.Count >= _options.PageSize)
        {
            Pull(peer, response.Checkpoint);
        }
        else
        {
            _pulling.Remove(peer);
            _repairing.Remove(peer);
        }
    }

    private void MergeFrom(string peer, PendingPage page)
    {
        if (_mergingFrom is not null)
        {
            throw new InvalidOperationException("Invariant: P2P merges do not nest.");
        }

        _mergingFrom = peer;
        try
        {
            // A delta is rebuilt on what this replica holds when it merges, not when the page arrived.
            RebuiltChanges? rebuilt = page.Deltas is { Count: > 0 } deltas ? RebuiltChanges.Of(_replica, page.Documents, deltas, _bases) : null;
            IReadOnlyList<Document> documents = rebuilt?.Documents ?? page.Documents;

            // Queued for upstream too: if the writer dies before the servers come back, this device still delivers the version.
            var stored = _replica.Merge(documents, rebuilt?.Held, upstream: null, queueForUpstream: true).Stored;
            VersionsStored += stored.Count;
            VersionsDuplicate += documents.Count - stored.Count + (rebuilt?.Superseded ?? 0);
            if (rebuilt is { } deltaPage)
            {
                DeltasApplied += deltaPage.Applied;
                DeltasMissed += deltaPage.Missed;
                if (deltaPage.Missed > 0)
                {
                    Repair(peer, page.FloodedAfter);
                }
            }
        }
        finally
        {
            _mergingFrom = null;
        }
    }

    /// <summary>
    /// The peer stored each version before flooding it, so its feed after the flood's checkpoint has the one this
    /// replica could not rebuild. A pull already under way has it too: pages are merged in the order they came,
    /// so that pull's next page is read after the peer stored the version, and the pull reads on to the feed's end.
    /// </summary>
    private void Repair(string peer, long floodedAfter)
    {
        if (_pulling.Contains(peer))
        {
            return;
        }

        _repairing.Add(peer);
        Pull(peer, floodedAfter);
    }

    private void Send(string peer, ProtocolMessage message)
    {
        VersionsSent += message switch
        {
            ChangeEvent change => change.Documents.Count,
            PullResponse response => response.Documents.Count,
            _ => 0,
        };
        _ = SendQuietlyAsync(peer, ProtocolCodec.Encode(message));
    }

    private async Task SendQuietlyAsync(string peer, byte[] frame)
    {
        try
        {
            await _mesh.SendAsync(peer, frame);
        }
        catch (Exception exception) when (exception is InvalidOperationException or ObjectDisposedException or OperationCanceledException)
        {
            // A link that closed meanwhile loses the message; the next link pulls what it missed.
        }
    }

    /// <summary>
    /// A peer's page to merge: its versions whole and as deltas, a flooded change's checkpoint (the sender's feed
    /// position before its first version), the pull it answers (null for a flooded change), and its processor work once it waits.
    /// </summary>
    private readonly record struct PendingPage(IReadOnlyList<Document> Documents, IReadOnlyList<DocumentDelta>? Deltas, long FloodedAfter, PullResponse? Pulled, Task? Done = null);

    /// <summary>A flooded change as encoded once for every peer it goes to: how many versions it carries, and how many of them as deltas.</summary>
    private readonly record struct FloodFrame(byte[] Bytes, int Versions, int Deltas);
}
