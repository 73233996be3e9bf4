namespace Hospitality.Sim.Scenarios;

/// <summary>
/// A scenario's <c>expect:</c> (one entry or a list): targets it exists to show failing, and why.
/// Such a target failing is reported as expected; passing fails the run, so a fix (or a change of
/// the model) is noticed and the declaration updated.
/// </summary>
public sealed record ScenarioExpectation(IReadOnlyList<ExpectedFailure> Entries)
{
    public static ScenarioExpectation None { get; } = new([]);

    /// <summary>Why the target is expected to fail with this seed, or null if it is expected to pass.</summary>
    public string? Because(string targetId, ulong seed) => Entries.FirstOrDefault(entry => entry.Covers(targetId, seed))?.Because;
}
