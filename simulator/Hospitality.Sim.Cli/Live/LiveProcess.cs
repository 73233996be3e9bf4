using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Hospitality.Sim.Cli.Live;

/// <summary>
/// One hotel-node child process of a live run: started with its settings on the command line, its
/// console output kept in a file beside its data, ready once its readiness endpoint answers 200,
/// stopped with SIGTERM (its graceful drain) and killed only if it does not exit in time.
/// </summary>
internal sealed class LiveProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _output;

    private LiveProcess(string name, string role, IPAddress host, int port, Process process, StreamWriter output, DateTimeOffset started)
    {
        Name = name;
        Role = role;
        Host = host;
        Port = port;
        _process = process;
        _output = output;
        Started = started;
    }

    public string Name { get; }

    public string Role { get; }

    /// <summary>Where the node answers: loopback, or its address on a shaped run's bridge.</summary>
    public IPAddress Host { get; }

    public int Port { get; }

    /// <summary>Processor time the node used (user + system, from /proc) when it was last read, before it stopped.</summary>
    public TimeSpan CpuTime { get; private set; }

    private readonly Dictionary<string, SchedulerStat> _threads = new(StringComparer.Ordinal);

    /// <summary>
    /// The scheduler's account of the node's threads (/proc/PID/task/*/schedstat, the last reading of
    /// each thread by id): time on a core, time runnable but waiting for one, times put on one.
    /// </summary>
    public IReadOnlyDictionary<string, SchedulerStat> Threads => new Dictionary<string, SchedulerStat>(_threads, StringComparer.Ordinal);

    /// <summary>What the node's threads were scheduled since <paramref name="earlier"/> (threads that ended since are counted to their last reading).</summary>
    public SchedulerStat ScheduledSince(IReadOnlyDictionary<string, SchedulerStat> earlier) =>
        _threads.Aggregate(default(SchedulerStat), (sum, thread) =>
        {
            var since = thread.Value - earlier.GetValueOrDefault(thread.Key);
            return new SchedulerStat(sum.RunNanoseconds + since.RunNanoseconds, sum.WaitNanoseconds + since.WaitNanoseconds, sum.Timeslices + since.Timeslices);
        });

    public DateTimeOffset Started { get; }

    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    /// <summary>Each node logs every run-loop task that ran or waited this long, and where its time went (its log in nodes/).</summary>
    public const int SlowTaskMs = 5;

    /// <param name="inside">A command line the node runs inside (ip netns exec NAME), or empty for this machine's own network.</param>
    public static LiveProcess Start(string hotelNode, string name, string role, IPAddress host, int port, string folder, IReadOnlyList<string> inside, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(inside.Count > 0 ? inside[0] : "dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var part in inside.Skip(1).Concat(inside.Count > 0 ? ["dotnet"] : []))
        {
            start.ArgumentList.Add(part);
        }

        start.ArgumentList.Add(hotelNode);
        foreach (var argument in new[] { "--role", role, "--node-id", name, "--port", $"{port}", "--data", folder, "--Node:StoredLog", Path.Combine(folder, $"{name}.stored.tsv"), "--Logging:LogLevel:Default", "Warning", "--Node:SlowTaskMs", $"{SlowTaskMs}", "--Node:SchedulerStatistics", "true", "--Node:Precompile", "true", "--listen", host.ToString() }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        // A tablet's app collects garbage as a workstation does; hotel-node, a web app, would take server GC
        // (quiet live runs: device->greengrass p99 12.8 ms with it on the devices, 7.1 ms without; README, run 14).
        if (role == "device")
        {
            start.Environment["DOTNET_gcServer"] = "0";
        }

        // A hotel's nodes run for weeks on optimised code; a five-minute run with tiered compilation spends
        // its first two to three minutes on code the JIT has not optimised yet (README, runs 16-18), and
        // one without it compiles each method on its first call, mid-run (docs/live-runs.md, runs 49-51):
        // so every node compiles its own code, optimised, before it serves (Node:Precompile).
        start.Environment["DOTNET_TieredCompilation"] = "0";

        var output = new StreamWriter(Path.Combine(folder, $"{name}.log")) { AutoFlush = true };
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, line) => Write(output, line.Data);
        process.ErrorDataReceived += (_, line) => Write(output, line.Data);
        var started = DateTimeOffset.UtcNow;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new LiveProcess(name, role, host, port, process, output, started);
    }

    public static int FreePort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    /// <exception cref="InvalidOperationException">The node exited or did not become ready in time.</exception>
    public async Task WaitReadyAsync(TimeSpan patience, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + patience;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"hotel-node {Name} exited with {_process.ExitCode} before it was ready (its output: {Name}.log)");
            }

            try
            {
                if ((await http.GetAsync(new Uri($"http://{Host}:{Port}/api/replication/ready"), cancellationToken)).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
            }

            await Task.Delay(100, cancellationToken);
        }

        throw new InvalidOperationException($"hotel-node {Name} was not ready within {patience.TotalSeconds:0} s (its output: {Name}.log)");
    }

    /// <summary>SIGTERM, as Ctrl+C: the node drains and exits; after <paramref name="patience"/> it is killed.</summary>
    public async Task<int> StopAsync(TimeSpan patience)
    {
        if (!_process.HasExited)
        {
            ReadCpuTime();
            using (var term = Process.Start(new ProcessStartInfo("kill", ["-TERM", $"{_process.Id}"]) { UseShellExecute = false }))
            {
                await term!.WaitForExitAsync();
            }

            using var timeout = new CancellationTokenSource(patience);
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await StopAsync(TimeSpan.FromSeconds(10));
        }

        _process.Dispose();
        await _output.DisposeAsync();
    }

    /// <summary>Reads the node's processor time so far from /proc/PID/stat (utime + stime, in clock ticks of 1/100 s).</summary>
    public void ReadCpuTime()
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{_process.Id}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            CpuTime = TimeSpan.FromSeconds((long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0);
            foreach (var task in Directory.EnumerateDirectories($"/proc/{_process.Id}/task"))
            {
                if (File.Exists(Path.Combine(task, "schedstat")) && File.ReadAllText(Path.Combine(task, "schedstat")).Split(' ', StringSplitOptions.RemoveEmptyEntries) is [var run, var wait, var slices, ..])
                {
                    _threads[Path.GetFileName(task)] = new SchedulerStat(long.Parse(run, CultureInfo.InvariantCulture), long.Parse(wait, CultureInfo.InvariantCulture), long.Parse(slices, CultureInfo.InvariantCulture));
                }
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException or InvalidOperationException)
        {
        }
    }

    private static void Write(StreamWriter output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.WriteLine(line);
        }
    }
}
