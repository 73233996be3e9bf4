using System.CommandLine;
using Hospitality.Reports;

namespace Hospitality.Sim.Cli;

/// <summary>
/// <c>hsim report</c>: re-renders every run.json under a directory, then the sweep summary and the index;
/// where shards of a sweep or check were copied in, says whether all are there and merges the check's trials.
/// </summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var directory = new Argument<DirectoryInfo>("directory") { Description = "A directory holding run.json files (a run, a sweep, a run-scenarios.ps1 output)." };
        var command = new Command("report", "Rewrite report.md / report.html for every run.json under a directory, plus summary and index.html; merge the outputs of sweep or check shards copied into it. Exit code 1 when a run or trial failed or a shard is missing.")
        {
            directory,
        };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(directory)!;
            if (!path.Exists)
            {
                Console.Error.WriteLine($"hsim report: no directory {path.FullName}");
                return 2;
            }

            var shards = ShardMerge.Report(path.FullName, Console.Out);
            var hasRuns = Directory.EnumerateFiles(path.FullName, ReportWriter.RunJsonFile, SearchOption.AllDirectories).Any();
            if (!hasRuns && shards is not null)
            {
                return shards.Value ? 0 : 1;
            }

            var result = ReportDirectory.Rebuild(path.FullName);
            Console.WriteLine($"{result.Runs.Count} runs ({result.Runs.Count(run => !run.Passed)} failed, {result.Unreadable.Count} unreadable); {result.Written.Count} files written; open {Path.Combine(path.FullName, "index.html")}");
            return result.Passed && shards is not false ? 0 : 1;
        });
        return command;
    }
}
