using System.Diagnostics;

namespace Hospitality.Sim.Tests.Cli;

/// <summary>Runs the built hsim in a child process, as a user would, and returns what it printed.</summary>
internal static class Hsim
{
    /// <summary>Not a speed limit: only a guard, so a hang fails the test instead of stalling the suite.</summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(10);

    public static (int ExitCode, string Output, string Errors) Run(string workingDirectory, params string[] arguments) =>
        RunWith(workingDirectory, new Dictionary<string, string?>(), arguments);

    /// <param name="environment">Variables to set (or, with a null value, remove) in the child's environment.</param>
    public static (int ExitCode, string Output, string Errors) RunWith(string workingDirectory, IReadOnlyDictionary<string, string?> environment, params string[] arguments) =>
        Wait(Start(workingDirectory, withInterrupt: false, arguments, environment), arguments);

    /// <summary>Runs hsim as user nobody, with its home in the working directory (which nobody must be able to enter).</summary>
    public static (int ExitCode, string Output, string Errors) RunAsNobody(string workingDirectory, params string[] arguments) =>
        Wait(Start(workingDirectory, withInterrupt: false, arguments, new Dictionary<string, string?> { ["HOME"] = workingDirectory }, asNobody: true), arguments);

    private static readonly string[] AsNobody = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"];

    private static (int ExitCode, string Output, string Errors) Wait(Process started, string[] arguments)
    {
        using var process = started;
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(HangGuard))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"hsim {string.Join(' ', arguments)} did not end within {HangGuard}");
        }

        return (process.ExitCode, output.GetAwaiter().GetResult(), errors.GetAwaiter().GetResult());
    }

    /// <summary>Starts hsim with both streams redirected; the caller reads them.</summary>
    /// <param name="withInterrupt">
    /// Give hsim SIGINT's default handling: a test host started in the background inherits SIGINT
    /// ignored, as shells do for background jobs, and .NET then leaves Ctrl+C ignored in hsim too.
    /// </param>
    /// <param name="asNobody">Run hsim as user nobody (setpriv), to meet what root alone never does, such as an unreadable file.</param>
    public static Process Start(string workingDirectory, bool withInterrupt, string[] arguments, IReadOnlyDictionary<string, string?>? environment = null, bool asNobody = false)
    {
        string[] interrupt = withInterrupt ? ["env", "--default-signal=INT"] : [];
        string[] command = [.. asNobody ? AsNobody : [], .. interrupt, "dotnet", "exec", Path.Combine(AppContext.BaseDirectory, "hsim.dll"), .. arguments];
        var start = new ProcessStartInfo(command[0], command[1..])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[name] = value;
        }

        return Process.Start(start)!;
    }
}
