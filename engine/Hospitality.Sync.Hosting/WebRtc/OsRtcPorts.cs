using Hospitality.Sync.Hosting.Dtls;
using Hospitality.Sync.Hosting.Network;
using Hospitality.Sync.Hosting.Randomness;
using Hospitality.Sync.WebRtc;

namespace Hospitality.Sync.Hosting.WebRtc;

/// <summary>What a peer connection runs on outside the simulator: OS sockets, the system clock, OS randomness and BouncyCastle's DTLS.</summary>
public static class OsRtcPorts
{
    public static RtcPorts Default { get; } =
        new(OsNetwork.Instance, TimeProvider.System, CryptoRandomSource.Instance, BouncyCastleDtlsTransportFactory.Instance);
}
