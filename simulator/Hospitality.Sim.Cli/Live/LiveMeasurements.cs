using System.Globalization;
using HdrHistogram;
using Hospitality.Reports.Model;
using Hospitality.Sync.Documents;
using Hospitality.Sync.Storage;

namespace Hospitality.Sim.Cli.Live;

/// <summary>One line of a node's stored-version log: when (wall-clock µs), which version, whose write.</summary>
internal readonly record struct StoredLine(long Micros, string Stamp, string Origin);

/// <summary>
/// Turns what the live nodes recorded into the figures of a run report: propagation per path from
/// their stored-version logs (a version's time on its writer, then on every other node), initial sync
/// per device, and convergence from their stores once they stopped.
/// </summary>
internal static class LiveMeasurements
{
    private const long HighestMicroseconds = 86_400L * 1_000_000;
    private static readonly double[] CdfFractions = [0.001, 0.01, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.98, 0.99, 0.995, 0.999, 1];

    public static List<StoredLine> ReadLog(string path)
    {
        var lines = new List<StoredLine>();
        if (!File.Exists(path))
        {
            return lines;
        }

        foreach (var line in File.ReadLines(path))
        {
            var parts = line.Split('\t');
            if (parts.Length == 3 && long.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var micros))
            {
                lines.Add(new StoredLine(micros, parts[1], parts[2]));
            }
        }

        return lines;
    }

    /// <summary>
    /// Propagation per path kind ("device→device", "device→cloud", …, as the simulator names them): each
    /// version's first store on its writer is its write; its first store on each other node, a delivery.
    /// Versions of writers not in <paramref name="roles"/> (the cloud's preloaded data) are left out, and
    /// so are writes made before <paramref name="fromMicros"/> or from <paramref name="untilMicros"/> on.
    /// </summary>
    public static List<PathReport> Paths(IReadOnlyDictionary<string, List<StoredLine>> logs, IReadOnlyDictionary<string, string> roles, IReadOnlySet<string> cellular, IReadOnlySet<string> writers, long fromMicros = long.MinValue, long untilMicros = long.MaxValue)
    {
        var written = new Dictionary<string, (string Node, long Micros)>(StringComparer.Ordinal);
        foreach (var (node, lines) in logs)
        {
            foreach (var line in lines.Where(line => line.Origin == node && writers.Contains(node)))
            {
                written.TryAdd(line.Stamp, (node, line.Micros));
            }
        }

        foreach (var stamp in written.Where(write => write.Value.Micros < fromMicros || write.Value.Micros >= untilMicros).Select(write => write.Key).ToList())
        {
            written.Remove(stamp);
        }

        var histograms = new SortedDictionary<string, LongHistogram>(StringComparer.Ordinal);
        foreach (var (node, lines) in logs)
        {
            var delivered = new HashSet<string>(StringComparer.Ordinal);
            foreach (var line in lines)
            {
                if (line.Origin == node || !written.TryGetValue(line.Stamp, out var write) || !delivered.Add(line.Stamp))
                {
                    continue;
                }

                var path = $"{roles[write.Node]}→{roles[node]}" + (cellular.Contains(write.Node) || cellular.Contains(node) ? ", cellular" : "");
                if (!histograms.TryGetValue(path, out var histogram))
                {
                    histogram = new LongHistogram(HighestMicroseconds, 3);
                    histograms.Add(path, histogram);
                }

                histogram.RecordValue(Math.Clamp(line.Micros - write.Micros, 0, HighestMicroseconds));
            }
        }

        return histograms.Select(path => new PathReport(
            path.Key,
            path.Value.TotalCount,
            Milliseconds(path.Value.GetValueAtPercentile(50)),
            Milliseconds(path.Value.GetValueAtPercentile(90)),
            Milliseconds(path.Value.GetValueAtPercentile(99)),
            Milliseconds(path.Value.GetValueAtPercentile(99.9)),
            Milliseconds(path.Value.GetMaxValue()),
            CdfFractions.Select(fraction => new CdfPoint(Milliseconds(path.Value.GetValueAtPercentile(fraction * 100)), fraction)).ToList())).ToList();
    }

    /// <summary>Seconds from each device's process start until it held every preloaded version (the simulator's initial sync, from the run's start).</summary>
    public static Dictionary<string, double> InitialSync(IReadOnlyDictionary<string, List<StoredLine>> logs, IEnumerable<LiveProcess> devices, string cloud, int preloaded)
    {
        var seconds = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var device in devices)
        {
            var preloads = logs.GetValueOrDefault(device.Name, []).Where(line => line.Origin == cloud).Select(line => line.Micros).Order().ToList();
            if (preloaded > 0 && preloads.Count >= preloaded)
            {
                var startMicros = (device.Started - DateTimeOffset.UnixEpoch).Ticks / 10;
                seconds[device.Name] = Math.Max(0, preloads[preloaded - 1] - startMicros) / 1e6;
            }
        }

        return seconds;
    }

    /// <summary>Every node's store against the cloud's, document by document (collection, id, stamp, deletion, body).</summary>
    public static ConvergenceReport Convergence(string folder, IReadOnlyList<string> nodes, string reference, int acknowledgedWrites, IReadOnlySet<(string Collection, string Id)> written)
    {
        var snapshots = nodes.ToDictionary(node => node, node => Snapshot(Path.Combine(folder, $"{node}.db")), StringComparer.Ordinal);
        var expected = snapshots[reference];
        var divergences = new List<string>();
        foreach (var key in written.Where(key => !expected.ContainsKey(key)))
        {
            divergences.Add($"{reference} lacks {key.Collection}/{key.Id}, which was written");
        }

        foreach (var (node, snapshot) in snapshots.Where(pair => pair.Key != reference))
        {
            foreach (var (key, document) in expected)
            {
                if (!snapshot.TryGetValue(key, out var held))
                {
                    divergences.Add($"{node} lacks {key.Collection}/{key.Id} ({document.Stamp})");
                }
                else if (held.Stamp != document.Stamp || held.Deleted != document.Deleted || held.BodyJson != document.BodyJson)
                {
                    divergences.Add($"{node} holds {key.Collection}/{key.Id} at {held.Stamp}; {reference} at {document.Stamp}");
                }
            }

            divergences.AddRange(snapshot.Keys.Where(key => !expected.ContainsKey(key)).Select(key => $"{node} holds {key.Collection}/{key.Id}, which {reference} lacks"));
        }

        return new ConvergenceReport(divergences.Count == 0, acknowledgedWrites, nodes.Count, divergences.Count, divergences.Take(10).ToList());
    }

    private static Dictionary<(string Collection, string Id), Document> Snapshot(string file)
    {
        using var store = SqliteDocumentStore.OpenFile(file);
        return store.ChangesSince(0, int.MaxValue).Changes.Select(change => change.Document).ToDictionary(document => (document.Collection, document.Id));
    }

    private static double Milliseconds(long microseconds) => microseconds / 1000.0;
}
