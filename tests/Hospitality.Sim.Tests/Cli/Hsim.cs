using System.Diagnostics;

namespace Hospitality.Sim.Tests.Cli;

/// <summary>Runs the built hsim in a child process, as a user would, and returns what it printed.</summary>
internal static class Hsim
{
    public static (int ExitCode, string Output, string Errors) Run(string workingDirectory, params string[] arguments) =>
        RunWith(workingDirectory, new Dictionary<string, string?>(), arguments);

    /// <param name="environment">Variables to set (or, with a null value, remove) in the child's environment.</param>
    public static (int ExitCode, string Output, string Errors) RunWith(string workingDirectory, IReadOnlyDictionary<string, string?> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet", ["exec", Path.Combine(AppContext.BaseDirectory, "hsim.dll"), .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output, errors.GetAwaiter().GetResult());
    }
}
