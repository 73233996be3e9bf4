using Hospitality.Sim.Discovery;

namespace Hospitality.Sim.Scenarios;

/// <summary>
/// One property (or one network segment of a resort): its building's uplink, its Greengrass if any,
/// its devices, how they find the Greengrass, whether their strategy may compress (on cellular),
/// whether its devices also replicate with each other over WebRTC (<paramref name="P2P"/>), and
/// whether its access points isolate clients from each other (<paramref name="ClientIsolation"/>).
/// </summary>
public sealed record PropertySpec(string Name, bool Greengrass, string Uplink, IReadOnlyList<DeviceGroupSpec> Devices, DiscoveryMode Discovery = DiscoveryMode.Static, bool Compression = true, bool P2P = false, bool ClientIsolation = false);

/// <summary>Devices of one kind on one link, e.g. 40 housekeeping phones on "wifi".</summary>
public sealed record DeviceGroupSpec(string Kind, int Count, string Link);
