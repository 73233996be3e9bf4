using Hospitality.Sync.WebRtc.Dtls;

namespace Hospitality.Sync.Hosting.Dtls;

/// <summary>
/// Real DTLS for peer connections on the OS. <see cref="Instance"/> raises each transport's events on its
/// DTLS thread; a factory made for a run loop (<see cref="BouncyCastleDtlsTransportFactory(SynchronizationContext)"/>)
/// posts them to it, as a hotel node needs: its engine runs on its loop only.
/// </summary>
public sealed class BouncyCastleDtlsTransportFactory : IDtlsTransportFactory
{
    private readonly SynchronizationContext? _deliverOn;

    /// <param name="deliverOn">The context every transport's events are posted to (a node's run loop).</param>
    public BouncyCastleDtlsTransportFactory(SynchronizationContext deliverOn)
    {
        ArgumentNullException.ThrowIfNull(deliverOn);
        _deliverOn = deliverOn;
    }

    private BouncyCastleDtlsTransportFactory()
    {
    }

    public static BouncyCastleDtlsTransportFactory Instance { get; } = new();

    public IDtlsTransport Create(DtlsTransportParameters parameters) => new BouncyCastleDtlsTransport(parameters, _deliverOn);
}
