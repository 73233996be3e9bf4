using Hospitality.Sync.PeerSync;
using Hospitality.Sync.WebRtc.Peers;

namespace Hospitality.Sync.Interop.Tests.Mesh;

/// <summary>
/// Our <see cref="WebRtcPeer"/> as the <see cref="IPeerMesh"/> of a replica on a run loop: the peer
/// raises a link and a message on the thread that received it (BouncyCastle's DTLS reader), so both
/// are posted onto the loop, where <see cref="PeerReplication"/> and its replica live.
/// </summary>
internal sealed class RunLoopMesh : IPeerMesh
{
    private readonly WebRtcPeer _peer;

    public RunLoopMesh(WebRtcPeer peer, SynchronizationContext loop)
    {
        _peer = peer;
        peer.PeerJoined += linked => loop.Post(_ => PeerLinked?.Invoke(linked), null);
        ((IPeerMesh)peer).MessageReceived += (from, message) =>
        {
            var copy = message.ToArray();
            loop.Post(_ => MessageReceived?.Invoke(from, copy), null);
        };
    }

    public event Action<string>? PeerLinked;

    public event Action<string, ReadOnlyMemory<byte>>? MessageReceived;

    public IReadOnlyList<string> Peers => _peer.Peers;

    public ValueTask<bool> SendAsync(string peerId, ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default) =>
        _peer.SendAsync(peerId, message, cancellationToken);
}
