using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace Hospitality.Sync.Interop.Tests.RxDb;

/// <summary>The RxDB client of js/rxdb-client.mjs in a Node process, spoken to in JSON lines (js/rxdb-protocol.md).</summary>
internal sealed class RxDbClientProcess : IAsyncDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly Channel<JsonElement> _events = Channel.CreateUnbounded<JsonElement>();
    private readonly StringBuilder _log = new();

    private RxDbClientProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data is null)
            {
                _events.Writer.TryComplete();
            }
            else if (line.Data.StartsWith('{'))
            {
                _events.Writer.TryWrite(JsonDocument.Parse(line.Data).RootElement.Clone());
            }
        };
        process.ErrorDataReceived += (_, line) =>
        {
            lock (_log)
            {
                _log.AppendLine(line.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public static RxDbClientProcess Start(string baseUrl, string token)
    {
        return new RxDbClientProcess(JsPeers.Start("rxdb-client.mjs", chromium: false, baseUrl, token));
    }

    public void Send(object command)
    {
        _process.StandardInput.WriteLine(JsonSerializer.Serialize(command));
        _process.StandardInput.Flush();
    }

    /// <summary>The next event of <paramref name="kind"/>; an error event or the end of the process fails the test with the client's stderr.</summary>
    public async Task<JsonElement> NextAsync(string kind)
    {
        using var timeout = new CancellationTokenSource(Wait);
        try
        {
            while (true)
            {
                var next = await _events.Reader.ReadAsync(timeout.Token);
                var nextKind = next.GetProperty("kind").GetString();
                if (nextKind == "error")
                {
                    throw new InvalidOperationException($"the RxDB client reported: {next.GetProperty("message").GetString()}\n{Log()}");
                }

                if (nextKind == kind)
                {
                    return next;
                }
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or ChannelClosedException)
        {
            throw new TimeoutException($"the RxDB client did not report '{kind}' within {Wait.TotalSeconds} s\n{Log()}");
        }
    }

    private string Log()
    {
        lock (_log)
        {
            return $"stderr:\n{_log}";
        }
    }

    public ValueTask DisposeAsync() => ScriptShutdown.StopAsync(_process, () => Send(new { kind = "quit" }));
}
