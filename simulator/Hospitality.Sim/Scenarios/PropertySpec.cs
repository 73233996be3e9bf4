namespace Hospitality.Sim.Scenarios;

/// <summary>One property (or one network segment of a resort): its building's uplink, its Greengrass if any, and its devices.</summary>
public sealed record PropertySpec(string Name, bool Greengrass, string Uplink, IReadOnlyList<DeviceGroupSpec> Devices);

/// <summary>Devices of one kind on one link, e.g. 40 housekeeping phones on "wifi".</summary>
public sealed record DeviceGroupSpec(string Kind, int Count, string Link);
