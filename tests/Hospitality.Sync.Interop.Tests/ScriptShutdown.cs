using System.Diagnostics;

namespace Hospitality.Sync.Interop.Tests;

/// <summary>How the tests end a Node.js script they drive over stdin: ask it to quit, then kill it if it lingers.</summary>
internal static class ScriptShutdown
{
    public static async ValueTask StopAsync(Process process, Action sendQuit)
    {
        if (!process.HasExited)
        {
            try
            {
                sendQuit();
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // It already went away.
            }

            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        process.Dispose();
    }
}
