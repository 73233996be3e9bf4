namespace Hospitality.Sync.Discovery;

/// <summary>
/// A service a client of the querier is connected to, or was until a moment ago. While connected its
/// records are not refreshed and their expiry does not lose it (RFC 6762 §5.2: a lookup needs no further
/// answers once a connection is made, and a querier MUST NOT refresh records nobody has an active
/// interest in); the connection, not mDNS, tells whether the service is alive. Once the connection ends,
/// its records are asked for again (a reconfirmation) and the service is lost if nobody answers.
/// </summary>
internal sealed class ServiceInUse(DiscoveredService service)
{
    public DiscoveredService Service { get; } = service;

    public bool Connected { get; set; } = true;

    public int ReconfirmQueriesSent { get; set; }

    public long NextReconfirmTicks { get; set; }

    /// <summary>When an unanswered reconfirmation gives the service up.</summary>
    public long GiveUpTicks { get; set; }

    /// <summary>Whether the record is one of the service's own: its SRV and TXT, its host's address.</summary>
    public bool Holds(MdnsRecord record) => record.Kind switch
    {
        MdnsRecordKind.Srv or MdnsRecordKind.Txt => record.Name.Equals(Service.InstanceName, StringComparison.OrdinalIgnoreCase),
        MdnsRecordKind.A => record.Name.Equals(Service.HostName, StringComparison.OrdinalIgnoreCase),
        _ => false,
    };

    /// <summary>Whether a question asks for what a reconfirmation asks: the service's SRV or its host's address.</summary>
    public bool AskedBy(MdnsQuestion question) =>
        (question.Kind is MdnsRecordKind.Srv or MdnsRecordKind.Any && question.Name.Equals(Service.InstanceName, StringComparison.OrdinalIgnoreCase))
        || (question.Kind is MdnsRecordKind.A or MdnsRecordKind.Any && question.Name.Equals(Service.HostName, StringComparison.OrdinalIgnoreCase));
}
