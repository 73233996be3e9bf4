namespace Hospitality.Sim.Kernel;

/// <summary>
/// The run's fingerprint: a running hash over every event the kernel executes (its instant, kind
/// and details). Two runs with equal hashes executed the same events in the same order.
/// </summary>
public sealed class SimTrace
{
    private ulong _hash = 0x243F6A8885A308D3UL;

    public long EventCount { get; private set; }

    /// <summary>The running hash, finalized; stable across processes and machines.</summary>
    public ulong Hash => StableHash.Finalize(_hash);

    public string HashHex => Hash.ToString("x16", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Optional structured sink (e.g. trace.jsonl); null keeps the hot path allocation-free.</summary>
    public Action<TraceRecord>? Sink { get; set; }

    internal void RecordEvent(long timeTicks, int kind, long detail)
    {
        EventCount++;
        _hash = StableHash.Mix(StableHash.Mix(StableHash.Mix(_hash, (ulong)timeTicks), (ulong)kind), (ulong)detail);
    }

    /// <summary>
    /// Records a named, structured fact (a partition, a crash) into the hash and the sink. Format
    /// numbers in <paramref name="detail"/> with the invariant culture: the hash must not depend on the machine's locale.
    /// </summary>
    public void Note(SimTime time, string category, string detail)
    {
        _hash = StableHash.Mix(StableHash.Mix(StableHash.Mix(_hash, (ulong)time.Ticks), StableHash.Of(category)), StableHash.Of(detail));
        Sink?.Invoke(new TraceRecord(time, category, detail));
    }
}
