namespace Hospitality.Sim.Cli.Live;

/// <summary>The machine would not shape a live run's links: the ip, tc or nft command that failed and what it said.</summary>
internal sealed class ShapingException(string message) : Exception(message);
