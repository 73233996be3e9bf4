using Hospitality.Sim.Discovery;
using Hospitality.Sim.Network;

namespace Hospitality.Sim.World;

/// <summary>
/// What one property of a world has: a Greengrass or not, one link profile per tablet, and
/// optionally each tablet's kind ("front-desk", "housekeeping"). Tablets on a cellular link join
/// the carrier's network, not the building's. Discovery defaults to mDNS where there is a Greengrass;
/// <paramref name="Compression"/> off keeps the detector's strategies from compressing (cellular).
/// With <paramref name="P2P"/> the property's tablets on its building also replicate with each other over
/// WebRTC (<c>TabletPeer</c>); <paramref name="ClientIsolation"/> makes its access points keep them apart.
/// </summary>
public sealed record PropertyPlan(bool HasGreengrass, IReadOnlyList<LinkProfile> Tablets, IReadOnlyList<string>? Kinds = null, string? Name = null, LinkProfile? Uplink = null, DiscoveryMode? Discovery = null, bool Compression = true, bool P2P = false, bool ClientIsolation = false)
{
    public DiscoveryMode DiscoveryMode => Discovery ?? (HasGreengrass ? DiscoveryMode.Mdns : DiscoveryMode.Static);
}
