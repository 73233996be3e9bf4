using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace Hospitality.Sim.Cli.Live;

/// <summary>
/// A user-space TCP relay in front of one upstream for one client (a device's link to its Greengrass,
/// say): every chunk read is held for the link's one-way delay plus normal jitter, in order (a later
/// chunk never overtakes an earlier one, as TCP would not let it), both ways. This kernel has no netem,
/// so delay is added here. The client side's segment size is the simulated path's (TCP_MAXSEG from the
/// MTU), and its bytes on the wire are read from the kernel (TCP_INFO: payload bytes sent and received,
/// and segments both ways at 52 header bytes each, as the simulator counts them).
/// </summary>
internal sealed class DelayRelay : IAsyncDisposable
{
    private const int IpProtocolTcp = 6;
    private const int TcpMaxSegment = 2;
    private const int TcpInfo = 11;

    /// <summary>IP (20) + TCP (20) + timestamps (12) per segment: the simulator's TcpHeader.OverheadBytes.</summary>
    private const int SegmentOverheadBytes = 52;

    private readonly IPEndPoint _target;
    private readonly TimeSpan _delay;
    private readonly TimeSpan _jitter;
    private readonly Socket _listener;
    private readonly Random _random;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Socket> _open = [];
    private readonly Lock _lock = new();
    private long _closedWireBytes;
    private Task _accepting = Task.CompletedTask;

    public DelayRelay(IPEndPoint target, TimeSpan delay, TimeSpan jitter, int mtuBytes, int seed)
    {
        _target = target;
        _delay = delay;
        _jitter = jitter;
        _random = new Random(seed);
        _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var mss = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(mss, mtuBytes - 40);
        _listener.SetRawSocketOption(IpProtocolTcp, TcpMaxSegment, mss);
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(128);
        Port = ((IPEndPoint)_listener.LocalEndPoint!).Port;
    }

    public int Port { get; }

    /// <summary>Bytes on the wire between the client and this relay so far, both ways, headers included.</summary>
    public long WireBytes
    {
        get
        {
            lock (_lock)
            {
                return _closedWireBytes + _open.Sum(Measure);
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
            foreach (var socket in _open)
            {
                _closedWireBytes += Measure(socket);
                socket.Dispose();
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
                _open.Add(client);
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
            Task[] pumps = [PumpAsync(client, upstream, ending.Token), PumpAsync(upstream, client, ending.Token)];

            // A side that resets ends both; a side that closes gracefully leaves the other to finish.
            var first = await Task.WhenAny(pumps);
            if (!first.IsCompletedSuccessfully)
            {
                await ending.CancelAsync();
            }

            await Task.WhenAll(pumps);
        }
        catch (Exception exception) when (exception is SocketException or OperationCanceledException or ObjectDisposedException or ChannelClosedException)
        {
        }
        finally
        {
            lock (_lock)
            {
                if (_open.Remove(client))
                {
                    _closedWireBytes += Measure(client);
                    client.Dispose();
                }
            }
        }
    }

    /// <summary>Reads from one side and writes to the other, each chunk at its due time; a closed reading side half-closes the writing one.</summary>
    private async Task PumpAsync(Socket from, Socket to, CancellationToken stopping)
    {
        var due = Channel.CreateUnbounded<(byte[] Data, long DueTicks)>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var writing = WriteDueAsync(due.Reader, to, stopping);
        long last = 0;
        try
        {
            var buffer = new byte[64 * 1024];
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, stopping);
                if (read == 0)
                {
                    break;
                }

                var at = Stopwatch.GetTimestamp() + (long)(DelaySample().TotalSeconds * Stopwatch.Frequency);
                last = Math.Max(last, at);
                due.Writer.TryWrite((buffer[..read], last));
            }
        }
        finally
        {
            due.Writer.TryComplete();
            await writing;
        }
    }

    private static async Task WriteDueAsync(ChannelReader<(byte[] Data, long DueTicks)> due, Socket to, CancellationToken stopping)
    {
        await foreach (var (data, dueTicks) in due.ReadAllAsync(stopping))
        {
            await WaitUntilAsync(dueTicks, stopping);
            await to.SendAsync(data, SocketFlags.None, stopping);
        }

        to.Shutdown(SocketShutdown.Send);
    }

    // Task.Delay is good to a millisecond or so; the rest is waited out yielding.
    private static async Task WaitUntilAsync(long dueTicks, CancellationToken stopping)
    {
        var left = TimeSpan.FromSeconds((dueTicks - Stopwatch.GetTimestamp()) / (double)Stopwatch.Frequency);
        if (left > TimeSpan.FromMilliseconds(2))
        {
            await Task.Delay(left - TimeSpan.FromMilliseconds(1), stopping);
        }

        while (Stopwatch.GetTimestamp() < dueTicks)
        {
            await Task.Yield();
        }
    }

    private TimeSpan DelaySample()
    {
        lock (_random)
        {
            // Box-Muller: the simulator's links draw normal jitter clamped at zero too.
            var normal = Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble());
            var delay = _delay + (_jitter * normal);
            return delay > TimeSpan.Zero ? delay : TimeSpan.Zero;
        }
    }

    /// <summary>The kernel's count for one client connection: payload both ways plus 52 header bytes per segment both ways.</summary>
    private static long Measure(Socket socket)
    {
        try
        {
            var info = new byte[232];
            var length = socket.GetRawSocketOption(IpProtocolTcp, TcpInfo, info);
            if (length < 144)
            {
                return 0;
            }

            var received = BinaryPrimitives.ReadInt64LittleEndian(info.AsSpan(128));
            var segmentsOut = BinaryPrimitives.ReadUInt32LittleEndian(info.AsSpan(136));
            var segmentsIn = BinaryPrimitives.ReadUInt32LittleEndian(info.AsSpan(140));
            var sent = length >= 208 ? BinaryPrimitives.ReadInt64LittleEndian(info.AsSpan(200)) : BinaryPrimitives.ReadInt64LittleEndian(info.AsSpan(120));
            return sent + received + ((segmentsOut + segmentsIn) * (long)SegmentOverheadBytes);
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
        {
            return 0;
        }
    }
}
