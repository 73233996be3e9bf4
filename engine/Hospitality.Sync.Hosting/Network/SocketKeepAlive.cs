using System.Net.Sockets;
using Hospitality.Sync.Ports;

namespace Hospitality.Sync.Hosting.Network;

/// <summary>The kernel's TCP keepalive on a socket, as the engine's <see cref="TcpKeepAlive"/> asks: probes only while the connection is idle.</summary>
internal static class SocketKeepAlive
{
    public static void Apply(Socket socket, TcpKeepAlive keepAlive)
    {
        // Linux counts whole seconds; a sub-second setting rounds up rather than to 0, which it refuses.
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
        socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, WholeSeconds(keepAlive.Idle));
        socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval, WholeSeconds(keepAlive.Interval));
        socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount, keepAlive.Probes);
    }

    private static int WholeSeconds(TimeSpan span) => Math.Max(1, (int)Math.Ceiling(span.TotalSeconds));
}
