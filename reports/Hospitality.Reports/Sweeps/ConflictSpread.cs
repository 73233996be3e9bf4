using Hospitality.Reports.Model;

namespace Hospitality.Reports.Sweeps;

/// <summary>A scenario's conflicts across the runs that recorded them: each count and the largest skew, min / median / max.</summary>
public sealed record ConflictSpread(int Runs, Spread ConcurrentWrites, Spread ByWallTime, Spread ByCounter, Spread ByNodeId, Spread LargestClockSkewMs)
{
    /// <summary>The spread over the runs with conflict figures, or null when none has them (run.json files from before).</summary>
    public static ConflictSpread? Of(IEnumerable<RunReport> runs)
    {
        var recorded = runs.Select(run => run.Conflicts).OfType<ConflictReport>().ToList();
        if (recorded.Count == 0)
        {
            return null;
        }

        Spread Of(Func<ConflictReport, double> figure) => Spread.Of(recorded.Select(figure))!.Value;
        return new ConflictSpread(
            recorded.Count,
            Of(each => each.ConcurrentWrites),
            Of(each => each.ByWallTime),
            Of(each => each.ByCounter),
            Of(each => each.ByNodeId),
            Of(each => each.LargestClockSkewMs));
    }

    /// <summary>Each figure's name, its spread and how to print one value of it, in the order a table shows them.</summary>
    public IEnumerable<(string Figure, Spread Spread, Func<double, string> Format)> Rows()
    {
        Func<double, string> count = value => Formatting.Units.Count((long)Math.Round(value));
        yield return ("Concurrent writes", ConcurrentWrites, count);
        yield return ("won by HLC wall time", ByWallTime, count);
        yield return ("won by HLC counter", ByCounter, count);
        yield return ("won by node-id tie-break", ByNodeId, count);
        yield return ("Largest clock skew", LargestClockSkewMs, Verdicts.ConflictText.Skew);
    }
}
