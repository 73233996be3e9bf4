namespace Hospitality.Sim.Faults;

/// <summary>How often a run reached a fault site or coverage mark, and how often the site fired.</summary>
public sealed class SiteCoverage(string name, bool isMark)
{
    public string Name { get; } = name;

    /// <summary>A coverage mark (a rare path) rather than a fault site.</summary>
    public bool IsMark { get; } = isMark;

    /// <summary>Whether the site was switched on for the run (null for marks).</summary>
    public bool? Enabled { get; internal set; }

    public long Reached { get; internal set; }

    public long Fired { get; internal set; }

    public override string ToString() => IsMark ? $"{Name}: reached {Reached}" : $"{Name}: reached {Reached}, fired {Fired}{(Enabled == true ? "" : " (off)")}";
}
