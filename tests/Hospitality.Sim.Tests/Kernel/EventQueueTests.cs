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

    [Property(MaxTest = 500)]
    public bool Moved_and_cancelled_timers_pop_as_if_each_move_were_a_fresh_entry_and_a_cancel_removed_it(byte[] steps)
    {
        // Four timers with tickets and plain events, against a model where moving a timer removes its entry
        // and schedules a fresh one, and cancelling removes it: the queue must pop the same (due, sequence).
        var queue = new EventQueue();
        var target = new NullEvent();
        var tickets = new TimerTicket[4];
        var model = new List<(long Due, long Sequence, int Timer)>();
        long now = 0;
        long sequence = 0;
        foreach (var step in steps)
        {
            var timer = (step >> 2) % 4;
            switch (step % 4)
            {
                case 0 when model.Count > 0:
                    var expected = model.MinBy(entry => (entry.Due, entry.Sequence));
                    model.Remove(expected);
                    if (!queue.TryPeekDue(out var peeked) || peeked != expected.Due)
                    {
                        return false;
                    }

                    var actual = queue.Dequeue();
                    if (actual.DueTicks != expected.Due || actual.Sequence != expected.Sequence)
                    {
                        return false;
                    }

                    now = actual.DueTicks;
                    break;
                case 1:
                    model.RemoveAll(entry => entry.Timer == timer);
                    var due = now + (step % 11);
                    model.Add((due, sequence++, timer));
                    tickets[timer] = queue.Arm(tickets[timer], due, target, 0);
                    break;
                case 2:
                    model.RemoveAll(entry => entry.Timer == timer);
                    queue.Cancel(tickets[timer]);
                    break;
                default:
                    model.Add((now + (step % 5), sequence++, -1));
                    queue.Schedule(now + (step % 5), target, 0);
                    break;
            }

            for (var each = 0; each < tickets.Length; each++)
            {
                if (queue.IsQueued(tickets[each]) != model.Exists(entry => entry.Timer == each))
                {
                    return false;
                }
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
