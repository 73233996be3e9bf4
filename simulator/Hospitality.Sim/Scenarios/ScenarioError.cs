namespace Hospitality.Sim.Scenarios;

/// <summary>One thing wrong in a scenario file, where it is.</summary>
public sealed record ScenarioError(string File, long Line, long Column, string Message)
{
    public override string ToString() => $"{File}:{Line}:{Column}: {Message}";
}
