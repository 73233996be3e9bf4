using System.Diagnostics;

namespace Hospitality.Sync.Interop.Tests;

/// <summary>
/// Where the Node peers live: js/ beside this project's sources. On first use it installs their
/// pinned npm packages (npm ci), so `dotnet test` works on a fresh machine with only Node.
/// </summary>
public static class JsPeers
{
    private static readonly Lazy<string> Chromium = new(() => Run("node", "chromium-executable.mjs").Trim());

    public static string Directory { get; } = Prepare(Find());

    /// <summary>
    /// The browser the Chromium peers launch, as js/chromium-executable.mjs decides: CHROMIUM_PATH,
    /// else Debian's /usr/bin/chromium, else npm's. Asked once: the first answer may extract it.
    /// </summary>
    public static string ChromiumPath => Chromium.Value;

    /// <summary>Starts one of js/'s scripts in Node with its standard streams redirected; <paramref name="chromium"/> tells it the browser to launch.</summary>
    public static Process Start(string script, bool chromium = false, params string[] arguments)
    {
        var info = new ProcessStartInfo("node")
        {
            WorkingDirectory = Directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (chromium)
        {
            info.Environment["CHROMIUM_PATH"] = ChromiumPath;
        }

        info.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return Process.Start(info) ?? throw new InvalidOperationException($"node {script} did not start");
    }

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
        string[] packages = ["werift", "playwright-core", Path.Combine("@sparticuz", "chromium"), "rxdb"];
        if (!packages.All(package => System.IO.Directory.Exists(Path.Combine(directory, "node_modules", package))))
        {
            Run("npm", directory, "ci", "--no-audit", "--no-fund");
        }

        return directory;
    }

    private static string Run(string program, string script) => Run(program, Directory, script);

    private static string Run(string program, string directory, params string[] arguments)
    {
        var info = new ProcessStartInfo(program) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{program} did not start: is Node installed?");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0
            ? output.Result
            : throw new InvalidOperationException($"`{program} {string.Join(' ', arguments)}` in {directory} failed ({process.ExitCode}):\n{output.Result}\n{errors}");
    }
}
