using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Hospitality.Sim.Cli.Live;

/// <summary>
/// Reads a TCP socket with the kernel's arrival time of what was read (SO_TIMESTAMPNS), so the relay
/// can hold a chunk from when it reached this machine, not from when its reader got a core. Linux only;
/// elsewhere, or if the kernel gives no stamp, the arrival is the moment of the read.
/// </summary>
internal sealed class StampedReceive : IDisposable
{
    private const int SolSocket = 1;
    private const int SoTimestampNs = 35;
    private const int MessageDontWait = 0x40;
    private const short PollIn = 1;
    private const int TryAgain = 11;
    private const int Interrupted = 4;
    private const int ClockRealtime = 0;
    private const int ControlBytes = 64;

    private readonly Socket _socket;
    private readonly int _fd;
    private readonly IntPtr _data;
    private readonly IntPtr _vector;
    private readonly IntPtr _control;
    private readonly int _capacity;
    private readonly bool _stamped;

    public StampedReceive(Socket socket, int capacity)
    {
        _socket = socket;
        _capacity = capacity;
        _fd = (int)socket.SafeHandle.DangerousGetHandle();
        _stamped = OperatingSystem.IsLinux();
        if (_stamped)
        {
            socket.SetRawSocketOption(SolSocket, SoTimestampNs, BitConverter.GetBytes(1));
        }

        _data = Marshal.AllocHGlobal(capacity);
        _vector = Marshal.AllocHGlobal(2 * IntPtr.Size);
        _control = Marshal.AllocHGlobal(ControlBytes);
        Marshal.WriteIntPtr(_vector, _data);
        Marshal.WriteIntPtr(_vector, IntPtr.Size, capacity);
    }

    /// <summary>
    /// Waits (in slices of <paramref name="slice"/>, so a stop is seen) until bytes arrive, and returns them
    /// with how long ago, in Stopwatch ticks, the kernel received the last of them. Empty means the peer closed.
    /// </summary>
    public (byte[] Data, long AgoTicks) Receive(CancellationToken stopping, TimeSpan slice)
    {
        if (!_stamped)
        {
            var buffer = new byte[_capacity];
            var read = _socket.Receive(buffer);
            return (buffer[..read], 0);
        }

        while (true)
        {
            stopping.ThrowIfCancellationRequested();
            var poll = new PollFd { Fd = _fd, Events = PollIn };
            var ready = Poll(ref poll, 1, (int)slice.TotalMilliseconds);
            if (ready < 0 && Marshal.GetLastPInvokeError() != Interrupted)
            {
                throw new SocketException(Marshal.GetLastPInvokeError());
            }

            if (ready <= 0)
            {
                continue;
            }

            var header = new MessageHeader { Vector = _vector, VectorLength = 1, Control = _control, ControlLength = ControlBytes };
            var read = ReceiveMessage(_fd, ref header, MessageDontWait);
            if (read < 0)
            {
                var error = Marshal.GetLastPInvokeError();
                if (error is TryAgain or Interrupted)
                {
                    continue;
                }

                throw new SocketException(error);
            }

            var data = new byte[read];
            Marshal.Copy(_data, data, 0, (int)read);
            return (data, AgoTicks(header));
        }
    }

    public void Dispose()
    {
        Marshal.FreeHGlobal(_data);
        Marshal.FreeHGlobal(_vector);
        Marshal.FreeHGlobal(_control);
    }

    /// <summary>The SCM_TIMESTAMPNS control message (wall clock) turned into an age against the wall clock now.</summary>
    private long AgoTicks(MessageHeader header)
    {
        if ((long)header.ControlLength < 16 + 16
            || Marshal.ReadInt32(_control, 8) != SolSocket
            || Marshal.ReadInt32(_control, 12) != SoTimestampNs)
        {
            return 0;
        }

        var arrived = (Marshal.ReadInt64(_control, 16) * 1_000_000_000L) + Marshal.ReadInt64(_control, 24);
        _ = ClockGetTime(ClockRealtime, out var now);
        var agoNanoseconds = Math.Max(0, (now.Seconds * 1_000_000_000L) + now.Nanoseconds - arrived);
        return (long)(agoNanoseconds * (System.Diagnostics.Stopwatch.Frequency / 1e9));
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Returned;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct MessageHeader
    {
        public IntPtr Name;
        public uint NameLength;
        public IntPtr Vector;
        public nuint VectorLength;
        public IntPtr Control;
        public nuint ControlLength;
        public int Flags;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "poll", SetLastError = true)]
    private static extern int Poll(ref PollFd fds, nuint count, int timeoutMs);

    [DllImport("libc", EntryPoint = "recvmsg", SetLastError = true)]
    private static extern nint ReceiveMessage(int fd, ref MessageHeader header, int flags);

    [DllImport("libc", EntryPoint = "clock_gettime", SetLastError = false)]
    private static extern int ClockGetTime(int clock, out TimeSpec time);
}
