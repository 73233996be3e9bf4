using Hospitality.Sync.Ports;
using Hospitality.Sync.WebRtc.Dtls;

namespace Hospitality.Sim.WebRtc;

/// <summary>Gives simulated peer connections <see cref="DtlsModel"/>s on the simulation's clock and a seeded random stream.</summary>
public sealed class DtlsModelFactory(TimeProvider time, IRandomSource random, DtlsModelOptions? options = null) : IDtlsTransportFactory
{
    private readonly DtlsModelOptions _options = options ?? new DtlsModelOptions();

    public IDtlsTransport Create(DtlsTransportParameters parameters) => new DtlsModel(parameters, _options, time, random);
}
