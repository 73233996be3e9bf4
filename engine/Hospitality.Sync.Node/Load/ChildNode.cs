using System.Diagnostics;
using System.Globalization;

namespace Hospitality.Sync.Node.Load;

/// <summary>A hotel-node started as a child process of the load run, so its CPU and memory are its own to measure.</summary>
internal sealed class ChildNode : IAsyncDisposable
{
    private readonly Process _process;

    private ChildNode(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public int ProcessId => _process.Id;

    public static async Task<ChildNode> StartAsync(int port, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(typeof(ChildNode).Assembly.Location);
        foreach (var argument in arguments.Concat(["--port", port.ToString(CultureInfo.InvariantCulture)]))
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < until && !process.HasExited)
        {
            try
            {
                if ((await http.GetAsync($"http://127.0.0.1:{port}/api/replication/ready")).IsSuccessStatusCode)
                {
                    return new ChildNode(process, port);
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(200);
        }

        process.Kill();
        throw new InvalidOperationException($"hotel-node {string.Join(' ', arguments)} did not become ready on port {port}");
    }

    /// <summary>CPU time used so far (user + system), from /proc.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>Peak resident memory (VmHWM), from /proc.</summary>
    public long PeakResidentBytes => StatusBytes("VmHWM:");

    /// <summary>Resident memory now (VmRSS), from /proc.</summary>
    public long ResidentBytes => StatusBytes("VmRSS:");

    private long StatusBytes(string field) =>
        File.ReadLines($"/proc/{_process.Id}/status").Where(line => line.StartsWith(field, StringComparison.Ordinal))
            .Select(line => long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024).FirstOrDefault();

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // SIGINT, as Ctrl+C: the node drains and stops.
            using (var interrupt = Process.Start("kill", ["-INT", _process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await interrupt.WaitForExitAsync();
            }

            if (!_process.WaitForExit(TimeSpan.FromSeconds(30)))
            {
                _process.Kill();
            }
        }

        _process.Dispose();
    }
}
