using Hospitality.Reports.Formatting;
using Hospitality.Reports.Model;

namespace Hospitality.Reports.Verdicts;

/// <summary>The words for a run's conflicts, the same in the terminal, Markdown and HTML.</summary>
public static class ConflictText
{
    /// <summary>"12 concurrent writes resolved: 9 by HLC wall time, 2 by HLC counter, 1 by node-id tie-break; largest clock skew 18 min".</summary>
    public static string Sentence(ConflictReport? conflicts)
    {
        if (conflicts is null)
        {
            return "conflicts not recorded (a run.json from before they were)";
        }

        var writes = $"{Units.Count(conflicts.ConcurrentWrites)} concurrent write{(conflicts.ConcurrentWrites == 1 ? "" : "s")} resolved";
        var how = conflicts.ConcurrentWrites == 0
            ? ""
            : $": {Units.Count(conflicts.ByWallTime)} by HLC wall time, {Units.Count(conflicts.ByCounter)} by HLC counter, {Units.Count(conflicts.ByNodeId)} by node-id tie-break"
              + (conflicts.ByEqualStamp > 0 ? $", {Units.Count(conflicts.ByEqualStamp)} by equal-stamp tie-break (a bug)" : "");
        return $"{writes}{how}; largest clock skew {Skew(conflicts.LargestClockSkewMs)}";
    }

    /// <summary>The sentence under it: the records behind the count and the widest gap between two versions of one document.</summary>
    public static string Records(ConflictReport conflicts) =>
        $"{Units.Count(conflicts.Resolutions)} records across the replicas' conflict logs (each replica resolves on its own); the widest wall-time gap between the two versions of one conflict was {Units.Milliseconds(conflicts.LargestStampGapMs)}";

    public static string Skew(double milliseconds) => milliseconds == 0 ? "none" : Units.Milliseconds(milliseconds);
}
