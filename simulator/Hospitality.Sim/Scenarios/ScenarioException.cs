namespace Hospitality.Sim.Scenarios;

/// <summary>A scenario file that cannot be run, with every error found in it (not just the first).</summary>
public sealed class ScenarioException(IReadOnlyList<ScenarioError> errors)
    : Exception(string.Join(Environment.NewLine, errors.Select(error => error.ToString())))
{
    public IReadOnlyList<ScenarioError> Errors { get; } = errors;
}
