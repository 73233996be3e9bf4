namespace Hospitality.Sim.Kernel;

/// <summary>
/// A 4-ary min-heap of events ordered by (due ticks, sequence). The sequence breaks ties in
/// scheduling order, so two events due at the same instant always fire in the same order; the order
/// is total, so any correct heap pops the same sequence. Four children per node halve the depth of a
/// binary heap and keep each node's children in one or two cache lines: a day's run pops 24 M events.
/// </summary>
/// <remarks>
/// A timer's entry is held by a <see cref="TimerTicket"/>, so cancelling or moving the timer changes its
/// one entry instead of leaving a stale one to pop as an event that does nothing (3.7 M of the resort's
/// day were such TCP and engine timers). Moving a deadline later only notes the new due time and its
/// sequence, taken at the move as a fresh entry's would be: when the old due time reaches the top, the
/// entry sinks to the new one without firing, and the pop order is exactly that of a fresh entry.
/// </remarks>
internal sealed class EventQueue
{
    private const int NoSlot = -1;
    private const long NotMoved = long.MinValue;

    private Entry[] _heap = new Entry[256];
    private int _count;
    private long _nextSequence;

    // One record per ticket slot, in one array so that moving a deadline later touches one cache line
    // and not the heap: where its entry is (NoSlot when free), the version that tells a live ticket from
    // a spent one, the entry's due time, and the (due, sequence, argument) it was moved to meanwhile.
    private SlotState[] _slots = new SlotState[64];
    private int[] _freeSlots = new int[64];
    private int _freeCount;
    private int _slotsUsed;

    public int Count => _count;

    public long Schedule(long dueTicks, IKernelEvent target, long argument)
    {
        var sequence = _nextSequence++;
        Insert(new Entry(dueTicks, sequence, target, argument, NoSlot));
        return sequence;
    }

    /// <summary>Whether the ticket's entry is still queued (it has neither fired nor been cancelled).</summary>
    public bool IsQueued(TimerTicket ticket) =>
        ticket.IsIssued && ticket.Slot < _slotsUsed && _slots[ticket.Slot].Version == ticket.Version && _slots[ticket.Slot].Index != NoSlot;

    /// <summary>
    /// Queues the ticket's entry for <paramref name="dueTicks"/>, or moves it there if it is queued; either
    /// way it pops as if scheduled now. Returns the ticket to keep.
    /// </summary>
    public TimerTicket Arm(TimerTicket ticket, long dueTicks, IKernelEvent target, long argument)
    {
        var sequence = _nextSequence++;
        if (!IsQueued(ticket))
        {
            var slot = TakeSlot();
            Insert(new Entry(dueTicks, sequence, target, argument, slot));
            return new TimerTicket(slot, _slots[slot].Version);
        }

        ref var state = ref _slots[ticket.Slot];
        if (dueTicks >= state.DueTicks)
        {
            // Later: noted now, applied when the entry reaches the top (no sift while the deadline keeps moving).
            state.MovedDueTicks = dueTicks;
            state.MovedSequence = sequence;
            state.MovedArgument = argument;
        }
        else
        {
            state.MovedDueTicks = NotMoved;
            var index = state.Index;
            Invariant.Holds(ReferenceEquals(_heap[index].Target, target), "a ticket moves only its own owner's entry");
            SiftUp(_heap[index] with { DueTicks = dueTicks, Sequence = sequence, Argument = argument }, index);
        }

        return ticket;
    }

    /// <summary>Removes the ticket's entry if it is still queued; a spent ticket is left as it is.</summary>
    public void Cancel(TimerTicket ticket)
    {
        if (!IsQueued(ticket))
        {
            return;
        }

        var index = _slots[ticket.Slot].Index;
        ReleaseSlot(ticket.Slot);
        var last = _heap[--_count];
        _heap[_count] = default;
        if (index == _count)
        {
            return;
        }

        // The last entry fills the hole and goes up or down from there.
        if (index > 0 && Precedes(last, _heap[(index - 1) >> 2]))
        {
            SiftUp(last, index);
        }
        else
        {
            SiftDown(last, index);
        }
    }

