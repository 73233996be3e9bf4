namespace Hospitality.Sim.Discovery;

/// <summary>
/// One strategy change of one device: what changed (situations, e.g. "on-property → cellular"),
/// how long the detector took to notice it (null when the world did not mark when it changed),
/// and how long from noticing to the replication's endpoint being switched (the hysteresis included).
/// </summary>
public sealed record SwitchOver(string Device, string Change, TimeSpan? Noticed, TimeSpan Switched);
