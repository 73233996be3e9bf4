using System.Globalization;
using System.Net;

namespace Hospitality.Sync.Hosting.Tests.Network;

/// <summary>
/// A TCP socket's keepalive timer as the kernel reports it in /proc/net/tcp and tcp6, the same
/// figure `ss -o` prints, read directly so the tests need no iproute2 on a fresh machine.
/// </summary>
internal static class KernelTcpTimer
{
    /// <summary>USER_HZ: /proc/net/tcp gives timers in these ticks per second (100 on every Linux ABI).</summary>
    private const double TicksPerSecond = 100;

    private const string Established = "01";

    /// <summary>timer_active 2: the socket's sk_timer, which is the keepalive timer for a connected socket.</summary>
    private const string KeepaliveTimer = "02";

    private static readonly string[] Tables = ["/proc/net/tcp", "/proc/net/tcp6"];

    /// <summary>Time left on the keepalive timer of the established socket on <paramref name="local"/>'s port; null when no such socket has one armed.</summary>
    public static TimeSpan? KeepaliveLeft(IPEndPoint local)
    {
        foreach (var table in Tables.Where(File.Exists))
        {
            // "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt ...", addresses as HEXADDR:HEXPORT.
            foreach (var line in File.ReadLines(table).Skip(1))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var port = int.Parse(fields[1].AsSpan(fields[1].IndexOf(':') + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                if (port != local.Port || fields[3] != Established)
                {
                    continue;
                }

                var timer = fields[5].Split(':');
                return timer[0] == KeepaliveTimer
                    ? TimeSpan.FromSeconds(long.Parse(timer[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture) / TicksPerSecond)
                    : null;
            }
        }

        return null;
    }
}
