using Hospitality.Sync.Hosting.Dtls;
using Hospitality.Sync.Hosting.Network;
using Hospitality.Sync.Hosting.Randomness;
using Hospitality.Sync.Hosting.WebSockets;
using Hospitality.Sync.WebRtc;

namespace Hospitality.Sync.Hosting.WebRtc;

/// <summary>What a peer connection runs on outside the simulator: OS sockets, the system clock, OS randomness and BouncyCastle's DTLS.</summary>
public static class OsRtcPorts
{
    public static RtcPorts Default { get; } =
        new(OsNetwork.Instance, TimeProvider.System, CryptoRandomSource.Instance, BouncyCastleDtlsTransportFactory.Instance);

    /// <summary>
    /// A hotel node's device peer: signaling over WebSocket at <paramref name="signalingPath"/> on its
    /// servers, and DTLS, which runs on threads of its own, posting its events (so every data-channel
    /// message) to the node's loop, <paramref name="loop"/>.
    /// </summary>
    public static RtcPorts ForNode(SynchronizationContext loop, string signalingPath) =>
        Default with { Network = WebSocketNetwork.ForSignaling(signalingPath), Dtls = new BouncyCastleDtlsTransportFactory(loop) };
}
