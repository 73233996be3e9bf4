namespace Hospitality.Sim.Cli.Live;

/// <summary>The machine would not shape a live run's links: the ip, tc, nft or iptables command (or the netfilter queue) that failed and what it said.</summary>
internal sealed class ShapingException(string message) : Exception(message);
