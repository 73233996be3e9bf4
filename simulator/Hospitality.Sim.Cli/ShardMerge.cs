using System.Globalization;
using System.Text.Json;

namespace Hospitality.Sim.Cli;

/// <summary>
/// The shard half of <c>hsim report</c>: finds every shard record under a directory (each shard's
/// output copied in, side by side or into one tree), says whether the shards of each sweep and check
/// are all there, and merges the check's trials into one <c>check.json</c>, in seed order, exactly as
/// an unsharded check with the same seeds records them.
/// </summary>
internal static class ShardMerge
{
    public const string CheckFile = "check.json";

    /// <returns>Null when the directory holds no shard records; else whether every set is complete and every trial passed.</returns>
    public static bool? Report(string root, TextWriter output)
    {
        var records = new List<(string Path, ShardRecord Record)>();
        var problems = new List<string>();
        var files = Directory.EnumerateFiles(root, "*.json", SearchOption.AllDirectories)
            .Where(path => Path.GetFileName(Path.GetDirectoryName(path)) == ShardRecord.Folder)
            .Order(StringComparer.Ordinal);
        foreach (var path in files)
        {
            var relative = Path.GetRelativePath(root, path);
            try
            {
                if (new FileInfo(path).Length > ShardRecord.BytesMax)
                {
                    problems.Add($"{relative}: larger than {ShardRecord.BytesMax} bytes");
                    continue;
                }

                var record = ShardRecord.FromJson(File.ReadAllText(path));
                if (!IsWhole(record))
                {
                    problems.Add($"{relative}: not a shard record written by hsim sweep or check");
                    continue;
                }

                records.Add((relative, record));
            }
            catch (Exception exception) when (exception is JsonException or IOException or UnauthorizedAccessException)
            {
                problems.Add($"{relative}: unreadable: {exception.Message}");
            }
        }

        if (records.Count == 0 && problems.Count == 0)
        {
            return null;
        }

        var failedTrials = 0;
        foreach (var group in records.GroupBy(each => each.Record.Command).OrderBy(group => group.Key, StringComparer.Ordinal))
        {
            problems.AddRange(Completeness(group.Key, group.Select(each => each.Record).ToList()));
            if (group.Key == "sweep")
            {
                problems.AddRange(MissingRuns(root, group.Select(each => each.Record)));
                output.WriteLine(Invariant($"sweep: {Shards(group)} shards, {group.SelectMany(each => each.Record.Runs).Distinct().Count():N0} runs"));
            }
            else
            {
                var trials = group.SelectMany(each => each.Record.Trials).DistinctBy(trial => trial.Seed).OrderBy(trial => trial.Seed).ToList();
                failedTrials = trials.Count(trial => !trial.Passed);
                var path = Path.Combine(root, CheckFile);
                File.WriteAllText(path + ".tmp", ShardRecord.ToJson(new { passed = trials.Count - failedTrials, failed = failedTrials, trials }));
                File.Move(path + ".tmp", path, overwrite: true);
                output.WriteLine(Invariant($"check: {Shards(group)} shards, {trials.Count:N0} trials, {trials.Count - failedTrials:N0} passed, {failedTrials:N0} failed; merged into {path}"));
                foreach (var trial in trials.Where(trial => !trial.Passed))
                {
                    output.WriteLine($"  FAILED {trial.Plan}: {trial.Verdict.ReplaceLineEndings(" ")}; reproduce: {trial.Reproduce}");
                }
            }
        }

        foreach (var problem in problems)
        {
            output.WriteLine($"  INCOMPLETE {problem}");
        }

        return problems.Count == 0 && failedTrials == 0;
    }

    // A record as hsim writes it: a hand-edited or truncated one (nulls where lists or texts belong) is refused, not trusted.
    private static bool IsWhole(ShardRecord record) =>
        record.Command is "sweep" or "check"
        && record.Count is >= 1 and <= Shard.CountMax && record.Number >= 1 && record.Number <= record.Count
        && record.Runs is not null && record.Runs.All(run => run is not null)
        && record.Trials is not null && record.Trials.All(trial => trial is { Plan: not null, Verdict: not null, TraceHash: not null, Reproduce: not null });

    private static string Shards(IEnumerable<(string Path, ShardRecord Record)> group)
    {
        var records = group.Select(each => each.Record).ToList();
        return Invariant($"{records.Select(record => record.Number).Distinct().Count()} of {records.Max(record => record.Count)}");
    }

    private static IEnumerable<string> Completeness(string command, IReadOnlyList<ShardRecord> records)
    {
        var counts = records.Select(record => record.Count).Distinct().Order().ToList();
        if (counts.Count > 1)
        {
            yield return $"{command}: shards of different splits ({string.Join(", ", counts.Select(count => $"of {count}"))}) cannot be merged; keep one split per directory";
            yield break;
        }

        var missing = Enumerable.Range(1, counts[0]).Except(records.Select(record => record.Number)).ToList();
        if (missing.Count > 0)
        {
            yield return $"{command}: shard {string.Join(", ", missing.Take(20).Select(number => $"{number}/{counts[0]}"))}{(missing.Count > 20 ? ", ..." : "")} missing ({missing.Count} of {counts[0]})";
        }

        foreach (var number in records.GroupBy(record => record.Number).Where(same => same.Select(record => string.Join('\n', record.Runs)).Distinct().Count() > 1))
        {
            yield return $"{command}: shard {number.Key}/{counts[0]} appears more than once with different runs";
        }

        if (records.Select(record => record.TotalRuns).Distinct().Count() > 1)
        {
            yield return $"{command}: the shards disagree on how many runs the whole has; they come from different command lines";
        }
    }

    // A sweep shard lists its run folders; each must have its run.json somewhere under the directory (one tree, or one folder per shard).
    private static IEnumerable<string> MissingRuns(string root, IEnumerable<ShardRecord> records)
    {
        // Every folder holding a run.json, and every tail of its path, so "shard-2/inn/seed-3" also answers "inn/seed-3".
        var present = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFiles(root, "run.json", SearchOption.AllDirectories))
        {
            var folder = Path.GetRelativePath(root, Path.GetDirectoryName(path)!).Replace('\\', '/');
            for (var start = 0; start >= 0; start = folder.IndexOf('/', start) is var slash and >= 0 ? slash + 1 : -1)
            {
                present.Add(folder[start..]);
            }
        }

        foreach (var record in records)
        {
            foreach (var run in record.Runs.Where(run => !present.Contains(run)))
            {
                yield return $"sweep: shard {record.Number}/{record.Count} ran {run}, but no {run}/run.json is here";
            }
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
