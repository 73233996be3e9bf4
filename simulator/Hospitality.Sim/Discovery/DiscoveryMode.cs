namespace Hospitality.Sim.Discovery;

/// <summary>How a property's devices find their Greengrass: by mDNS on the building's segment, or from a configured name.</summary>
public enum DiscoveryMode
{
    /// <summary>The Greengrass answers mDNS; devices run the querier and a network detector, and replication follows its strategy.</summary>
    Mdns,

    /// <summary>Devices are configured with <c>greengrass-N.local</c>, which resolves at once, and choose upstreams by their own probes.</summary>
    Static,
}
