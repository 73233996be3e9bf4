namespace Hospitality.Sim.Kernel;

/// <summary>
/// A 4-ary min-heap of events ordered by (due ticks, sequence). The sequence breaks ties in
/// scheduling order, so two events due at the same instant always fire in the same order; the order
/// is total, so any correct heap pops the same sequence. Four children per node halve the depth of a
/// binary heap and keep each node's children in one or two cache lines: a day's run pops 24 M events.
/// </summary>
internal sealed class EventQueue
{
    private Entry[] _heap = new Entry[256];
    private int _count;
    private long _nextSequence;

    public int Count => _count;

    public long Schedule(long dueTicks, IKernelEvent target, long argument)
    {
        if (_count == _heap.Length)
        {
            Array.Resize(ref _heap, _heap.Length * 2);
        }

        var sequence = _nextSequence++;
        var entry = new Entry(dueTicks, sequence, target, argument);
        var index = _count++;
        while (index > 0)
        {
            var parent = (index - 1) >> 2;
            if (!Precedes(entry, _heap[parent]))
            {
                break;
            }

            _heap[index] = _heap[parent];
            index = parent;
        }

        _heap[index] = entry;
        return sequence;
    }

    public bool TryPeekDue(out long dueTicks)
    {
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
        Invariant.Holds(_count > 0, "dequeue from an empty event queue");
        var top = _heap[0];
        var last = _heap[--_count];
        _heap[_count] = default;
        if (_count > 0)
        {
            SiftDown(last);
        }

        return top;
    }

    private void SiftDown(Entry entry)
    {
        var index = 0;
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

            _heap[index] = _heap[child];
            index = child;
        }

        _heap[index] = entry;
    }

    private static bool Precedes(in Entry a, in Entry b) =>
        a.DueTicks < b.DueTicks || (a.DueTicks == b.DueTicks && a.Sequence < b.Sequence);

    internal readonly record struct Entry(long DueTicks, long Sequence, IKernelEvent Target, long Argument);
}
