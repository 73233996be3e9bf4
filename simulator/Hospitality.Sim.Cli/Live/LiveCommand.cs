using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using Hospitality.Reports.Model;

namespace Hospitality.Sim.Cli.Live;

/// <summary>
/// <c>hsim live &lt;scenario&gt;</c>: the scenario's hotel as real hotel-node processes on this machine
/// (<see cref="LiveRunner"/>), written as the same run.json and reports as a simulated run, marked live.
/// </summary>
internal static class LiveCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("scenario") { Description = $"A scenario file (YAML) of one property with at most {LiveRunner.MaxDevices} devices and no faults." };
        var seed = new Option<ulong?>("--seed") { Description = "Seed of the simulated run whose writes are played (default: the scenario's first seed)." };
        var output = new Option<DirectoryInfo?>("--out") { Description = "Directory for run.json, the reports and the nodes' data and logs (default: reports/out/<scenario>/live/seed-<N>)." };
        var duration = new Option<string?>("--duration") { Description = $"Run for this long instead of the scenario's duration (wall-clock; at most {LiveRunner.MaxDuration.TotalMinutes:0}m)." };
        var warmUp = new Option<string?>("--warm-up") { Description = $"Count latency only for writes made this long into the workload (default: the scenario's warm-up, else {LiveRunner.DefaultWarmUp.TotalSeconds:0}s, or a fifth of a shorter run, while the nodes' JIT optimises their code; 0s counts every write); shorter than the run." };
        var hotelNode = new Option<FileInfo?>("--hotel-node") { Description = "hotel-node.dll to run (default: the one beside hsim)." };
        var shape = new Option<string?>("--shape") { Description = "How links are shaped: netns (a network namespace per node; rate by tbf, loss by nftables, delay by hsim's relay; needs root, ip, tc and nft) or none (plain loopback, delay only). Default: netns when this machine can, else none, said in the output and the report." };
        shape.AcceptOnlyFromAmong("netns", "none");
        var targets = TargetsOption.Create();
        var command = new Command("live", $"Stand the scenario up as real hotel-node processes on this machine (the cloud, the Greengrass, each device), play the writes of its simulated run, and write run.json, report.md and report.html marked live. Exit code 1 when convergence or a target fails, 2 on bad input or a scenario live mode cannot run (more than one property, more than {LiveRunner.MaxDevices} devices, faults, P2P, over {LiveRunner.MaxDuration.TotalMinutes:0} minutes), or --shape netns on a machine that cannot shape links (not root, no ip, tc, nft or iptables) or whose ip, tc, nft or iptables command failed.")
        {
            file, seed, output, duration, warmUp, hotelNode, shape, targets,
        };
        command.SetAction(parse =>
        {
            Interruption.Cooperate();
            if (!ScenarioLoading.TryLoad(parse.GetValue(file), out var scenario, out var catalog, [], parse.GetValue(targets)))
            {
                return ExitCode.BadInput;
            }

            var length = DurationOption.Parse(parse.GetValue(duration), "live") ?? scenario.Duration;
            if (LiveRunner.Refusal(scenario, length) is { } refusal)
            {
                Console.Error.WriteLine($"hsim live: {refusal}");
                return ExitCode.BadInput;
            }

            var warming = parse.GetValue(warmUp) is "0" or "0s" ? TimeSpan.Zero : DurationOption.Parse(parse.GetValue(warmUp), "live") ?? (scenario.WarmUp > TimeSpan.Zero ? scenario.WarmUp : length / 5 < LiveRunner.DefaultWarmUp ? length / 5 : LiveRunner.DefaultWarmUp);
            if (warming >= length)
            {
                Console.Error.WriteLine($"hsim live: --warm-up {warming} leaves nothing to measure in a run of {length}; give a shorter warm-up (0s counts every write)");
                return ExitCode.BadInput;
            }

            var node = parse.GetValue(hotelNode)?.FullName ?? Path.Combine(AppContext.BaseDirectory, "hotel-node.dll");
            if (!File.Exists(node))
            {
                Console.Error.WriteLine($"hsim live: no hotel-node at {node}; build engine/Hospitality.Sync.Node and pass --hotel-node <path to hotel-node.dll>");
                return ExitCode.BadInput;
            }

            var unavailable = NetnsLinks.Unavailable();
            ShapeMode mode;
            switch (parse.GetValue(shape))
            {
                case "netns" when unavailable is not null:
                    Console.Error.WriteLine($"hsim live: --shape netns: {unavailable}");
                    return ExitCode.BadInput;
                case "netns":
                    mode = ShapeMode.Netns;
                    break;
                case "none":
                    mode = ShapeMode.None;
                    break;
                default:
                    mode = unavailable is null ? ShapeMode.Netns : ShapeMode.None;
                    if (unavailable is not null)
                    {
                        Console.WriteLine($"hsim live: links are NOT shaped for rate or loss ({unavailable}); running on plain loopback, the report says so");
                    }

                    break;
            }

            var chosenSeed = parse.GetValue(seed) ?? scenario.Seeds[0];
            var directory = OutputFolder.Prepare(parse.GetValue(output)?.ToString() ?? OutputFolder.Default(OutputFolder.Of(scenario.Name), "live", $"seed-{chosenSeed.ToString(CultureInfo.InvariantCulture)}"), "live");
            // SIGTERM stops a live run as Ctrl+C does: its hotel-node children are stopped, never left behind.
            using var terminated = new CancellationTokenSource();
            using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal =>
            {
                signal.Cancel = true;
                terminated.Cancel();
            });
            using var stopping = CancellationTokenSource.CreateLinkedTokenSource(Interruption.Token, terminated.Token);
            RunReport report;
            try
            {
                report = new LiveRunner(scenario, chosenSeed, length, node, directory, Console.Out, mode, warming).RunAsync(catalog, stopping.Token).GetAwaiter().GetResult();
            }
            catch (ShapingException failure)
            {
                Console.Error.WriteLine($"hsim live: the links could not be shaped: {failure.Message}; everything made for them was removed (run with --shape none for plain loopback)");
                return ExitCode.BadInput;
            }
            catch (OperationCanceledException) when (terminated.IsCancellationRequested)
            {
                Console.Error.WriteLine("hsim live: terminated; every hotel-node it started was stopped, nothing was written");
                return ExitCode.Interrupted;
            }

            if (File.Exists(scenario.File))
            {
                report = report with { ScenarioFromRun = Path.GetRelativePath(directory, Path.GetFullPath(scenario.File)) };
            }

            var written = ReportFiles.Write(report, directory);
            Summary.Print(report, written);
            return report.Passed ? ExitCode.Ok : ExitCode.Failed;
        });
        return command;
    }
}
