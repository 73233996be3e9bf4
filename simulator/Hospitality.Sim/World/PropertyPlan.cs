using Hospitality.Sim.Discovery;
using Hospitality.Sim.Network;

namespace Hospitality.Sim.World;

/// <summary>
/// What one property of a world has: a Greengrass or not, one link profile per tablet, and
/// optionally each tablet's kind ("front-desk", "housekeeping"). Tablets on a cellular link join
/// the carrier's network, not the building's. Discovery defaults to mDNS where there is a Greengrass;
/// <paramref name="Compression"/> off keeps the detector's strategies from compressing (cellular).
/// </summary>
public sealed record PropertyPlan(bool HasGreengrass, IReadOnlyList<LinkProfile> Tablets, IReadOnlyList<string>? Kinds = null, string? Name = null, LinkProfile? Uplink = null, DiscoveryMode? Discovery = null, bool Compression = true)
{
    public DiscoveryMode DiscoveryMode => Discovery ?? (HasGreengrass ? DiscoveryMode.Mdns : DiscoveryMode.Static);
}
