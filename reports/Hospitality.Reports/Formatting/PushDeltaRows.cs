using Hospitality.Reports.Model;

namespace Hospitality.Reports.Formatting;

/// <summary>The push-delta table of report.md and report.html (beside the bytes), as text: a row per role.</summary>
public static class PushDeltaRows
{
    public static readonly (string Header, bool Numeric)[] Columns =
    [
        ("Role", false), ("Nodes", true), ("Pushed as deltas", true), ("Pushed again whole", true), ("Deltas rebuilt (as server)", true), ("Deltas not rebuilt (as server)", true),
    ];

    public const string Explanation =
        "Writes pushed upstream as the changed span against the version the upstream holds, over the whole run. "
        + "A delta whose base the upstream no longer held (another write got there first) is not rebuilt and goes again whole.";

    public static IEnumerable<string[]> Rows(IReadOnlyList<PushDeltaReport> deltas) => deltas.Select(row => new[]
    {
        row.Role,
        Units.Count(row.Nodes),
        Units.Count(row.DeltasPushed),
        Units.Count(row.ResentWhole),
        Units.Count(row.DeltasRebuilt),
        Units.Count(row.DeltasNotRebuilt),
    });
}
