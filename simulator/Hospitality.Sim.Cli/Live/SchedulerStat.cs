namespace Hospitality.Sim.Cli.Live;

/// <summary>A process's threads as the scheduler counts them: time on a core, time waiting runnable for one, times put on one.</summary>
internal readonly record struct SchedulerStat(long RunNanoseconds, long WaitNanoseconds, long Timeslices)
{
    public static SchedulerStat operator -(SchedulerStat later, SchedulerStat earlier) =>
        new(later.RunNanoseconds - earlier.RunNanoseconds, later.WaitNanoseconds - earlier.WaitNanoseconds, later.Timeslices - earlier.Timeslices);
}
