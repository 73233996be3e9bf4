using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Hospitality.Sync.Interop.Tests.Mesh;

/// <summary>
/// Headless Chromium pages running js/mesh-client.js, driven by js/chromium-mesh.mjs in a Node
/// process over JSON lines (js/mesh-protocol.md). It keeps what each page reported: the peers it
/// linked to and the version of each document it stored, so a test waits on that view.
/// </summary>
internal sealed class ChromiumMeshProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();
    private readonly object _gate = new();
    private readonly Dictionary<string, PageView> _pages = new(StringComparer.Ordinal);
    private readonly List<string> _errors = [];

    private ChromiumMeshProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, line) => OnLine(line.Data);
        process.ErrorDataReceived += (_, line) => Log(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public static ChromiumMeshProcess Start()
    {
        return new ChromiumMeshProcess(JsPeers.Start("chromium-mesh.mjs", chromium: true));
    }

    /// <summary>
    /// Opens a page that joins <paramref name="propertyId"/>'s room as <paramref name="deviceId"/> on
    /// <paramref name="signaling"/>, at once or (<paramref name="join"/> false) when told to <see cref="Join"/>.
    /// </summary>
    public void Open(string page, Uri signaling, string propertyId, string deviceId, bool join = true)
    {
        lock (_gate)
        {
            _pages[page] = new PageView(deviceId);
        }

        Send(new { kind = "open", page, url = signaling.ToString(), propertyId, deviceId, join });
    }

    /// <summary>A page opened without joining joins its room now.</summary>
    public void Join(string page) => Send(new { kind = "join", page });

    /// <summary>Closes the page, as a guest closes a tab: the browser ends its WebSocket and its peer connections.</summary>
    public void Close(string page) => Send(new { kind = "close", page });

    /// <summary>A write in the page: its own HLC stamps it and it floods the page's links.</summary>
    public void Write(string page, string collection, string id, object body) => Send(new { kind = "write", page, collection, id, body });

    /// <summary>The page's peers with an open channel, as it reported them.</summary>
    public IReadOnlySet<string> LinkedPeers(string page)
    {
        lock (_gate)
        {
            return _pages[page].Linked.ToHashSet(StringComparer.Ordinal);
        }
    }

    /// <summary>Whether the page offered (true) or answered (false) its open link to <paramref name="peer"/>; null without one.</summary>
    public bool? Offered(string page, string peer)
    {
        lock (_gate)
        {
            return _pages[page].Linked.Contains(peer) ? _pages[page].Offerer.GetValueOrDefault(peer) : null;
        }
    }

    /// <summary>The stamp of the version of collection/id the page holds, or null.</summary>
    public string? StampAt(string page, string collection, string id)
    {
        lock (_gate)
        {
            return _pages[page].Stored.GetValueOrDefault((collection, id))?.Stamp;
        }
    }

    /// <summary>The stamp the page gave its own write of collection/id, or null before it reported it.</summary>
    public string? WrittenStamp(string page, string collection, string id)
    {
        lock (_gate)
        {
            return _pages[page].Written.GetValueOrDefault((collection, id));
        }
    }

    /// <summary>Every document the page holds: (collection, id) -> (stamp, origin).</summary>
    public IReadOnlyDictionary<(string Collection, string Id), StoredVersion> Documents(string page)
    {
        lock (_gate)
        {
            return new Dictionary<(string, string), StoredVersion>(_pages[page].Stored);
        }
    }

    public bool Joined(string page)
    {
        lock (_gate)
        {
            return _pages[page].Joined;
        }
    }

    /// <summary>Fails at once when a page or the process reported an error or the process exited.</summary>
    public void ThrowIfFailed()
    {
        lock (_gate)
        {
            if (_errors.Count > 0)
            {
                throw new InvalidOperationException($"the Chromium pages reported: {string.Join("; ", _errors)}\n{Diagnostics()}");
            }
        }

        if (_process.HasExited)
        {
            throw new InvalidOperationException($"the Chromium mesh process exited ({_process.ExitCode})\n{Diagnostics()}");
        }
    }

    /// <summary>What the pages reported and what the process printed, for a failure message.</summary>
    public string Diagnostics()
    {
        lock (_gate)
        {
            var pages = string.Join("\n", _pages.Select(page =>
                $"  {page.Key} ({page.Value.Device}): joined {page.Value.Joined}, linked [{string.Join(", ", page.Value.Linked)}], " +
                $"stored [{string.Join(", ", page.Value.Stored.Select(d => $"{d.Key.Collection}/{d.Key.Id}@{d.Value.Stamp}"))}]"));
            return $"pages:\n{pages}\nnode's stderr and events:\n{_log}";
        }
    }

    public ValueTask DisposeAsync() => ScriptShutdown.StopAsync(_process, () => Send(new { kind = "quit" }));

    private void Send(object command)
    {
        _process.StandardInput.WriteLine(JsonSerializer.Serialize(command));
        _process.StandardInput.Flush();
    }

    private void Log(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _log.AppendLine(line);
        }
    }

    private void OnLine(string? line)
    {
        if (line is null || !line.StartsWith('{'))
        {
            Log(line);
            return;
        }

        using var json = JsonDocument.Parse(line);
        var root = json.RootElement;
        var kind = root.GetProperty("kind").GetString();
        var page = root.TryGetProperty("page", out var named) ? named.GetString() : null;
        lock (_gate)
        {
            // Stored versions are many and already in the view; everything else is kept for the failure message.
            if (kind != "stored")
            {
                _log.AppendLine(line);
            }

            var view = page is null ? null : _pages.GetValueOrDefault(page);
            switch (kind)
            {
                case "error":
                    _errors.Add($"{page}: {root.GetProperty("message").GetString()}");
                    break;
                case "joined" when view is not null:
                    view.Joined = true;
                    break;
                case "linked" when view is not null:
                    view.Linked.Add(root.GetProperty("peer").GetString()!);
                    view.Offerer[root.GetProperty("peer").GetString()!] = root.GetProperty("offerer").GetBoolean();
                    break;
                case "unlinked" when view is not null:
                    view.Linked.Remove(root.GetProperty("peer").GetString()!);
                    break;
                case "written" when view is not null:
                    view.Written[(root.GetProperty("collection").GetString()!, root.GetProperty("id").GetString()!)] = root.GetProperty("stamp").GetString()!;
                    break;
                case "stored" when view is not null:
                    view.Stored[(root.GetProperty("collection").GetString()!, root.GetProperty("id").GetString()!)] =
                        new StoredVersion(root.GetProperty("stamp").GetString()!, root.GetProperty("origin").GetString()!, root.GetProperty("body").GetString()!);
                    break;
            }
        }
    }

    private sealed class PageView(string device)
    {
        public string Device { get; } = device;

        public bool Joined { get; set; }

        public SortedSet<string> Linked { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, bool> Offerer { get; } = new(StringComparer.Ordinal);

        public Dictionary<(string Collection, string Id), StoredVersion> Stored { get; } = [];

        public Dictionary<(string Collection, string Id), string> Written { get; } = [];
    }
}

/// <summary>A version a page stored: its HLC stamp's text, the device that wrote it and its body's JSON.</summary>
internal sealed record StoredVersion(string Stamp, string Origin, string Body);
