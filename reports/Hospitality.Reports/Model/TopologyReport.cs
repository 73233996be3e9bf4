namespace Hospitality.Reports.Model;

/// <summary>The simulated world: its segments (buildings, carrier, cloud region) and what runs on each.</summary>
public sealed record TopologyReport(IReadOnlyList<SegmentTopology> Segments)
{
    public int Devices => Segments.Sum(segment => segment.Hosts.Where(group => group.Role == "device").Sum(group => group.Count));
}

/// <summary>One network segment, e.g. a property's building or the cloud region.</summary>
public sealed record SegmentTopology(string Name, string Kind, string Uplink, IReadOnlyList<HostGroup> Hosts);

/// <summary>Hosts of one kind on one link profile, e.g. 40 housekeeping phones on "wifi".</summary>
public sealed record HostGroup(string Role, string Kind, string Link, int Count);
