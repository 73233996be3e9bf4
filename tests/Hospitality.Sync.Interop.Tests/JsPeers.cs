using System.Diagnostics;

namespace Hospitality.Sync.Interop.Tests;

/// <summary>
/// Where the Node peers live: js/ beside this project's sources. On first use it installs their
/// pinned npm packages (npm ci), so `dotnet test` works on a fresh machine with Node and Chromium.
/// </summary>
public static class JsPeers
{
    /// <summary>The browser chromium-peer.mjs launches (it reads the same variable).</summary>
    public static string ChromiumPath { get; } = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium";

    public static string Directory { get; } = Prepare(Find());

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "Hospitality.Sync.Interop.Tests", "js");
            if (File.Exists(Path.Combine(candidate, "werift-peer.mjs")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"tests/Hospitality.Sync.Interop.Tests/js not found above {AppContext.BaseDirectory}");
    }

    private static string Prepare(string directory)
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"Chromium is not at {ChromiumPath}: install it with `apt-get install -y chromium` (.ci/run does), or set CHROMIUM_PATH");
        }

        if (System.IO.Directory.Exists(Path.Combine(directory, "node_modules", "werift"))
            && System.IO.Directory.Exists(Path.Combine(directory, "node_modules", "playwright-core")))
        {
            return directory;
        }

        var info = new ProcessStartInfo("npm") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "ci", "--no-audit", "--no-fund" })
        {
            info.ArgumentList.Add(argument);
        }

        using var npm = Process.Start(info) ?? throw new InvalidOperationException("npm did not start: is Node installed?");
        var output = npm.StandardOutput.ReadToEndAsync();
        var errors = npm.StandardError.ReadToEnd();
        npm.WaitForExit();
        return npm.ExitCode == 0
            ? directory
            : throw new InvalidOperationException($"`npm ci` in {directory} failed ({npm.ExitCode}):\n{output.Result}\n{errors}");
    }
}
