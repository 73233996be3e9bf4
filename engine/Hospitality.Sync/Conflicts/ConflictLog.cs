using System.Collections;

namespace Hospitality.Sync.Conflicts;

/// <summary>
/// The conflicts one node has resolved, newest last, bounded: past <see cref="Capacity"/> the oldest
/// record is dropped and counted, so a storm of conflicts cannot exhaust a tablet's memory. Like the
/// rest of a node's state it is used from the node's single logical thread; it takes no lock.
/// </summary>
public sealed class ConflictLog : IReadOnlyCollection<ConflictRecord>
{
    /// <summary>
    /// 1,000 records (around a hundred kilobytes): more than a screen of recent conflicts needs, and small
    /// enough for a simulated world of a thousand nodes. The durable SQLite log will keep the history.
    /// </summary>
    public const int DefaultCapacity = 1_000;

    // A queue enumerates in insertion order and drops from the front, which is exactly the bound.
    private readonly Queue<ConflictRecord> _records = new();

    public ConflictLog(string localNodeId, int capacity = DefaultCapacity)
    {
        ArgumentException.ThrowIfNullOrEmpty(localNodeId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        LocalNodeId = localNodeId;
        Capacity = capacity;
    }

    /// <summary>The node that owns this log and is named as the resolver of every record.</summary>
    public string LocalNodeId { get; }

    public int Capacity { get; }

    public int Count => _records.Count;

    /// <summary>How many of the oldest records were dropped to stay within <see cref="Capacity"/>.</summary>
    public long DroppedCount { get; private set; }

    /// <summary>Raised for every record kept, so it can also be stored durably.</summary>
    public event Action<ConflictRecord>? Recorded;

    /// <summary>Records <paramref name="resolution"/> if the versions differed; returns whether it did.</summary>
    public bool Record(LwwResolution resolution)
    {
        ArgumentNullException.ThrowIfNull(resolution);
        if (!resolution.IsConflict)
        {
            return false;
        }

        if (_records.Count == Capacity)
        {
            _records.Dequeue();
            DroppedCount++;
        }

        var winner = resolution.Winner;
        var record = new ConflictRecord(winner.Collection, winner.Id, winner.Stamp, resolution.Loser.Stamp, resolution.Reason, LocalNodeId);
        _records.Enqueue(record);
        Recorded?.Invoke(record);
        return true;
    }

    /// <summary>The records kept, oldest first.</summary>
    public IEnumerator<ConflictRecord> GetEnumerator() => _records.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
