using System.CommandLine;
using Hospitality.Sync.Storage;

namespace Hospitality.Sim.Cli.Disk;

/// <summary>
/// <c>hsim disk</c>: times the engine's store commits on a folder's disk and prints them as a
/// scenario's <c>disk:</c>, so a simulated hotel can wait for the disk a real Greengrass has.
/// </summary>
internal static class DiskCommand
{
    private static readonly TimeSpan LongestRun = TimeSpan.FromHours(1);

    public static Command Create()
    {
        var folder = new Option<DirectoryInfo?>("--folder") { Description = "A folder on the disk to measure (default: the system's temp folder). The probe's store is deleted afterwards." };
        var length = new Option<string?>("--for") { Description = "How long to measure (default 20s; at most 1h)." };
        var every = new Option<string?>("--every") { Description = "Time between commits (default 200ms, about a busy node's pace; at least 1ms)." };
        var command = new Command("disk", "Time one-document commits of the engine's SQLite store (WAL, synchronous=FULL) on a folder's disk and print their quantiles as a scenario's disk: block. Exit code 2 on bad input or a folder that cannot be written.")
        {
            folder, length, every,
        };
        command.SetAction(parse =>
        {
            Interruption.Cooperate();
            var span = Duration(parse.GetValue(length), "--for", TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(1), LongestRun);
            var pace = Duration(parse.GetValue(every), "--every", TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(1));
            var where = parse.GetValue(folder)?.FullName ?? Path.GetTempPath();
            if (!Directory.Exists(where))
            {
                Console.Error.WriteLine($"hsim disk: --folder {where} does not exist");
                return ExitCode.BadInput;
            }

            try
            {
                var probe = DiskProbe.Start(where, pace);
                Interruption.Token.WaitHandle.WaitOne(span);
                var (disk, commits) = probe.StopAsync().GetAwaiter().GetResult();
                if (disk is null)
                {
                    Console.Error.WriteLine($"hsim disk: only {commits.Count} commits in {span.TotalSeconds:0.###} s; measure for longer");
                    return Interruption.Requested ? ExitCode.Interrupted : ExitCode.BadInput;
                }

                Console.WriteLine($"# {commits.Count} commits of the engine's store in {where}, one every {pace.TotalMilliseconds:0.###} ms");
                Console.WriteLine(DiskProbe.AsYaml(disk));
                return Interruption.Requested ? ExitCode.Interrupted : ExitCode.Ok;
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException or StoreException)
            {
                Console.Error.WriteLine($"hsim disk: cannot commit in {where}: {error.Message}");
                return ExitCode.BadInput;
            }
        });
        return command;
    }

    private static TimeSpan Duration(string? text, string option, TimeSpan fallback, TimeSpan shortest, TimeSpan longest)
    {
        if (text is null)
        {
            return fallback;
        }

        return Scenarios.ScenarioReader.TryParseDuration(text, out var value) && value >= shortest && value <= longest
            ? value
            : throw new BadInputException($"hsim disk: {option} '{text}' must be a duration from {shortest.TotalMilliseconds:0} ms to {longest.TotalMinutes:0} min, like 500ms, 20s or 5m");
    }
}
