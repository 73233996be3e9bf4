using System.Net;

namespace Hospitality.Sim.Cli.Live;

/// <summary>One node of a shaped run: its namespace and its address on the run's bridge.</summary>
internal sealed record ShapedNode(string Name, string Namespace, IPAddress Address, LinkShape Shape);
