using Hospitality.Sync.PeerSync;

namespace Hospitality.Sim.Peers;

/// <summary>
/// The device's <see cref="IPeerMesh"/> as P2P replication sees it, unchanged, with one thing noted
/// for the propagation probe: which peer's message is being handled right now. P2P replication merges
/// a peer's versions while it handles the message, so a version stored meanwhile came over that link.
/// </summary>
internal sealed class MeshTap : IPeerMesh
{
    private readonly IPeerMesh _mesh;
    private Action<string, ReadOnlyMemory<byte>>? _received;

    public MeshTap(IPeerMesh mesh)
    {
        _mesh = mesh;
        _mesh.MessageReceived += OnMessage;
    }

    /// <summary>The peer whose message is being handled now; null outside one.</summary>
    public string? Delivering { get; private set; }

    public IReadOnlyList<string> Peers => _mesh.Peers;

    public event Action<string>? PeerLinked
    {
        add => _mesh.PeerLinked += value;
        remove => _mesh.PeerLinked -= value;
    }

    public event Action<string, ReadOnlyMemory<byte>>? MessageReceived
    {
        add => _received += value;
        remove => _received -= value;
    }

    public ValueTask<bool> SendAsync(string peerId, ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default) =>
        _mesh.SendAsync(peerId, message, cancellationToken);

    public void Detach() => _mesh.MessageReceived -= OnMessage;

    private void OnMessage(string peer, ReadOnlyMemory<byte> message)
    {
        var outer = Delivering;
        Delivering = peer;
        try
        {
            _received?.Invoke(peer, message);
        }
        finally
        {
            Delivering = outer;
        }
    }
}
