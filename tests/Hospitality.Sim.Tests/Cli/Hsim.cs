using System.Diagnostics;

namespace Hospitality.Sim.Tests.Cli;

/// <summary>Runs the built hsim in a child process, as a user would, and returns what it printed.</summary>
internal static class Hsim
{
    /// <summary>Not a speed limit: only a guard, so a hang fails the test instead of stalling the suite.</summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(10);

    public static (int ExitCode, string Output, string Errors) Run(string workingDirectory, params string[] arguments)
    {
        using var process = Start(workingDirectory, withInterrupt: false, arguments);
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
    public static Process Start(string workingDirectory, bool withInterrupt, params string[] arguments) =>
        Process.Start(new ProcessStartInfo(
            withInterrupt ? "env" : "dotnet",
            [.. withInterrupt ? new[] { "--default-signal=INT", "dotnet" } : [], "exec", Path.Combine(AppContext.BaseDirectory, "hsim.dll"), .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        })!;
}
