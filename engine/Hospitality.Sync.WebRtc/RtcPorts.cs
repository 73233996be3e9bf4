using Hospitality.Sync.Ports;
using Hospitality.Sync.WebRtc.Dtls;

namespace Hospitality.Sync.WebRtc;

/// <summary>Everything a peer connection reaches the world through, so the same code runs on the OS and in the simulator.</summary>
public sealed record RtcPorts(INetwork Network, TimeProvider Time, IRandomSource Random, IDtlsTransportFactory Dtls);
