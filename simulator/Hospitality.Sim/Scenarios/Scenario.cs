using Hospitality.Sim.Network;
using Hospitality.Sim.Servers;
using Hospitality.Sim.Workload;

namespace Hospitality.Sim.Scenarios;

/// <summary>A what-if, as an architect writes it in YAML: the hotel, its work, its faults, how long, which seeds, which targets apply.</summary>
public sealed record Scenario
{
    public required string Name { get; init; }

    public required string Description { get; init; }

    /// <summary>The file it was read from (for reports and repro).</summary>
    public required string File { get; init; }

    /// <summary>SHA-256 of the file's text (lowercase hex), so a replay can tell that the file it finds is the one that ran.</summary>
    public string TextSha256 { get; init; } = "";

    public required TimeSpan Duration { get; init; }

    /// <summary>Latency counts the writes made this long into the run on (<c>warm-up:</c>), as <c>hsim live</c> leaves out its nodes' first minute; zero by default.</summary>
    public TimeSpan WarmUp { get; init; }

    /// <summary>The disk every node's commits wait for (<c>disk:</c>); null by default: the fsync measured when the service times were, for every commit.</summary>
    public DiskProfile? Disk { get; init; }

    /// <summary>Every node on one machine of this many cores and one disk, as <c>hsim live</c> runs them (<c>one-machine:</c>); null by default: each node has its own.</summary>
    public int? OneMachineCores { get; init; }

    public required IReadOnlyList<ulong> Seeds { get; init; }

    public required IReadOnlyList<PropertySpec> Properties { get; init; }

    /// <summary>Link profiles this file defines (<c>links:</c>), each from a named profile with some numbers changed; none by default.</summary>
    public IReadOnlyList<LinkProfile> Links { get; init; } = [];

    /// <summary>Changes made on the command line (PATH=VALUE, <see cref="ScenarioSettings"/>), in the order given; none by default.</summary>
    public IReadOnlyList<string> Settings { get; init; } = [];

    public required WorkloadSpec Workload { get; init; }

    public required IReadOnlyList<FaultSpec> Faults { get; init; }

    /// <summary>Ids from targets.yaml that this scenario is measured against.</summary>
    public required IReadOnlyList<string> Targets { get; init; }

    /// <summary>Targets this scenario exists to show failing, and why (<c>expect:</c>); none by default.</summary>
    public ScenarioExpectation Expect { get; init; } = ScenarioExpectation.None;

    /// <summary>A link by the name a device group or uplink gives: this file's links first, then the built-in profiles.</summary>
    public LinkProfile Link(string name) => Links.FirstOrDefault(link => link.Name == name) ?? LinkProfiles.Named(name);

    public int Devices => Properties.Sum(property => property.Devices.Sum(group => group.Count));
}
