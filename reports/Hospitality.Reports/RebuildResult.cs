using Hospitality.Reports.Index;
using Hospitality.Reports.Model;

namespace Hospitality.Reports;

/// <summary>What a rebuild read and wrote; <see cref="Passed"/> when every run passed and every run.json was read.</summary>
public sealed record RebuildResult(IReadOnlyList<RunReport> Runs, IReadOnlyList<UnreadableRun> Unreadable, IReadOnlyList<string> Written)
{
    public bool Passed => Unreadable.Count == 0 && Runs.All(run => run.Passed);
}
