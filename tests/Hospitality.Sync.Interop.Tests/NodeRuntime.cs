using System.ComponentModel;
using System.Diagnostics;

namespace Hospitality.Sync.Interop.Tests;

/// <summary>
/// Whether Node is on this machine. Every interop peer runs in Node, so without it the tests skip
/// with <see cref="Missing"/> as the reason (and .ci/run fails on the skip), rather than fail.
/// </summary>
internal static class NodeRuntime
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Why the interop tests cannot run here, or null when Node answers.</summary>
    public static string? Missing { get; } = Probe();

    public static void SkipTestIfMissing() => Skip.If(Missing is not null, Missing);

    private static string? Probe()
    {
        const string install = "the interop tests run their peers in Node: install Node 20 or later with npm (apt-get install -y nodejs npm); Chromium and the npm packages then come from npm";
        try
        {
            var info = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
            info.ArgumentList.Add("--version");
            using var node = Process.Start(info);
            if (node is null)
            {
                return $"`node --version` did not start: {install}";
            }

            if (!node.WaitForExit(ProbeTimeout))
            {
                node.Kill();
                return $"`node --version` did not answer within {ProbeTimeout.TotalSeconds} s: {install}";
            }

            return node.ExitCode == 0 ? null : $"`node --version` exited with {node.ExitCode}: {install}";
        }
        catch (Win32Exception)
        {
            return $"Node is not installed (no `node` on PATH): {install}";
        }
    }
}
