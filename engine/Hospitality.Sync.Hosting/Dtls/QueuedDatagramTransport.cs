using System.Collections.Concurrent;
using Org.BouncyCastle.Tls;

namespace Hospitality.Sync.Hosting.Dtls;

/// <summary>
/// BouncyCastle's view of the ICE path: incoming datagrams are queued by the peer connection's
/// thread and taken by BouncyCastle's blocking receive on the DTLS thread; sends go straight out.
/// </summary>
internal sealed class QueuedDatagramTransport(Action<ReadOnlyMemory<byte>> transmit) : DatagramTransport
{
    /// <summary>Datagrams waiting for the DTLS thread; beyond this they are dropped, as a full socket buffer would.</summary>
    public const int QueuedDatagramsMax = 1024;

    /// <summary>The largest DTLS datagram we send: SCTP packets are kept to 1,200 bytes and DTLS adds 37, under any real path MTU.</summary>
    public const int SendLimitBytes = 1280;

    /// <summary>Room for any UDP payload a peer sends on an Ethernet path (and Chromium's 1,175-byte ClientHello record).</summary>
    public const int ReceiveLimitBytes = 1500;

    private readonly BlockingCollection<byte[]> _incoming = new(new ConcurrentQueue<byte[]>(), QueuedDatagramsMax);
    private volatile bool _closed;

    public bool IsClosed => _closed;

    public void Enqueue(ReadOnlySpan<byte> datagram)
    {
        if (!_closed)
        {
            _incoming.TryAdd(datagram.ToArray());
        }
    }

    public int GetReceiveLimit() => ReceiveLimitBytes;

    public int GetSendLimit() => SendLimitBytes;

    public int Receive(byte[] buf, int off, int len, int waitMillis) => Receive(buf.AsSpan(off, len), waitMillis);

    /// <summary>Waits up to <paramref name="waitMillis"/> for a datagram; -1 on timeout. Throws once closed, which ends a handshake in progress.</summary>
    public int Receive(Span<byte> buffer, int waitMillis)
    {
        if (_closed)
        {
            throw new IOException("the DTLS transport is closed");
        }

        try
        {
            if (!_incoming.TryTake(out var datagram, waitMillis))
            {
                return -1;
            }

            var length = Math.Min(datagram.Length, buffer.Length);
            datagram.AsSpan(0, length).CopyTo(buffer);
            return length;
        }
        catch (ObjectDisposedException)
        {
            throw new IOException("the DTLS transport is closed");
        }
        catch (InvalidOperationException)
        {
            throw new IOException("the DTLS transport is closed");
        }
    }

    public void Send(byte[] buf, int off, int len) => Send(buf.AsSpan(off, len));

    public void Send(ReadOnlySpan<byte> buffer) => transmit(buffer.ToArray());

    public void Close()
    {
        _closed = true;
        _incoming.CompleteAdding();
    }
}
