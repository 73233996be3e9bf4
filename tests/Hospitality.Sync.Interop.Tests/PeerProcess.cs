using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Hospitality.Sync.WebRtc;

namespace Hospitality.Sync.Interop.Tests;

/// <summary>
/// A werift or Chromium peer in a Node process, spoken to in JSON lines (js/peer-protocol.md).
/// Its events queue up so a test can wait for the next one that matches.
/// </summary>
public sealed class PeerProcess : IAsyncDisposable
{
    private static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly Channel<PeerEvent> _events = Channel.CreateUnbounded<PeerEvent>();
    private readonly StringBuilder _log = new();
    private readonly List<PeerEvent> _seen = [];

    private PeerProcess(Process process, string name)
    {
        this._process = process;
        Name = name;
        process.OutputDataReceived += (_, line) => OnLine(line.Data);
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

    public string Name { get; }

    /// <summary>Starts <paramref name="peer"/> ("werift" or "chromium") as the offering or the answering side.</summary>
    public static PeerProcess Start(string peer, bool offers)
    {
        var process = JsPeers.Start($"{peer}-peer.mjs", chromium: peer == "chromium", offers ? "offer" : "answer");
        return new PeerProcess(process, peer);
    }

    public void Send(object command)
    {
        _process.StandardInput.WriteLine(JsonSerializer.Serialize(command));
        _process.StandardInput.Flush();
    }

    public void SendDescription(RtcSessionDescription description) =>
        Send(new { kind = "description", type = description.Type == RtcSdpType.Offer ? "offer" : "answer", sdp = description.Sdp });

    /// <summary>Waits for the next event that matches; events before it are skipped (but kept for failure messages).</summary>
    public async Task<PeerEvent> NextAsync(Func<PeerEvent, bool> match, string what, TimeSpan? wait = null)
    {
        using var timeout = new CancellationTokenSource(wait ?? DefaultWait);
        try
        {
            while (true)
            {
                var next = await _events.Reader.ReadAsync(timeout.Token);
                if (next.Kind == "error")
                {
                    throw new InvalidOperationException($"{Name} reported an error: {next.Message}\n{Diagnostics()}");
                }

                if (match(next))
                {
                    return next;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{Name} did not report {what} within {(wait ?? DefaultWait).TotalSeconds} s\n{Diagnostics()}");
        }
        catch (ChannelClosedException)
        {
            throw new InvalidOperationException($"{Name} exited before reporting {what}\n{Diagnostics()}");
        }
    }

    public Task<PeerEvent> NextAsync(string kind, TimeSpan? wait = null) => NextAsync(e => e.Kind == kind, kind, wait);

    public string Diagnostics()
    {
        lock (_log)
        {
            lock (_seen)
            {
                return $"events: {string.Join(", ", _seen.Select(e => e.Kind + (e.Text is null ? "" : $"({e.Text})")))}\nstderr:\n{_log}";
            }
        }
    }

    public ValueTask DisposeAsync() => ScriptShutdown.StopAsync(_process, () => Send(new { kind = "quit" }));

    private void OnLine(string? line)
    {
        if (line is null)
        {
            _events.Writer.TryComplete();
            return;
        }

        if (!line.StartsWith('{'))
        {
            lock (_log)
            {
                _log.AppendLine(line);
            }

            return;
        }

        var parsed = JsonSerializer.Deserialize<PeerEvent>(line) ?? new PeerEvent { Kind = "error", Message = "null line" };
        lock (_seen)
        {
            _seen.Add(parsed);
        }

        _events.Writer.TryWrite(parsed);
    }
}
