using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Hospitality.Sim.Kernel;

namespace Hospitality.Sim.Cli.Live;

/// <summary>
/// The delay netem would add, per packet, for a shaped live run: the hub's bridge queues every IPv4
/// packet between two nodes to hsim (iptables NFQUEUE, <see cref="NetnsLinks"/>), which holds each for
/// its path's one-way delay, drawn per link as the simulator draws it and summed, and then lets it go
/// on. Packets of one way of a path leave in order, as a link keeps them. Unlike a relay, nothing ends
/// the nodes' TCP connections: each node's kernel talks to the other's, with their own segments, ACKs
/// and timers, and the bytes per path are counted from the packets themselves (IP length: payload and
/// headers as they were on the wire). A packet's delay counts from the kernel's arrival stamp in the
/// hub (the reader keeps the machine's stamping on). The reader and each way's sender run at real-time priority, as netem runs in the kernel.
/// </summary>
internal sealed class PacketDelay : IAsyncDisposable
{
    private const int SolSocket = 1;
    private const int SoTimestampNs = 35;

    /// <summary>Packets recorded at most (<see cref="Chunks"/>): hours of a small hotel.</summary>
    private const int PacketsRecordedMax = 2_000_000;

    private readonly ConcurrentDictionary<(uint From, uint To), Way> _ways = new();
    private readonly List<Way> _all = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource<NetfilterQueue> _bound = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Thread _reader;
    private long _unmatched;
    private long _verdictsRefused;
    private string? _failure;
    private int _ordinaryThreads;
    private int _recorded;

    private PacketDelay(string hub, ushort queue)
    {
        _reader = new Thread(() => Read(hub, queue)) { IsBackground = true, Name = "packet delay reader" };
        _reader.Start();
    }

    /// <summary>Whether every thread so far ran at real-time priority.</summary>
    public bool RealTime => Volatile.Read(ref _ordinaryThreads) == 0;

    /// <summary>Packets queued between addresses no path was added for: let through at once.</summary>
    public long Unmatched => Interlocked.Read(ref _unmatched);

    /// <summary>Verdicts the kernel would not take: their packets stayed queued (a stalled connection).</summary>
    public long VerdictsRefused => Interlocked.Read(ref _verdictsRefused);

    /// <summary>Why the delay stopped reading before it was disposed (the queue then lets packets through undelayed), or null.</summary>
    public string? Failure => Volatile.Read(ref _failure);

    /// <summary>Times the kernel had more queued packets than our socket held, and dropped some.</summary>
    public int Overruns => _bound.Task.IsCompletedSuccessfully ? _bound.Task.Result.Overruns : 0;

    /// <summary>Binds queue <paramref name="queue"/> of namespace <paramref name="hub"/> and starts delaying what arrives on it.</summary>
    /// <exception cref="ShapingException">The queue could not be bound.</exception>
    public static async Task<PacketDelay> StartAsync(string hub, ushort queue)
    {
        var delay = new PacketDelay(hub, queue);
        try
        {
            await delay._bound.Task;
            return delay;
        }
        catch
        {
            await delay.DisposeAsync();
            throw;
        }
    }

    /// <summary>Delays the packets of <paramref name="path"/> both ways from now on.</summary>
    public void Add(DelayedPath path)
    {
        var random = new SimRandom(path.Seed);
        foreach (var up in new[] { true, false })
        {
            var way = new Way(path, up, random);
            var key = up ? (Address(path.From), Address(path.To)) : (Address(path.To), Address(path.From));
            Invariant.Holds(_ways.TryAdd(key, way), $"a second path between {path.From} and {path.To}");
            lock (_all)
            {
                _all.Add(way);
            }

            var sender = new Thread(() => Send(way)) { IsBackground = true, Name = $"packet delay {path.Name} {(up ? "up" : "down")}" };
            sender.Start();
        }
    }

    /// <summary>Bytes on the wire both ways of <paramref name="path"/> so far: every packet's IP length, headers included.</summary>
    public long WireBytes(DelayedPath path) => Ways().Where(way => way.Path == path).Sum(way => Interlocked.Read(ref way.Bytes));

    /// <summary>How late each packet left against its due time, in ms (the delay's own error).</summary>
    public IReadOnlyList<double> Lateness() => Ways().SelectMany(way => way.Lateness()).ToList();

    /// <summary>Every packet held, by path, in the order each way read them (the first two million).</summary>
    public IEnumerable<(string Path, RelayChunk Packet)> Packets() => Ways().SelectMany(way => way.Recorded().Select(packet => (way.Path.Name, packet)));

    /// <summary>Packets drawn at least <see cref="DelayRelay.TailDrawnAbove"/> above their path's base delay: a link's latency tail.</summary>
    public int TailDraws() => Ways().Sum(way => way.Recorded().Count(packet => packet.DrawnMs - way.Path.BaseDelay.TotalMilliseconds >= DelayRelay.TailDrawnAbove.TotalMilliseconds));

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _reader.Join();
        foreach (var way in Ways())
        {
            way.Due.CompleteAdding();
            way.Sent.Task.Wait();
        }

        if (_bound.Task.IsCompletedSuccessfully)
        {
            _bound.Task.Result.Dispose();
        }

