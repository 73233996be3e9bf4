namespace Hospitality.Sim.Scenarios;

/// <summary>One thing wrong in a scenario file, where it is; line 0 for a change from the command line (<c>--set</c>), which has no place in the file.</summary>
public sealed record ScenarioError(string File, long Line, long Column, string Message)
{
    public override string ToString() => Line > 0 ? $"{File}:{Line}:{Column}: {Message}" : $"{File}: {Message}";
}
