namespace Hospitality.Sim.Servers;

/// <summary>One piece of work's time: the processor's part and its commit's fsync (zero for work that does not commit).</summary>
public readonly record struct WorkTime(TimeSpan Processor, TimeSpan Fsync)
{
    public TimeSpan Total => Processor + Fsync;
}
