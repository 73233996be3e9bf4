using System.Diagnostics;
using System.Text.Json;

namespace Hospitality.Sync.Interop.Tests;

/// <summary>
/// Opens a replay.html from disk in headless Chromium (js/replay-check.mjs, playwright-core) and
/// returns what the page showed: console errors, requests that left the file, the load time, and
/// the page's text at the frames the scrubber was moved to.
/// </summary>
internal static class ReplayViewer
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);

    public static JsonElement Open(string replayHtml, params int[] frames)
    {
        var info = new ProcessStartInfo("node")
        {
            WorkingDirectory = JsPeers.Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["CHROMIUM_PATH"] = JsPeers.ChromiumPath;
        info.ArgumentList.Add("replay-check.mjs");
        info.ArgumentList.Add(replayHtml);
        foreach (var frame in frames)
        {
            info.ArgumentList.Add(frame.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        using var node = Process.Start(info) ?? throw new InvalidOperationException("node did not start");
        var output = node.StandardOutput.ReadToEndAsync();
        var errors = node.StandardError.ReadToEndAsync();
        if (!node.WaitForExit(Limit))
        {
            node.Kill(entireProcessTree: true);
            throw new TimeoutException($"replay-check.mjs did not finish within {Limit.TotalMinutes} minutes:\n{errors.Result}");
        }

        return node.ExitCode == 0
            ? JsonDocument.Parse(output.Result).RootElement.Clone()
            : throw new InvalidOperationException($"replay-check.mjs failed ({node.ExitCode}):\n{output.Result}\n{errors.Result}");
    }
}
