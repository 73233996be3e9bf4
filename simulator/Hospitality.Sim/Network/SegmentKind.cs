namespace Hospitality.Sim.Network;

public enum SegmentKind
{
    /// <summary>A building's LAN or Wi-Fi, behind the property's internet line.</summary>
    Building,

    /// <summary>A mobile carrier's radio network.</summary>
    Cellular,

    /// <summary>A cloud region: servers on a datacenter fabric.</summary>
    CloudRegion,
}
