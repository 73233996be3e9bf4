namespace Hospitality.Sync.PeerSync;

/// <summary>
/// The port P2P replication talks through: the devices of one property linked directly, each by its
/// device id. WebRTC data channels implement it (Hospitality.Sync.WebRtc), so the engine stays free
/// of the WebRTC stack and the replication logic can be tested over any transport.
/// </summary>
public interface IPeerMesh
{
    /// <summary>Peers with an open link now.</summary>
    IReadOnlyList<string> Peers { get; }

    /// <summary>A link to a peer opened (again).</summary>
    event Action<string>? PeerLinked;

    /// <summary>A whole message from a peer.</summary>
    event Action<string, ReadOnlyMemory<byte>>? MessageReceived;

    /// <summary>Sends one message to one peer; false when no link to it is open.</summary>
    ValueTask<bool> SendAsync(string peerId, ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default);
}
