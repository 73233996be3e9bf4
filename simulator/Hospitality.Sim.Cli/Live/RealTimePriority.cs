using System.Runtime.InteropServices;

namespace Hospitality.Sim.Cli.Live;

/// <summary>
/// Puts the calling thread in Linux's SCHED_FIFO class. The relay stands in for netem, which delays
/// packets in the kernel ahead of every process; at real-time priority its threads likewise take a
/// core the moment a chunk is due instead of queueing behind the nodes under test.
/// </summary>
internal static class RealTimePriority
{
    private const int SchedulerFifo = 1;

    /// <summary>Low in the real-time range: above every ordinary process, below the kernel's own threads.</summary>
    private const int Priority = 10;

    /// <summary>Whether the calling thread now runs at real-time priority (false without the privilege or off Linux).</summary>
    public static bool TryRaiseCurrentThread()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        var parameter = new SchedulerParameter { Priority = Priority };
        return SetScheduler(0, SchedulerFifo, ref parameter) == 0;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct SchedulerParameter
    {
        public int Priority;
    }

    [DllImport("libc", EntryPoint = "sched_setscheduler", SetLastError = true)]
    private static extern int SetScheduler(int pid, int policy, ref SchedulerParameter parameter);
}