    public bool TryPeekDue(out long dueTicks)
    {
        SettleTop();
        if (_count == 0)
        {
            dueTicks = 0;
            return false;
        }

        dueTicks = _heap[0].DueTicks;
        return true;
    }

    public Entry Dequeue()
    {
        SettleTop();
        Invariant.Holds(_count > 0, "dequeue from an empty event queue");
        var top = _heap[0];
        if (top.Slot != NoSlot)
        {
            ReleaseSlot(top.Slot);
        }

        var last = _heap[--_count];
        _heap[_count] = default;
        if (_count > 0)
        {
            SiftDown(last, 0);
        }

        return top;
    }

    /// <summary>Lets entries whose deadline moved later sink to it before the top is read.</summary>
    private void SettleTop()
    {
        while (_count > 0 && _heap[0].Slot is var slot and not NoSlot && _slots[slot].MovedDueTicks != NotMoved)
        {
            ref var state = ref _slots[slot];
            var moved = _heap[0] with { DueTicks = state.MovedDueTicks, Sequence = state.MovedSequence, Argument = state.MovedArgument };
            state.MovedDueTicks = NotMoved;
            SiftDown(moved, 0);
        }
    }

    private void Insert(Entry entry)
    {
        if (_count == _heap.Length)
        {
            Array.Resize(ref _heap, _heap.Length * 2);
        }

        SiftUp(entry, _count++);
    }

    private void SiftUp(Entry entry, int index)
    {
        while (index > 0)
        {
            var parent = (index - 1) >> 2;
            if (!Precedes(entry, _heap[parent]))
            {
                break;
            }

            Place(_heap[parent], index);
            index = parent;
        }

        Place(entry, index);
    }

    private void SiftDown(Entry entry, int index)
    {
        while (true)
        {
            var first = (index << 2) + 1;
            if (first >= _count)
            {
                break;
            }

            var child = first;
            var last = Math.Min(first + 4, _count);
            for (var candidate = first + 1; candidate < last; candidate++)
            {
                if (Precedes(_heap[candidate], _heap[child]))
                {
                    child = candidate;
                }
            }

            if (!Precedes(_heap[child], entry))
            {
                break;
            }

            Place(_heap[child], index);
            index = child;
        }

        Place(entry, index);
    }

    private void Place(in Entry entry, int index)
    {
        _heap[index] = entry;
        if (entry.Slot != NoSlot)
        {
            ref var state = ref _slots[entry.Slot];
            state.Index = index;
            state.DueTicks = entry.DueTicks;
        }
    }

    private int TakeSlot()
    {
        int slot;
        if (_freeCount > 0)
        {
            slot = _freeSlots[--_freeCount];
        }
        else
        {
            if (_slotsUsed == _slots.Length)
            {
                Array.Resize(ref _slots, _slots.Length * 2);
                Array.Resize(ref _freeSlots, _slots.Length);
            }

            slot = _slotsUsed++;
            _slots[slot].Version = 1; // version 0 is the default ticket's, which names nothing
        }

        _slots[slot].MovedDueTicks = NotMoved;
        return slot;
    }

    private void ReleaseSlot(int slot)
    {
        ref var state = ref _slots[slot];
        state.Index = NoSlot;
        state.Version++;
        state.MovedDueTicks = NotMoved;
        _freeSlots[_freeCount++] = slot;
    }

    private static bool Precedes(in Entry a, in Entry b) =>
        a.DueTicks < b.DueTicks || (a.DueTicks == b.DueTicks && a.Sequence < b.Sequence);

    internal readonly record struct Entry(long DueTicks, long Sequence, IKernelEvent Target, long Argument, int Slot);

    private struct SlotState
    {
        public int Index;
        public int Version;
        public long DueTicks;
        public long MovedDueTicks;
        public long MovedSequence;
        public long MovedArgument;
    }
}
