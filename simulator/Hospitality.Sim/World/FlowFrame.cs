namespace Hospitality.Sim.World;

/// <summary>Bytes on the wire between a node and one of its upstreams, both ways, since the start of the run (a counter, not a rate).</summary>
public readonly record struct FlowFrame(string From, string To, long WireBytes);
