using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Collections.Concurrent;
using Hospitality.Sim.Kernel;
using Hospitality.Sim.Network;

namespace Hospitality.Sim.Cli.Live;

/// <summary>
/// A user-space TCP relay in front of one upstream for one client (a device's link to its Greengrass,
/// say): every chunk read is held for the path's one-way delay, in order (a later chunk never
/// overtakes an earlier one, as TCP would not let it), both ways. The delay is drawn as the simulator
/// draws it for each link the path crosses (<see cref="LinkProfile.PropagationTicks"/>): base latency,
/// normal jitter, and with the link's tail probability a Pareto (alpha 2) tail, capped, summed over
/// the links. It stands in for the links when a run's are not shaped (<c>--shape none</c>, every node on
/// loopback); shaped runs delay each packet in the kernel's path instead (<see cref="PacketDelay"/>).
/// Each direction reads on a thread of its own and counts a chunk's delay from the kernel's arrival stamp (<see cref="StampedReceive"/>), and waits
/// it out on another with clock_nanosleep, both at real-time priority as netem would run in the kernel,
/// so a 1.6 ms LAN delay is kept to tens of microseconds without spinning a core (the relay's error is
/// measured: <see cref="Lateness"/>, and each chunk's <see cref="RelayChunk.ReadLateMs"/>). The client
/// side's segment size is the simulated path's (TCP_MAXSEG from the MTU), and its bytes on the wire
/// are read from the kernel (TCP_INFO: payload bytes sent and received, and segments both ways at
/// 52 header bytes each, as the simulator counts them).
/// </summary>
internal sealed class DelayRelay : IAsyncDisposable
{
    private const int IpProtocolTcp = 6;
    private const int TcpMaxSegment = 2;
    private const int TcpInfo = 11;

    /// <summary>IP (20) + TCP (20) + timestamps (12) per segment: the simulator's TcpHeader.OverheadBytes.</summary>
    private const int SegmentOverheadBytes = 52;

    /// <summary>Chunks one direction may hold before its reader waits (a bound on the relay's memory: 64 KiB each).</summary>
    private const int ChunksHeldMax = 1024;

    /// <summary>Chunks recorded at most (<see cref="Chunks"/>): days of a small hotel, tens of MB.</summary>
    private const int ChunksRecordedMax = 1_000_000;

    /// <summary>How long a reader waits for bytes before it looks for a stop.</summary>
    private static readonly TimeSpan ReadSlice = TimeSpan.FromMilliseconds(100);

    private readonly IPEndPoint _target;
    private readonly IReadOnlyList<LinkProfile> _links;
    private readonly Socket _listener;
    private readonly SimRandom _random;
    private readonly CancellationTokenSource _stopping = new();
    // Each client's socket and, once connected, its upstream's.
    private readonly Dictionary<Socket, Socket?> _open = [];
    private readonly Lock _lock = new();
    private readonly List<double> _latenessMs = [];
    private readonly List<RelayChunk> _chunks = [];
    private long _closedWireBytes;
    private int _ordinaryThreads;
    private Task _accepting = Task.CompletedTask;

    /// <param name="listenOn">Where the client connects (loopback, or hsim's address on a shaped run's bridge).</param>
    /// <param name="target">The upstream each client connection is relayed to.</param>
    /// <param name="links">The links the simulated path crosses, whose delays are summed.</param>
    /// <param name="name">What the relay stands for in its records, e.g. "tablet-2 to greengrass".</param>
    public DelayRelay(string name, IPAddress listenOn, IPEndPoint target, IReadOnlyList<LinkProfile> links, ulong seed)
    {
        Name = name;
        _target = target;
        _links = links;
        _random = new SimRandom(seed);
        _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var mss = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(mss, links.Min(link => link.MtuBytes) - 40);
        _listener.SetRawSocketOption(IpProtocolTcp, TcpMaxSegment, mss);
        _listener.Bind(new IPEndPoint(listenOn, 0));
        _listener.Listen(128);
        Port = ((IPEndPoint)_listener.LocalEndPoint!).Port;
    }

    /// <summary>The path's mean one-way delay without tails: the links' base latencies summed.</summary>
    public TimeSpan BaseDelay => TimeSpan.FromTicks(_links.Sum(link => link.BaseLatency.Ticks));

