namespace Hospitality.Sim.Trials;

/// <summary>The bounds generated trials stay within.</summary>
public sealed record TrialLimits
{
    public int MinDevices { get; init; } = 2;

    public int MaxDevices { get; init; } = 50;

    public int MaxProperties { get; init; } = 3;

    public int MaxGreengrass { get; init; } = 3;

    public int MaxWrites { get; init; } = 120;

    public int MaxFaults { get; init; } = 6;

    public double FaultSeconds { get; init; } = 120;

    public static TrialLimits Default { get; } = new();
}
