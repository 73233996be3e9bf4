namespace Hospitality.Sim.Scenarios;

/// <summary>
/// A scheduled fault: what, when, for how long, and whom it hits (a property, and optionally how
/// many of its devices, of which kind).
/// </summary>
public sealed record FaultSpec(ScenarioFaultKind Kind, TimeSpan At, TimeSpan? For, string? Property, int Devices, string? DeviceKind, TimeSpan Offset)
{
    public override string ToString() =>
        $"{Kind} {(Property ?? "")}{(Devices > 0 ? $" x{Devices}{(DeviceKind is null ? "" : " " + DeviceKind)}" : "")} at {At}{(For is { } span ? $" for {span}" : "")}";
}

public enum ScenarioFaultKind
{
    GreengrassCrash,
    CloudOutage,
    InternetOutage,
    Partition,
    DeviceCrash,
    LossBurst,
    ClockSkew,
    Handover,

    /// <summary>Devices lose every link (out of coverage, flight mode) and come back when it ends.</summary>
    Offline,

    /// <summary>A host on the property's segment answers mDNS as the Greengrass of another property.</summary>
    RogueResponder,
}
