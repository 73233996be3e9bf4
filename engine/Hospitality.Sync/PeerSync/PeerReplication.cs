using System.Net;
using Hospitality.Sync.Documents;
using Hospitality.Sync.Ports;
using Hospitality.Sync.Replication;
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
        _mesh.PeerLinked -= OnPeerLinked;
        _mesh.MessageReceived -= OnMessage;
        _stopping.Cancel();
        _stopping.Dispose();
    }

    private void OnPeerLinked(string peer) =>
        Send(peer, new PullRequest(++_nextRequestId, _pulledTo.GetValueOrDefault(peer), _options.PageSize));

    /// <summary>Local writes and versions just stored from a peer flood on; versions pulled from a server reach every device through it.</summary>
    private void OnReplicaChanged(IReadOnlyList<StoredChange> changes)
    {
        var from = _mergingFrom;
        var flood = changes.Select(change => change.Document).Where(document => from is not null || document.OriginNode == _replica.NodeId).ToList();
        if (flood.Count == 0)
        {
            return;
        }

        foreach (var peer in _mesh.Peers.Where(peer => peer != from))
        {
            foreach (var batch in flood.Chunk(_options.FloodBatchMax))
            {
                Send(peer, new ChangeEvent(0, batch, 0));
            }
        }
    }

    private void OnMessage(string peer, ReadOnlyMemory<byte> frame)
    {
        var decoded = ProtocolCodec.Decode(frame);
        switch (decoded.Message)
        {
            case ChangeEvent change:
                Admit(peer, new PendingPage(change.Documents, null));
                break;
            case PullRequest pull:
                var page = _replica.ChangesSince(pull.Checkpoint, Math.Clamp(pull.Limit, 1, _options.PageSize));
                Send(peer, new PullResponse(pull.RequestId, page.Changes.Select(change => change.Document).ToList(), page.Checkpoint));
                break;
            case PullResponse response:
                Admit(peer, new PendingPage(response.Documents, response));
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
        var work = _processor.RunAsync(new NodeWork(NodeWorkKind.ApplyChanges, page.Documents.Count, NoEndpoint), _stopping.Token);
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
        MergeFrom(peer, page.Documents);
        if (page.Pulled is not { } response)
        {
            return;
        }

        if (response.Checkpoint > _pulledTo.GetValueOrDefault(peer))
        {
            _pulledTo[peer] = response.Checkpoint;
        }

        // A full page means there may be more: pull on until a page comes back short.
        if (response.Documents.Count >= _options.PageSize)
        {
            Send(peer, new PullRequest(++_nextRequestId, response.Checkpoint, _options.PageSize));
        }
    }

    private void MergeFrom(string peer, IReadOnlyList<Document> documents)
    {
        if (_mergingFrom is not null)
        {
            throw new InvalidOperationException("Invariant: P2P merges do not nest.");
        }

        _mergingFrom = peer;
        try
        {
            // Queued for upstream too: if the writer dies before the servers come back, this device still delivers the version.
            var stored = _replica.Merge(documents, queueForUpstream: true).Stored;
            VersionsStored += stored.Count;
            VersionsDuplicate += documents.Count - stored.Count;
        }
        finally
        {
            _mergingFrom = null;
        }
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

    /// <summary>A peer's page to merge: its versions, the pull it answers (null for a flooded change), and its processor work once it waits.</summary>
    private readonly record struct PendingPage(IReadOnlyList<Document> Documents, PullResponse? Pulled, Task? Done = null);
}
