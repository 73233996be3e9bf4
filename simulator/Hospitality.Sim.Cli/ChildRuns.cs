using System.Diagnostics;
using System.Globalization;
using System.Reflection;

namespace Hospitality.Sim.Cli;

/// <summary>One run for a child process: a scenario file, a seed, its command-line settings and the --targets file, if one was given.</summary>
internal sealed record ChildRun(FileInfo File, ulong Seed, IReadOnlyList<string> Settings, FileInfo? Targets = null)
{
    /// <summary>Its folder under the output directory: scenario/seed-N, or scenario/key=value/seed-N with settings.</summary>
    public string Name => $"{Path.GetFileNameWithoutExtension(File.Name)}/{(Settings.Count > 0 ? $"{VariantFolder.Of(Settings)}/" : "")}seed-{Seed}";
}

/// <summary>How a child run ended: its exit code, its --json summary line, what it wrote to stderr, and where its run.json is.</summary>
internal sealed record ChildRunResult(ChildRun Run, int ExitCode, string Summary, string Errors, string Directory);

/// <summary>
/// Runs <c>hsim run --json</c> in child processes, up to a number at once (each simulation stays
/// single-threaded), and reports each as it finishes, in the order they finish.
/// </summary>
internal static class ChildRuns
{
    /// <summary>The most child processes at once: more would only thrash a machine.</summary>
    public const int ParallelMax = 64;

    /// <summary><c>--parallel</c> checked: 1 to <see cref="ParallelMax"/>.</summary>
    /// <exception cref="BadInputException">It is out of range.</exception>
    public static int Parallel(int requested, string command) => requested is >= 1 and <= ParallelMax
        ? requested
        : throw new BadInputException($"hsim {command}: --parallel {requested} must be from 1 to {ParallelMax}");

    /// <exception cref="OperationCanceledException">Ctrl+C: the children still running were stopped and no more started.</exception>
    public static IReadOnlyList<ChildRunResult> RunAll(IReadOnlyList<ChildRun> runs, int parallel, string directory, string? duration, Action<ChildRunResult> finished)
    {
        var results = new List<ChildRunResult>();
        var pending = new Queue<ChildRun>(runs);
        var running = new List<(Process Process, ChildRun Run, Task<string> Output, Task<string> Errors)>();
        while (pending.Count > 0 || running.Count > 0)
        {
            if (Interruption.Requested)
            {
                // A terminal's Ctrl+C reaches the children too, and each stops cleanly; a signal to this process alone must not leave them running.
                foreach (var child in running)
                {
                    child.Process.WaitForExit(2_000);
                    if (!child.Process.HasExited)
                    {
                        child.Process.Kill(entireProcessTree: true);
                    }

                    child.Process.Dispose();
                }

                Interruption.Token.ThrowIfCancellationRequested();
            }

            while (running.Count < Math.Max(1, parallel) && pending.TryDequeue(out var run))
            {
                var arguments = new List<string> { "run", run.File.FullName, "--seed", run.Seed.ToString(CultureInfo.InvariantCulture), "--out", Path.Combine(directory, run.Name), "--json" };
                foreach (var setting in run.Settings)
                {
                    arguments.AddRange(["--set", setting]);
                }

                if (run.Targets is not null)
                {
                    arguments.AddRange(["--targets", run.Targets.FullName]);
                }

                if (duration is not null)
                {
                    arguments.AddRange(["--duration", duration]);
                }

                // Read both pipes as the child runs: a child blocked on a full pipe would never exit.
                var process = Start(arguments);
                running.Add((process, run, process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync()));
            }

            var done = running.FirstOrDefault(each => each.Process.HasExited);
            if (done.Process is null)
            {
                running[0].Process.WaitForExit(200);
                continue;
            }

            running.Remove(done);
            var result = new ChildRunResult(
                done.Run,
                done.Process.ExitCode,
                done.Output.GetAwaiter().GetResult().Trim(),
                done.Errors.GetAwaiter().GetResult().Trim(),
                Path.Combine(directory, done.Run.Name));
            done.Process.Dispose();
            results.Add(result);
            finished(result);
        }

        return results;
    }

    // The same hsim, whether it runs as an apphost or as "dotnet hsim.dll".
    private static Process Start(List<string> arguments)
    {
        var start = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        var self = Environment.ProcessPath!;
        start.FileName = self;
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        }

        arguments.ForEach(start.ArgumentList.Add);
        return Process.Start(start)!;
    }
}
