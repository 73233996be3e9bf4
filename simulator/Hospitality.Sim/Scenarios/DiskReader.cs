using Hospitality.Sim.Servers;
using YamlDotNet.RepresentationModel;

namespace Hospitality.Sim.Scenarios;

/// <summary>
/// Reads a scenario's <c>disk:</c>, the fsync time of every node's commits as quantiles measured on
/// a real disk: <c>fsync: { min: 0.2ms, p50: 0.4ms, p90: 1ms, p99: 16ms, max: 60ms }</c>. The
/// minimum, median, p99 and maximum are required, p90, p95, p99.5, p99.8 and p99.9 optional; each at least the one before.
/// </summary>
internal static class DiskReader
{
    private static readonly (double Quantile, bool Required)[] Quantiles =
        [(0, true), .. DiskProfile.TailQuantiles.Select(quantile => (quantile, quantile is 0.5 or 0.99)), (1, true)];

    public static DiskProfile? Read(YamlNode node, string file, List<ScenarioError> errors)
    {
        var disk = new YamlFields(node, "disk", file, errors, "fsync");
        if (disk.Node("fsync", required: true) is not { } fsyncNode)
        {
            return null;
        }

        var fsync = new YamlFields(fsyncNode, "disk.fsync", file, errors, [.. Quantiles.Select(quantile => DiskProfile.KeyOf(quantile.Quantile))]);
        var points = new List<(double Quantile, TimeSpan Fsync)>();
        var complete = true;
        foreach (var (quantile, required) in Quantiles)
        {
            var key = DiskProfile.KeyOf(quantile);
            if (fsync.Duration(key, required) is not { } time)
            {
                complete &= !required;
                continue;
            }

            if (time > DiskProfile.FsyncMax)
            {
                fsync.Error(fsync.Node(key, false)!, $"{fsync.Name(key)}: {time.TotalMilliseconds:0.###} ms is longer than a working disk takes; give at most {DiskProfile.FsyncMax.TotalSeconds:0} s");
                complete = false;
            }
            else if (points.Count > 0 && time < points[^1].Fsync)
            {
                fsync.Error(fsync.Node(key, false)!, $"{fsync.Name(key)}: {time.TotalMilliseconds:0.###} ms is shorter than a lower quantile's {points[^1].Fsync.TotalMilliseconds:0.###} ms; each quantile is at least the one before ({string.Join(", ", Quantiles.Select(known => DiskProfile.KeyOf(known.Quantile)))})");
                complete = false;
            }

            points.Add((quantile, time));
        }

        return complete ? new DiskProfile(points) : null;
    }
}
