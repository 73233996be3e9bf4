namespace Hospitality.Sim.Scenarios;

/// <summary>
/// A scenario's <c>expect: { fail: [target ids], because: "…" }</c>: targets it exists to show failing,
/// and why. Such a target failing is reported as expected; passing fails the run, so a fix (or a
/// change of the model) is noticed and the declaration updated.
/// </summary>
public sealed record ScenarioExpectation(IReadOnlyList<string> Fail, string Because)
{
    public static ScenarioExpectation None { get; } = new([], "");

    public bool Fails(string targetId) => Fail.Contains(targetId, StringComparer.Ordinal);
}
