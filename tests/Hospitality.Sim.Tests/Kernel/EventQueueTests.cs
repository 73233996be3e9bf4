using FsCheck.Xunit;
using Hospitality.Sim.Kernel;

namespace Hospitality.Sim.Tests.Kernel;

public sealed class EventQueueTests
{
    [Property(MaxTest = 300)]
    public bool Events_come_out_ordered_by_due_time_then_scheduling_order(ushort[] dueTimes)
    {
        var queue = new EventQueue();
        var target = new NullEvent();
        foreach (var due in dueTimes)
        {
            queue.Schedule(due, target, due);
        }

        var expected = dueTimes.Select((due, index) => (due, index)).OrderBy(pair => pair.due).ThenBy(pair => pair.index).Select(pair => (long)pair.index);
        var actual = new List<long>();
        while (queue.Count > 0)
        {
            actual.Add(queue.Dequeue().Sequence);
        }

        return expected.SequenceEqual(actual);
    }

    [Fact]
    public void Scheduling_in_the_past_is_an_invariant_violation()
    {
        var simulation = new Simulation(1);
        simulation.At(SimTime.FromSeconds(5), () => simulation.At(SimTime.FromSeconds(1), () => { }));

        // At clamps to now; the kernel itself refuses a due time before now.
        simulation.RunUntil(SimTime.FromSeconds(10));
        Assert.Equal(SimTime.FromSeconds(10), simulation.Now);
        Assert.Throws<InvariantViolationException>(() => simulation.Schedule(0, new NullEvent(), 0));
    }

    private sealed class NullEvent : IKernelEvent
    {
        public int TraceKind => 0;

        public void Fire(long argument)
        {
        }
    }
}
