using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Hospitality.Sync.Node;

namespace Hospitality.Sync.Hosting.Tests.Node;

/// <summary>
/// One hotel-node as a separate OS process (<c>dotnet hotel-node.dll …</c>, the build beside the tests),
/// its output kept for a failure message. <see cref="Kill"/> is a real cut (SIGKILL: its sockets close,
/// nothing drains); <see cref="TerminateAsync"/> is an operator's stop (SIGTERM: the node drains and stops).
/// </summary>
internal sealed class NodeChildProcess : IAsyncDisposable
{
    /// <summary>Output lines kept per process: enough to see its links and its failover, bounded for a long run.</summary>
    private const int LogLinesMax = 400;

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _log = new();
    private readonly HttpClient _http;

    private NodeChildProcess(string name, int port, Process process)
    {
        Name = name;
        Port = port;
        _process = process;
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
    }

    public string Name { get; }

    public int Port { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>Starts the process; the node listens on 127.0.0.1:<paramref name="port"/>.</summary>
    public static NodeChildProcess Start(string name, int port, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(typeof(HotelNodeApp).Assembly.Location);
        // Plain lines with a time of day, so a failure's log shows what happened when.
        string[] logging = ["--Logging:Console:FormatterName", "simple", "--Logging:Console:FormatterOptions:TimestampFormat", "HH:mm:ss.fff ", "--Logging:Console:FormatterOptions:SingleLine", "true"];
        foreach (var argument in arguments.Concat(["--port", port.ToString(CultureInfo.InvariantCulture)]).Concat(logging))
        {
            start.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = start };
        var child = new NodeChildProcess(name, port, process);
        process.OutputDataReceived += (_, line) => child.Keep(line.Data);
        process.ErrorDataReceived += (_, line) => child.Keep(line.Data is null ? null : $"stderr: {line.Data}");
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Waits until readiness answers 200; throws with the node's output if it does not within <paramref name="patience"/>.</summary>
    public async Task WaitReadyAsync(TimeSpan patience)
    {
        var until = DateTime.UtcNow + patience;
        while (DateTime.UtcNow < until && !_process.HasExited)
        {
            if (await ReadyAsync() is not null)
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"{Name} was not ready within {patience.TotalSeconds} s (exited: {_process.HasExited}).\n{Log()}");
    }

    /// <summary>The readiness answer's outbox and peers linked, or null while the node is not ready (or not answering).</summary>
    public async Task<(int Outbox, int PeersLinked)?> ReadyAsync()
    {
        try
        {
            using var response = await _http.GetAsync(new Uri("/api/replication/ready", UriKind.Relative));
            if (!response.IsSuccessStatusCode)
            {
                return null;
            }

            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var root = json.RootElement;
            return (root.GetProperty("outbox").GetInt32(), root.TryGetProperty("peersLinked", out var peers) ? peers.GetInt32() : 0);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    /// <summary>SIGKILL: the process is gone at once, its sockets closed by the kernel, nothing drained.</summary>
    public void Kill()
    {
        _process.Kill();
        _process.WaitForExit(TimeSpan.FromSeconds(10));
        Keep("(killed by the test: SIGKILL)");
    }

    /// <summary>SIGTERM, as an operator's stop: the node drains and exits; its exit code, or -1 if it had to be killed.</summary>
    public async Task<int> TerminateAsync()
    {
        if (_process.HasExited)
        {
            return _process.ExitCode;
        }

        using (var terminate = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await terminate.WaitForExitAsync();
        }

        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await _process.WaitForExitAsync(patience.Token);
            return _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            Kill();
            return -1;
        }
    }

    /// <summary>The last lines the process wrote, each prefixed with its name.</summary>
    public string Log() => string.Join('\n', _log.Select(line => $"[{Name}] {line}"));

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _http.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _log.Enqueue(line.Length > 600 ? line[..600] : line);
        while (_log.Count > LogLinesMax && _log.TryDequeue(out _))
        {
        }
    }
}
