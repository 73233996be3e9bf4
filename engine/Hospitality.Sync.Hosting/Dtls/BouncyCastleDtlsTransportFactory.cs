using Hospitality.Sync.WebRtc.Dtls;

namespace Hospitality.Sync.Hosting.Dtls;

/// <summary>Real DTLS for peer connections on the OS.</summary>
public sealed class BouncyCastleDtlsTransportFactory : IDtlsTransportFactory
{
    public static BouncyCastleDtlsTransportFactory Instance { get; } = new();

    public IDtlsTransport Create(DtlsTransportParameters parameters) => new BouncyCastleDtlsTransport(parameters);
}
