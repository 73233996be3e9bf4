using Hospitality.Sync.PeerSync;
using Hospitality.Sync.Replication.Protocol;

namespace Hospitality.Sync.Tests.Peers;

/// <summary>A mesh whose peers are linked from the start: messages arrive when the test says, sent ones are kept decoded.</summary>
internal sealed class ScriptedMesh(params string[] peers) : IPeerMesh
{
    public IReadOnlyList<string> Peers { get; } = peers;

    public List<(string Peer, ProtocolMessage Message)> Sent { get; } = [];

    public event Action<string>? PeerLinked;

    public event Action<string, ReadOnlyMemory<byte>>? MessageReceived;

    /// <summary>The link to <paramref name="peer"/> opens again (after a drop the test does not model).</summary>
    public void Link(string peer) => PeerLinked?.Invoke(peer);

    public void Receive(string peer, ProtocolMessage message) => MessageReceived?.Invoke(peer, ProtocolCodec.Encode(message));

    public ValueTask<bool> SendAsync(string peerId, ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default)
    {
        Sent.Add((peerId, ProtocolCodec.Decode(message).Message!));
        return ValueTask.FromResult(true);
    }
}
