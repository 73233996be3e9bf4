namespace Hospitality.Sim.Scenarios;

/// <summary>
/// One entry of a scenario's <c>expect:</c>: targets the scenario exists to show failing, why, and on
/// which seeds (all of them when <see cref="Seeds"/> is null; a failure that depends on the seed's
/// draws names the seeds it shows on).
/// </summary>
public sealed record ExpectedFailure(IReadOnlyList<string> Fail, string Because, IReadOnlyList<ulong>? Seeds = null)
{
    public bool Covers(string targetId, ulong seed) =>
        Fail.Contains(targetId, StringComparer.Ordinal) && (Seeds is null || Seeds.Contains(seed));
}
