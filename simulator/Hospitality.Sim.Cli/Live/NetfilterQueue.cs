using System.Runtime.InteropServices;

namespace Hospitality.Sim.Cli.Live;

/// <summary>
/// One NFQUEUE of a network namespace: a netlink socket opened inside it (the calling thread enters the
/// namespace for good: call it on a thread of its own), bound to the queue, that receives the first
/// bytes of each packet an iptables rule queued and lets each through when told (<see cref="Accept"/>,
/// from any thread). Linux only.
/// </summary>
internal sealed class NetfilterQueue : IDisposable
{
    private const int AddressFamilyNetlink = 16;
    private const int SocketRaw = 3;
    private const int NetlinkNetfilter = 12;
    private const int SolSocket = 1;
    private const int SoReceiveBufferForce = 33;
    private const int SoReceiveTimeout = 20;
    private const int SolNetlink = 270;
    private const int NetlinkNoBuffers = 5;
    private const int TryAgain = 11;
    private const int Interrupted = 4;
    private const int NoBufferSpace = 105;

    /// <summary>Each packet's bytes copied to us: an IPv4 header with options.</summary>
    private const uint CopyBytes = 64;

    /// <summary>Packets the kernel holds for us at most (then it drops them: counted as <see cref="Overruns"/> by the kernel's ENOBUFS).</summary>
    private const uint MaxQueued = 65_536;

    private readonly int _fd;
    private readonly byte[] _buffer = new byte[256 * 1024];
    private uint _sequence;
    private int _closed;

    /// <summary>Enters <paramref name="networkNamespace"/> (named, as <c>ip netns</c> names them) on this thread and binds queue <paramref name="queue"/> there.</summary>
    /// <exception cref="ShapingException">The namespace, the socket or the queue could not be had (the errno says why).</exception>
    public NetfilterQueue(string networkNamespace, ushort queue)
    {
        Queue = queue;
        NetworkNamespace.Enter(networkNamespace);

        _fd = Socket(AddressFamilyNetlink, SocketRaw, NetlinkNetfilter);
        if (_fd < 0)
        {
            throw new ShapingException($"could not open a netfilter netlink socket: errno {Marshal.GetLastPInvokeError()}");
        }

        var address = new byte[12];
        BitConverter.TryWriteBytes(address, (ushort)AddressFamilyNetlink);
        if (Bind(_fd, address, address.Length) != 0)
        {
            throw new ShapingException($"could not bind a netfilter netlink socket: errno {Marshal.GetLastPInvokeError()}");
        }

        Option(SolSocket, SoReceiveBufferForce, BitConverter.GetBytes(8 * 1024 * 1024));
        Option(SolNetlink, NetlinkNoBuffers, BitConverter.GetBytes(0));
        var timeout = new byte[16];
        BitConverter.TryWriteBytes(timeout.AsSpan(8), 100_000L);
        Option(SolSocket, SoReceiveTimeout, timeout);
        Configure(NetfilterQueueCodec.Bind(queue, ++_sequence), "bind the queue");
        Configure(NetfilterQueueCodec.Parameters(queue, ++_sequence, CopyBytes, MaxQueued), "ask for each packet's header");
    }

    public ushort Queue { get; }

    /// <summary>Times the kernel had more packets for us than the socket holds, and dropped some.</summary>
    public int Overruns { get; private set; }

    /// <summary>The packets queued since the last call, waiting at most 100 ms for the first; empty if none came. Their bytes are this queue's buffer: read them before the next call.</summary>
    public List<QueueMessage.Queued> Receive()
    {
        var read = Receive(_fd, _buffer, _buffer.Length, 0);
        if (read < 0)
        {
            var error = Marshal.GetLastPInvokeError();
            if (error == NoBufferSpace)
            {
                Overruns++;
            }

            return error is TryAgain or Interrupted or NoBufferSpace ? [] : throw new ShapingException($"reading the netfilter queue failed: errno {error}");
        }

        var packets = new List<QueueMessage.Queued>();
        foreach (var message in NetfilterQueueCodec.Parse(_buffer.AsMemory(0, (int)read)))
        {
            if (message is QueueMessage.Queued packet)
            {
                packets.Add(packet);
            }
        }

        return packets;
    }

    /// <summary>Lets packet <paramref name="id"/> go on; false if the kernel would not take the verdict (after a second try).</summary>
    public bool Accept(uint id)
    {
        var verdict = NetfilterQueueCodec.Accept(Queue, id);
        return Send(_fd, verdict, verdict.Length, 0) == verdict.Length || Send(_fd, verdict, verdict.Length, 0) == verdict.Length;
    }

    // Once only: a second close could close a descriptor the process has opened since.
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0)
        {
            _ = Close(_fd);
        }
    }

    private void Configure(byte[] request, string what)
    {
        if (Send(_fd, request, request.Length, 0) != request.Length)
        {
            throw new ShapingException($"could not {what} on the netfilter queue: errno {Marshal.GetLastPInvokeError()}");
        }

        var read = Receive(_fd, _buffer, _buffer.Length, 0);
        if (read < 0)
        {
            throw new ShapingException($"no answer when asked to {what} on the netfilter queue: errno {Marshal.GetLastPInvokeError()}");
        }

        var sequence = _sequence;
        if (NetfilterQueueCodec.Parse(_buffer.AsMemory(0, (int)read)).OfType<QueueMessage.Acknowledged>().FirstOrDefault(ack => ack.Sequence == sequence) is { Error: not 0 } refused)
        {
            throw new ShapingException($"the kernel refused to {what} on the netfilter queue: errno {refused.Error}");
        }
    }

    private void Option(int level, int name, byte[] value)
    {
        if (SetOption(_fd, level, name, value, value.Length) != 0)
        {
            throw new ShapingException($"setsockopt({level}, {name}) on the netfilter queue failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    [DllImport("libc", EntryPoint = "socket", SetLastError = true)]
    private static extern int Socket(int domain, int type, int protocol);

    [DllImport("libc", EntryPoint = "bind", SetLastError = true)]
    private static extern int Bind(int fd, byte[] address, int length);

    [DllImport("libc", EntryPoint = "setsockopt", SetLastError = true)]
    private static extern int SetOption(int fd, int level, int name, byte[] value, int length);

    [DllImport("libc", EntryPoint = "recv", SetLastError = true)]
    private static extern nint Receive(int fd, byte[] buffer, nint length, int flags);

    [DllImport("libc", EntryPoint = "send", SetLastError = true)]
    private static extern nint Send(int fd, byte[] buffer, nint length, int flags);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int Close(int fd);
}
