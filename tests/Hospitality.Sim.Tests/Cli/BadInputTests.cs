using System.Runtime.Versioning;
using System.Text.Json.Nodes;
using Hospitality.Sim.Tests.Scenarios;

namespace Hospitality.Sim.Tests.Cli;

/// <summary>
/// The issue's bad inputs, each tried as a user would: hsim exits 2 with one clear message that
/// names the file and place (file:line:column) or the option, and what is allowed; never a stack
/// trace, a hang or a file written outside its folder.
/// </summary>
public sealed class BadInputTests : IDisposable
{
    private const string Tiny = """
        name: tiny
        duration: 1m
        properties:
          - name: inn
            devices: [{ kind: front-desk, count: 2, link: lan }]
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("hsim-bad-input-").FullName;

    public BadInputTests()
    {
        File.Copy(Path.Combine(RepositoryFiles.ScenariosDirectory, "targets.yaml"), Path.Combine(_directory, "targets.yaml"));
        File.WriteAllText(Path.Combine(_directory, "tiny.yaml"), Tiny);
        File.WriteAllText(Path.Combine(_directory, "deep.yaml"), new string('[', 40_000));

        // 563 bytes in the issue: each anchor repeats the one before nine times, and the last is used as a mapping key.
        var bomb = new System.Text.StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (var level = 'b'; level <= 'l'; level++)
        {
            bomb.Append($"{level}: &{level} [").Append(string.Join(", ", Enumerable.Repeat($"*{(char)(level - 1)}", 9))).Append("]\n");
        }

        File.WriteAllText(Path.Combine(_directory, "bomb.yaml"), bomb.Append("? *l\n: 1\n").ToString());
        File.WriteAllText(Path.Combine(_directory, "brace.yaml"), "name: x\nproperties: [{ name: inn, devices: [] ]\n");
        File.WriteAllText(Path.Combine(_directory, "huge.yaml"), "name: huge\n# " + new string('x', 2 * 1024 * 1024) + "\n");
        File.WriteAllText(Path.Combine(_directory, "week.yaml"), Tiny.Replace("duration: 1m", "duration: 8d"));
        File.WriteAllText(Path.Combine(_directory, "fault.yaml"), Tiny + "\nfaults:\n  - { kind: cloud-outage, at: 10s, for: 100000d }\n");
        File.WriteAllText(Path.Combine(_directory, "binary.yaml"), "\u0000\u0001\u0002\uFFFE garbage \u0007");
        File.WriteAllText(Path.Combine(_directory, "empty.yaml"), "");
        File.WriteAllText(Path.Combine(_directory, "not-a-dir"), "a file where --out wants a folder");
        Directory.CreateDirectory(Path.Combine(_directory, "scenarios"));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("run deep.yaml", "deep.yaml:1:65: nested more than 64 levels deep")]
    [InlineData("run bomb.yaml", "bomb.yaml:6:8: more than 100,000 values with every alias (*name) expanded")]
    [InlineData("run brace.yaml", "brace.yaml:2:39: not valid YAML: While parsing a flow mapping")]
    [InlineData("run huge.yaml", "huge.yaml:1:1: the file is 2,097,166 bytes; a YAML file here is at most 1,048,576 bytes (1 MiB)")]
    [InlineData("run week.yaml", "week.yaml:2:11: duration: '8d' is not a duration of at most 7d")]
    [InlineData("run fault.yaml", "fault.yaml:7:41: faults[0].for: '100000d' is not a duration of at most 7d")]
    [InlineData("run binary.yaml", "binary.yaml:1:2: the file must be a mapping of keys to values")]
    [InlineData("run empty.yaml", "empty.yaml:1:1: a scenario file holds exactly one YAML document")]
    [InlineData("run scenarios/", "hsim: scenarios/ is a folder; give one scenario file in it")]
    [InlineData("run missing.yaml", "hsim: no scenario file missing.yaml")]
    [InlineData("run targets.yaml", "hsim: targets.yaml is a list of targets, not a scenario")]
    [InlineData("run tiny.yaml --duration 10000h", "hsim run: --duration '10000h' is not a run length like 90s, 15m, 2h or 7d (more than 0 and at most 7d)")]
    [InlineData("run tiny.yaml --duration 0s", "hsim run: --duration '0s' is not a run length")]
    [InlineData("run tiny.yaml --seed abc", "--seed 'abc' must be a whole number from 0 to 18446744073709551615")]
    [InlineData("run tiny.yaml --seed 18446744073709551616", "--seed '18446744073709551616' must be a whole number")]
    [InlineData("run tiny.yaml --set a", "tiny.yaml: --set 'a': must be PATH=VALUE")]
    [InlineData("repro tiny.yaml", "hsim repro: tiny.yaml is not JSON; give a run.json written by hsim run")]
    [InlineData("run tiny.yaml --out not-a-dir/run", "hsim run: cannot write to the output folder not-a-dir/run:")]
    [InlineData("run tiny.yaml --set nowhere=1", "tiny.yaml")]
    [InlineData("sweep tiny.yaml --duration abc", "hsim sweep: --duration 'abc' is not a run length")]
    [InlineData("sweep tiny.yaml --parallel 0", "hsim sweep: --parallel 0 must be from 1 to 64")]
    [InlineData("sweep tiny.yaml --out not-a-dir/sweep", "hsim sweep: cannot write to the output folder not-a-dir/sweep:")]
    [InlineData("find tiny.yaml --vary workload.rooms=1..10 --duration 9d", "hsim find: --duration '9d' is not a run length")]
    [InlineData("compare tiny.yaml tiny.yaml --duration -5m", "hsim compare: --duration '-5m' is not a run length")]
    [InlineData("network-demo --seconds NaN", "hsim network-demo: --seconds NaN must be a number of seconds more than 0 and at most 7d (604800 s)")]
    [InlineData("network-demo --seconds Infinity", "hsim network-demo: --seconds Infinity must be a number of seconds")]
    [InlineData("network-demo --seconds 1e8", "hsim network-demo: --seconds 100000000 must be a number of seconds")]
    [InlineData("network-demo --devices 100000000", "hsim network-demo: --devices 100000000 must be from 2 to 2000")]
    [InlineData("check --seeds 5..1", "hsim check: --seeds takes N or A..B with A <= B")]
    [InlineData("repro missing.json", "hsim repro: no file missing.json")]
    [InlineData("report missing", "hsim report: no directory")]
    [InlineData("no-such-command", "Unrecognized command or argument 'no-such-command'")]
    public void Bad_input_exits_2_with_a_message_naming_the_place_and_no_stack_trace(string commandLine, string message)
    {
        var result = Hsim.Run(_directory, commandLine.Split(' '));

        AssertRefused(result, message);
    }

    [Theory]
    [InlineData("{ \"traceHash\": \"abc\", ", "is not a run.json or trial plan hsim can read")]
    [InlineData("{ \"traceHash\": \"abc\", \"seed\": -1 }", "is not a run.json or trial plan hsim can read")]
    [InlineData("{ \"traceHash\": \"abc\", \"scenarioFile\": null, \"settings\": null }", "is not a run.json or trial plan hsim can read")]
    [InlineData("{ \"traceHash\": \"abc\", \"links\": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[", "is not a run.json or trial plan hsim can read")]
    [InlineData("not json at all", "run.json is not JSON")]
    public void A_hand_edited_run_json_is_refused_with_exit_2(string json, string message)
    {
        File.WriteAllText(Path.Combine(_directory, "run.json"), json);

        AssertRefused(Hsim.Run(_directory, "repro", "run.json"), message);
    }

    /// <summary>A run.json whose duration skips the 7-day limit is refused before anything runs.</summary>
    [Theory]
    [InlineData(1e8)]
    [InlineData(-60)]
    public void Repro_of_a_run_json_with_a_duration_past_the_limit_is_refused(double seconds)
    {
        var json = RunTiny("runs/tiny");
        json["durationSeconds"] = seconds;
        File.WriteAllText(Path.Combine(_directory, "edited.json"), json.ToJsonString());

        AssertRefused(Hsim.Run(_directory, "repro", "edited.json"), "edited.json: durationSeconds");
    }

    [SkippableFact]
    [UnsupportedOSPlatform("windows")]
    public void An_unreadable_scenario_is_refused_with_exit_2()
    {
        Skip.If(OperatingSystem.IsWindows(), "file modes are Unix's");
        var file = Path.Combine(_directory, "locked.yaml");
        File.WriteAllText(file, Tiny);
        File.SetUnixFileMode(file, UnixFileMode.None);

        // Root reads files whatever their mode, so as root hsim runs as nobody, as a user would.
        var result = CanRead(file) ? RunAsNobody("run", "locked.yaml") : Hsim.Run(_directory, "run", "locked.yaml");

        AssertRefused(result, "hsim: cannot read");
    }

    [UnsupportedOSPlatform("windows")]
    private (int ExitCode, string Output, string Errors) RunAsNobody(params string[] arguments)
    {
        // Temporary subdirectories are created private to their owner; nobody must be able to enter this one.
        File.SetUnixFileMode(_directory, File.GetUnixFileMode(_directory) | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        return Hsim.RunAsNobody(_directory, arguments);
    }

    /// <summary>The scenario's name names its folder as a slug: <c>../../x</c> writes under reports/out, never two folders up.</summary>
    [Fact]
    public void A_name_that_is_a_path_writes_under_reports_out_as_a_slug()
    {
        var work = Path.Combine(_directory, "a", "b");
        Directory.CreateDirectory(work);
        File.Copy(Path.Combine(_directory, "targets.yaml"), Path.Combine(work, "targets.yaml"));
        File.WriteAllText(Path.Combine(work, "escape.yaml"), Tiny.Replace("name: tiny", "name: ../../x"));

        var (exitCode, output, errors) = Hsim.Run(work, "run", "escape.yaml", "--duration", "30s");

        Assert.True(exitCode == 0, output + errors);
        Assert.True(File.Exists(Path.Combine(work, "reports", "out", "x", "seed-1", "run.json")), output);
        Assert.False(Directory.Exists(Path.Combine(_directory, "x")));
        Assert.False(Directory.Exists(Path.Combine(work, "reports", "x")));
    }

    /// <summary>An --out that cannot be written is found before the run starts, not after it has lost its result.</summary>
    [Fact]
    public void An_out_folder_that_cannot_be_written_stops_before_the_run()
    {
        var (exitCode, output, errors) = Hsim.Run(_directory, "run", "tiny.yaml", "--duration", "7d", "--out", "not-a-dir/run");

        // A week of virtual time would take minutes: exit 2 at once shows the check came first.
        AssertRefused((exitCode, output, errors), "cannot write to the output folder not-a-dir/run");
        Assert.DoesNotContain("trace", output);
    }

    /// <summary>Ctrl+C (SIGINT) stops a long run: "interrupted", exit 130, and no file left in its folder, whole or half-written.</summary>
    [Fact]
    public void Ctrl_c_stops_a_run_cleanly_with_exit_130_and_writes_nothing()
    {
        var folder = Path.Combine(_directory, "interrupted");
        using var process = Hsim.Start(_directory, withInterrupt: true, ["run", "tiny.yaml", "--duration", "7d", "--out", folder, "--json"]);
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();

        // The folder appears once the scenario is read and --out checked, just before the run starts.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!Directory.Exists(folder) && !process.HasExited && waited.Elapsed < TimeSpan.FromMinutes(2))
        {
            Thread.Sleep(50);
        }

        Thread.Sleep(500);
        Assert.False(process.HasExited, "hsim ended before it could be interrupted");
        using (var kill = System.Diagnostics.Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            kill.WaitForExit();
        }

        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)), "hsim did not stop after SIGINT");
        Assert.True(process.ExitCode == 130, $"exit {process.ExitCode}: {errors.Result}");
        Assert.Contains("hsim: interrupted", errors.Result);
        Assert.DoesNotContain("   at ", errors.Result);
        Assert.Empty(Directory.GetFileSystemEntries(folder));
    }

    /// <summary>
    /// In a terminal (a pseudo-terminal from util-linux's <c>script</c>), the progress bar hides the cursor; Ctrl+C,
    /// typed as the terminal's interrupt character, shows it again before "interrupted" and exit 130.
    /// </summary>
    [SkippableFact]
    public void Ctrl_c_in_a_terminal_restores_the_cursor()
    {
        Skip.IfNot(File.Exists("/usr/bin/script"), "needs util-linux's script for a pseudo-terminal");
        var folder = Path.Combine(_directory, "in-terminal");
        var hsim = $"dotnet exec {Path.Combine(AppContext.BaseDirectory, "hsim.dll")} run tiny.yaml --duration 7d --out {folder}";
        using var terminal = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("env", ["--default-signal=INT", "/usr/bin/script", "-qfec", hsim, "/dev/null"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _directory,
        })!;
        var screen = terminal.StandardOutput.ReadToEndAsync();
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!Directory.Exists(folder) && !terminal.HasExited && waited.Elapsed < TimeSpan.FromMinutes(2))
        {
            Thread.Sleep(50);
        }

        Thread.Sleep(1_000);
        terminal.StandardInput.Write('\u0003');
        terminal.StandardInput.Flush();

        Assert.True(terminal.WaitForExit(TimeSpan.FromMinutes(2)), "hsim did not stop after Ctrl+C");
        var text = screen.Result;
        Assert.True(terminal.ExitCode == 130, $"exit {terminal.ExitCode}: {text}");
        var hidden = text.IndexOf("\u001b[?25l", StringComparison.Ordinal);
        var interrupted = text.IndexOf("hsim: interrupted", StringComparison.Ordinal);
        Assert.True(hidden >= 0 && interrupted > hidden, text);
        Assert.Contains("\u001b[?25h", text[hidden..interrupted]);
        Assert.Empty(Directory.GetFileSystemEntries(folder));
    }

    /// <summary>repro finds the scenario beside the run.json from any directory, and refuses the file once it is changed.</summary>
    [Fact]
    public void Repro_works_from_another_directory_and_refuses_a_swapped_scenario()
    {
        RunTiny("runs/tiny");
        var elsewhere = Directory.CreateTempSubdirectory("hsim-elsewhere-").FullName;
        try
        {
            var runJson = Path.Combine(_directory, "runs", "tiny", "run.json");
            var (exitCode, output, errors) = Hsim.Run(elsewhere, "repro", runJson);
            Assert.True(exitCode == 0, output + errors);
            Assert.Contains("matches", output);

            File.AppendAllText(Path.Combine(_directory, "tiny.yaml"), "\nworkload: { rooms: 40 }\n");
            AssertRefused(Hsim.Run(elsewhere, "repro", runJson), "tiny.yaml is not the scenario this run was made from");
        }
        finally
        {
            Directory.Delete(elsewhere, recursive: true);
        }
    }

    /// <summary>A run.json written before the scenario's hash and place were recorded still replays from where it was made.</summary>
    [Fact]
    public void Repro_of_an_older_run_json_without_the_scenario_hash_still_replays()
    {
        var json = RunTiny("runs/old");
        json.Remove("scenarioSha256");
        json.Remove("scenarioFromRun");
        File.WriteAllText(Path.Combine(_directory, "old.json"), json.ToJsonString());

        var (exitCode, output, errors) = Hsim.Run(_directory, "repro", "old.json");

        Assert.True(exitCode == 0, output + errors);
        Assert.Contains("matches", output);
        Assert.Contains("records no scenario hash", errors);
    }

    [Fact]
    public void Help_lists_the_exit_codes()
    {
        var (exitCode, output, _) = Hsim.Run(_directory, "--help");

        Assert.Equal(0, exitCode);
        Assert.Contains("2    bad input", output);
        Assert.Contains("130  interrupted (Ctrl+C)", output);
    }

    private JsonObject RunTiny(string folder)
    {
        var (exitCode, output, errors) = Hsim.Run(_directory, "run", "tiny.yaml", "--duration", "30s", "--out", folder, "--json");
        Assert.True(exitCode == 0, output + errors);
        return JsonNode.Parse(File.ReadAllText(Path.Combine(_directory, folder, "run.json")))!.AsObject();
    }

    private static bool CanRead(string path)
    {
        try
        {
            File.ReadAllBytes(path);
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static void AssertRefused((int ExitCode, string Output, string Errors) result, string message)
    {
        var everything = result.Output + result.Errors;
        Assert.True(result.ExitCode == 2, $"exit {result.ExitCode}: {everything}");
        Assert.Contains(message, everything);
        Assert.DoesNotContain("   at ", everything);
        Assert.DoesNotContain("Unhandled exception", everything);
        Assert.DoesNotContain("hsim: internal error", everything);
    }
}
