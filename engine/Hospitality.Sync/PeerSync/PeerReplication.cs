using Hospitality.Sync.Documents;
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
/// </summary>
public sealed class PeerReplication : IDisposable
{
    private readonly Replica _replica;
    private readonly IPeerMesh _mesh;
    private readonly PeerReplicationOptions _options;

    // What each peer's change feed has been pulled to; in memory, so a restart pulls again (harmless, LWW).
    private readonly SortedDictionary<string, long> _pulledTo = new(StringComparer.Ordinal);
    private string? _mergingFrom;
    private long _nextRequestId;

    public PeerReplication(Replica replica, IPeerMesh mesh, PeerReplicationOptions? options = null)
    {
        _replica = replica;
        _mesh = mesh;
        _options = options ?? new PeerReplicationOptions();
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

    public void Dispose()
    {
        _replica.Changed -= OnReplicaChanged;
        _mesh.PeerLinked -= OnPeerLinked;
        _mesh.MessageReceived -= OnMessage;
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
                MergeFrom(peer, change.Documents);
                break;
            case PullRequest pull:
                var page = _replica.ChangesSince(pull.Checkpoint, Math.Clamp(pull.Limit, 1, _options.PageSize));
                Send(peer, new PullResponse(pull.RequestId, page.Changes.Select(change => change.Document).ToList(), page.Checkpoint));
                break;
            case PullResponse response:
                MergeFrom(peer, response.Documents);
                if (response.Checkpoint > _pulledTo.GetValueOrDefault(peer))
                {
                    _pulledTo[peer] = response.Checkpoint;
                }

                // A full page means there may be more: pull on until a page comes back short.
                if (response.Documents.Count >= _options.PageSize)
                {
                    Send(peer, new PullRequest(++_nextRequestId, response.Checkpoint, _options.PageSize));
                }

                break;
            default:
                MalformedFrames++;
                break;
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
}
