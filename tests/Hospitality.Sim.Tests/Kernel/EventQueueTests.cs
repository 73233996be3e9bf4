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

    [Property(MaxTest = 300)]
    public bool Interleaved_schedules_and_dequeues_pop_what_a_sorted_list_pops(byte[] steps)
    {
        // Each step schedules an event some ticks after the last one popped (as the kernel does) or pops one.
        var queue = new EventQueue();
        var target = new NullEvent();
        var model = new List<(long Due, long Sequence)>();
        long now = 0;
        long sequence = 0;
        foreach (var step in steps)
        {
            if (step % 3 == 0 && model.Count > 0)
            {
                var expected = model.MinBy(entry => (entry.Due, entry.Sequence));
                model.Remove(expected);
                var actual = queue.Dequeue();
                if (actual.DueTicks != expected.Due || actual.Sequence != expected.Sequence)
                {
                    return false;
                }

                now = actual.DueTicks;
            }
            else
            {
                var due = now + (step % 7);
                model.Add((due, sequence++));
                queue.Schedule(due, target, 0);
            }
        }

        return queue.Count == model.Count;
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
