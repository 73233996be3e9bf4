namespace Hospitality.Sim.World;

/// <summary>
/// A host as drawn: up or down, the upstream it syncs through (null when none is live), how many
/// local writes wait in its outbox, and how far its clock is off.
/// </summary>
public readonly record struct HostFrame(string Host, bool Online, string? Endpoint, int OutboxDepth, TimeSpan ClockOffset);