    /// <summary>How late each chunk left against its due time, in ms (the relay's own error).</summary>
    public IReadOnlyList<double> Lateness
    {
        get
        {
            lock (_latenessMs)
            {
                return [.. _latenessMs];
            }
        }
    }

    public string Name { get; }

    /// <summary>Every chunk relayed so far, both ways, in the order each way read them (the first million).</summary>
    public IReadOnlyList<RelayChunk> Chunks
    {
        get
        {
            lock (_chunks)
            {
                return [.. _chunks];
            }
        }
    }

    /// <summary>Whether every reader and writer thread so far ran at real-time priority.</summary>
    public bool RealTime => Volatile.Read(ref _ordinaryThreads) == 0;

    public int Port { get; }

    /// <summary>A chunk drawn this far above the path's base delay took one of its links' latency tails (jitter alone stays well under it).</summary>
    public static readonly TimeSpan TailDrawnAbove = TimeSpan.FromMilliseconds(5);

    /// <summary>Chunks drawn at least <see cref="TailDrawnAbove"/> above the path's base delay.</summary>
    public int TailDraws => Chunks.Count(chunk => chunk.DrawnMs - BaseDelay.TotalMilliseconds >= TailDrawnAbove.TotalMilliseconds);

    /// <summary>Bytes on the wire of the relayed connections so far, both ways, headers included, each way as its real sender sent it (<see cref="Measure"/>).</summary>
    public long WireBytes
    {
        get
        {
            lock (_lock)
            {
                return _closedWireBytes + _open.Sum(pair => Measure(pair.Key, pair.Value));
            }
        }
    }

    public void Start() => _accepting = AcceptAsync(_stopping.Token);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Dispose();
        try
        {
            await _accepting;
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        lock (_lock)
        {
            foreach (var (client, upstream) in _open)
            {
                _closedWireBytes += Measure(client, upstream);
                client.Dispose();
            }

            _open.Clear();
        }

        _stopping.Dispose();
    }

    private async Task AcceptAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            var client = await _listener.AcceptAsync(stopping);
            client.NoDelay = true;
            lock (_lock)
            {
                _open.Add(client, null);
            }

