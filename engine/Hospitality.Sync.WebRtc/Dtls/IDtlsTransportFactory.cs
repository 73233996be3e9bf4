namespace Hospitality.Sync.WebRtc.Dtls;

/// <summary>
/// Makes DTLS transports for peer connections. Production uses BouncyCastle (Hospitality.Sync.Hosting);
/// the simulator a deterministic model with the same flights, since BouncyCastle reads the wall clock and blocks.
/// </summary>
public interface IDtlsTransportFactory
{
    IDtlsTransport Create(DtlsTransportParameters parameters);
}
