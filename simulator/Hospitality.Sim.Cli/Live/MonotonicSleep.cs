using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Hospitality.Sim.Cli.Live;

/// <summary>Sleeps the calling thread until a Stopwatch timestamp (clock_nanosleep on Linux: microseconds, no spinning).</summary>
internal static class MonotonicSleep
{
    private const int ClockMonotonic = 1;

    public static void Until(long dueTicks)
    {
        while (true)
        {
            var left = dueTicks - Stopwatch.GetTimestamp();
            if (left <= 0)
            {
                return;
            }

            var nanoseconds = (long)(left * (1e9 / Stopwatch.Frequency));
            var request = new TimeSpec { Seconds = nanoseconds / 1_000_000_000, Nanoseconds = nanoseconds % 1_000_000_000 };
            if (OperatingSystem.IsLinux())
            {
                _ = ClockNanosleep(ClockMonotonic, 0, ref request, IntPtr.Zero);
            }
            else
            {
                Thread.Sleep(TimeSpan.FromTicks(Math.Max(1, left * TimeSpan.TicksPerSecond / Stopwatch.Frequency)));
            }
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_nanosleep", SetLastError = false)]
    private static extern int ClockNanosleep(int clock, int flags, ref TimeSpec request, IntPtr remaining);
}