            _ = RelayAsync(client, stopping);
        }
    }

    private async Task RelayAsync(Socket client, CancellationToken stopping)
    {
        using var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        try
        {
            await upstream.ConnectAsync(_target, ending.Token);
            lock (_lock)
            {
                _open[client] = upstream;
            }

            Task[] pumps = [PumpAsync(client, upstream, up: true, ending.Token), PumpAsync(upstream, client, up: false, ending.Token)];

            // A side that resets ends both; a side that closes gracefully leaves the other to finish.
            var first = await Task.WhenAny(pumps);
            if (!first.IsCompletedSuccessfully)
            {
                await ending.CancelAsync();
            }

            await Task.WhenAll(pumps);
        }
        catch (Exception exception) when (exception is SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
        finally
        {
            lock (_lock)
            {
                if (_open.Remove(client, out var connected))
                {
                    _closedWireBytes += Measure(client, connected);
                    client.Dispose();
                }
            }
        }
    }

    /// <summary>
    /// Reads from one side and writes to the other, each chunk at its due time: its delay counted from when
    /// the kernel received it, so the reader's own wake-up is not added to the path. Reader and writer are
    /// threads of their own at real-time priority where the OS allows; a closed reading side half-closes the writing one.
    /// </summary>
    private async Task PumpAsync(Socket from, Socket to, bool up, CancellationToken stopping)
    {
        using var due = new BlockingCollection<(byte[] Data, long DueTicks)>(ChunksHeldMax);
        var read = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var written = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reader = new Thread(() => ReadDue(from, up, due, read, stopping)) { IsBackground = true, Name = "relay reader" };
        var writer = new Thread(() => WriteDue(due, to, written, stopping)) { IsBackground = true, Name = "relay writer" };
        reader.Start();
        writer.Start();
        try
        {
            await read.Task;
        }
        finally
        {
            await written.Task;
        }
    }

    private void ReadDue(Socket from, bool up, BlockingCollection<(byte[] Data, long DueTicks)> due, TaskCompletionSource read, CancellationToken stopping)
    {
        NoteRealTime(RealTimePriority.TryRaiseCurrentThread());
        long last = 0;
        try
        {
            using var receive = new StampedReceive(from, 64 * 1024);
            while (true)
            {
                var (data, agoTicks) = receive.Receive(stopping, ReadSlice);
                if (data.Length == 0)
                {
                    break;
                }

                var delay = DelaySample();
                var arrived = Stopwatch.GetTimestamp() - agoTicks;
                last = Math.Max(last, arrived + (long)(delay.TotalSeconds * Stopwatch.Frequency));
                lock (_chunks)
                {
                    if (_chunks.Count < ChunksRecordedMax)
                    {
                        _chunks.Add(new RelayChunk(up, arrived, agoTicks * 1000.0 / Stopwatch.Frequency, data.Length, delay.TotalMilliseconds, last));
                    }
                }

                due.Add((data, last), stopping);
            }

            read.TrySetResult();
        }
        catch (Exception exception) when (exception is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            read.TrySetException(exception);
        }
        finally
        {
            due.CompleteAdding();
        }
    }

    private void WriteDue(BlockingCollection<(byte[] Data, long DueTicks)> due, Socket to, TaskCompletionSource written, CancellationToken stopping)
    {
        NoteRealTime(RealTimePriority.TryRaiseCurrentThread());
        try
        {
            foreach (var (data, dueTicks) in due.GetConsumingEnumerable(stopping))
            {
                MonotonicSleep.Until(dueTicks);
                var late = (Stopwatch.GetTimestamp() - dueTicks) * 1000.0 / Stopwatch.Frequency;
                lock (_latenessMs)
                {
                    _latenessMs.Add(late);
                }

                var sent = 0;
                while (sent < data.Length)
                {
                    sent += to.Send(data, sent, data.Length - sent, SocketFlags.None);
                }
            }

            to.Shutdown(SocketShutdown.Send);
            written.TrySetResult();
        }
        catch (Exception exception) when (exception is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            written.TrySetException(exception);
        }
    }

    private void NoteRealTime(bool raised)
    {
        if (!raised)
        {
            Interlocked.Increment(ref _ordinaryThreads);
        }
    }

    /// <summary>One draw of the path's delay: each link's, as the simulator draws it, summed.</summary>
    private TimeSpan DelaySample()
    {
        lock (_random)
        {
            return TimeSpan.FromTicks(_links.Sum(link => link.PropagationTicks(_random)));
        }
    }

    /// <summary>
    /// The kernel's count for one relayed connection: payload both ways plus 52 header bytes per segment, each
    /// way counted where the real sender's segments arrive (the client's at the client socket, the upstream's at
    /// the upstream socket), so the relay's own ACKs, timed by its delays, are not counted as the path's.
    /// Without an upstream, the client socket's count both ways.
    /// </summary>
    private static long Measure(Socket client, Socket? upstream)
    {
        if (TcpCount(client) is not { } fromClient)
        {
            return 0;
        }

        if (upstream is null || TcpCount(upstream) is not { } fromUpstream)
        {
            return fromClient.Sent + fromClient.Received + ((fromClient.SegmentsOut + fromClient.SegmentsIn) * (long)SegmentOverheadBytes);
        }

        return fromClient.Received + fromUpstream.Received + ((fromClient.SegmentsIn + fromUpstream.SegmentsIn) * (long)SegmentOverheadBytes);
    }

    private static (long Sent, long Received, long SegmentsOut, long SegmentsIn)? TcpCount(Socket socket)
    {
        try
        {
            var info = new byte[232];
            var length = socket.GetRawSocketOption(IpProtocolTcp, TcpInfo, info);
            if (length < 144)
            {
                return null;
            }

            var received = BinaryPrimitives.ReadInt64LittleEndian(info.AsSpan(128));
            var segmentsOut = BinaryPrimitives.ReadUInt32LittleEndian(info.AsSpan(136));
            var segmentsIn = BinaryPrimitives.ReadUInt32LittleEndian(info.AsSpan(140));
            var sent = length >= 208 ? BinaryPrimitives.ReadInt64LittleEndian(info.AsSpan(200)) : BinaryPrimitives.ReadInt64LittleEndian(info.AsSpan(120));
            return (sent, received, segmentsOut, segmentsIn);
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
        {
            return null;
        }
    }
}