        _stopping.Dispose();
    }

    private List<Way> Ways()
    {
        lock (_all)
        {
            return [.. _all];
        }
    }

    private void Read(string hub, ushort queue)
    {
        NetfilterQueue socket;
        try
        {
            socket = new NetfilterQueue(hub, queue);
        }
        catch (Exception exception) when (exception is ShapingException or IOException or UnauthorizedAccessException)
        {
            _bound.TrySetException(exception);
            return;
        }

        // The kernel stamps a packet as it arrives only while some socket asks for stamps (the netstamp switch
        // is machine-wide); this one asks, so each queued packet carries its arrival and the reader's wake-up is
        // not added to its delay.
        using var stamps = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        stamps.SetRawSocketOption(SolSocket, SoTimestampNs, BitConverter.GetBytes(1));
        NoteRealTime(RealTimePriority.TryRaiseCurrentThread());
        _bound.TrySetResult(socket);
        while (!_stopping.IsCancellationRequested)
        {
            List<QueueMessage.Queued> packets;
            try
            {
                packets = socket.Receive();
            }
            catch (Exception exception) when (exception is ShapingException or FormatException)
            {
                // Closing the queue's socket lets iptables' --queue-bypass pass what comes next, undelayed, and the run says so.
                Volatile.Write(ref _failure, exception.Message);
                socket.Dispose();
                return;
            }

            var now = Stopwatch.GetTimestamp();
            var nowUnixMicroseconds = (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) / 10;
            foreach (var packet in packets)
            {
                if (Ipv4Header.Read(packet.Bytes.Span) is not { } header || !_ways.TryGetValue((header.Source, header.Destination), out var way))
                {
                    Interlocked.Increment(ref _unmatched);
                    Verdict(socket, packet.Id);
                    continue;
                }

                // The kernel's stamp, where it gave a plausible one, says how long the packet waited for this read.
                var agoMicroseconds = packet.StampUnixMicroseconds is { } stamp && nowUnixMicroseconds - stamp is >= 0 and < 1_000_000 ? nowUnixMicroseconds - stamp : 0;
                var agoTicks = agoMicroseconds * Stopwatch.Frequency / 1_000_000;
                var arrived = now - agoTicks;
                var delay = way.Draw();
                way.Last = Math.Max(way.Last, arrived + (long)(delay.TotalSeconds * Stopwatch.Frequency));
                Interlocked.Add(ref way.Bytes, header.TotalLength);
                if (Interlocked.Increment(ref _recorded) <= PacketsRecordedMax)
                {
                    way.Record(new RelayChunk(way.Up, arrived, agoTicks * 1000.0 / Stopwatch.Frequency, header.TotalLength, delay.TotalMilliseconds, way.Last));
                }

                way.Due.Add((packet.Id, way.Last));
            }
        }
    }

    private void Send(Way way)
    {
        NoteRealTime(RealTimePriority.TryRaiseCurrentThread());
        try
        {
            var socket = _bound.Task.Result;
            foreach (var (id, dueTicks) in way.Due.GetConsumingEnumerable())
            {
                MonotonicSleep.Until(dueTicks);
                way.NoteLateness((Stopwatch.GetTimestamp() - dueTicks) * 1000.0 / Stopwatch.Frequency);
                Verdict(socket, id);
            }
        }
        finally
        {
            way.Sent.TrySetResult();
        }
    }

    private void Verdict(NetfilterQueue socket, uint id)
    {
        if (!socket.Accept(id))
        {
            Interlocked.Increment(ref _verdictsRefused);
        }
    }

    private void NoteRealTime(bool raised)
    {
        if (!raised)
        {
            Interlocked.Increment(ref _ordinaryThreads);
        }
    }

    private static uint Address(IPAddress address) => BinaryPrimitives.ReadUInt32BigEndian(address.GetAddressBytes());

    /// <summary>One way of a path: its draws, the packets due out in order, its count of bytes.</summary>
    private sealed class Way(DelayedPath path, bool up, SimRandom random)
    {
        private readonly List<double> _latenessMs = [];
        private readonly List<RelayChunk> _recorded = [];

        public DelayedPath Path { get; } = path;

        public bool Up { get; } = up;

        public BlockingCollection<(uint Id, long DueTicks)> Due { get; } = new();

        public TaskCompletionSource Sent { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>When this way's latest packet is due (a later one never overtakes it). The reader's alone.</summary>
        public long Last { get; set; }

        public long Bytes;

        /// <summary>One draw of the path's delay: each link's, as the simulator draws it, summed. Both ways draw from one stream.</summary>
        public TimeSpan Draw()
        {
            lock (random)
            {
                return TimeSpan.FromTicks(Path.Links.Sum(link => link.PropagationTicks(random)));
            }
        }

        public void Record(RelayChunk packet)
        {
            lock (_recorded)
            {
                _recorded.Add(packet);
            }
        }

        public List<RelayChunk> Recorded()
        {
            lock (_recorded)
            {
                return [.. _recorded];
            }
        }

        public void NoteLateness(double ms)
        {
            lock (_latenessMs)
            {
                _latenessMs.Add(ms);
            }
        }

        public List<double> Lateness()
        {
            lock (_latenessMs)
            {
                return [.. _latenessMs];
            }
        }
    }
}
