namespace Hospitality.Sim.Cli.Live;

/// <summary>How a live run's links are shaped: <c>netns</c> (a network namespace per node, rate and loss in the kernel) or <c>none</c> (plain loopback).</summary>
internal enum ShapeMode
{
    None,
    Netns,
}
