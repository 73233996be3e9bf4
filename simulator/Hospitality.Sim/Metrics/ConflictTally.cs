using Hospitality.Reports.Model;
using Hospitality.Sim.Kernel;
using Hospitality.Sync.Clock;
using Hospitality.Sync.Conflicts;

namespace Hospitality.Sim.Metrics;

/// <summary>
/// Counts the conflicts every replica of a world resolves. Each replica resolves a conflict on its
/// own, so one pair of versions is counted once however many logs record it; the sample keeps the
/// first <see cref="ConflictReport.SampleMax"/> pairs in the order they were resolved.
/// </summary>
internal sealed class ConflictTally
{
    /// <summary>Pairs remembered to count each once; past it every new record counts as a new pair (at worst an over-count).</summary>
    private const int PairsRememberedMax = 1_000_000;

    private readonly HashSet<(string Collection, string Id, HlcTimestamp Winner, HlcTimestamp Loser)> _pairs = [];
    private readonly List<ConflictSample> _sample = [];
    private long _concurrentWrites;
    private long _resolutions;
    private long _byWallTime;
    private long _byCounter;
    private long _byNodeId;
    private long _byEqualStamp;
    private long _stampGapMaxMs;
    private TimeSpan _clockSkewMax;

    public void Record(ConflictRecord record, SimTime now)
    {
        _resolutions++;
        var pair = (record.Collection, record.Id, record.WinnerStamp, record.LoserStamp);
        if (_pairs.Contains(pair))
        {
            return;
        }

        if (_pairs.Count < PairsRememberedMax)
        {
            _pairs.Add(pair);
        }

        _concurrentWrites++;
        switch (record.Reason)
        {
            case LwwReason.LaterWallTime: _byWallTime++; break;
            case LwwReason.HigherCounter: _byCounter++; break;
            case LwwReason.NodeIdTieBreak: _byNodeId++; break;
            default: _byEqualStamp++; break;
        }

        _stampGapMaxMs = Math.Max(_stampGapMaxMs, Math.Abs(record.WinnerStamp.WallMilliseconds - record.LoserStamp.WallMilliseconds));
        if (_sample.Count < ConflictReport.SampleMax)
        {
            _sample.Add(new ConflictSample(now.TotalSeconds, record.Collection, record.Id, record.WinnerStamp.ToString(), record.LoserStamp.ToString(), Reason(record.Reason), record.ResolvedByNode));
        }
    }

    /// <summary>Notes the clocks' offsets from true time at one moment; the widest gap between two of them is the skew.</summary>
    public void ObserveClocks(IEnumerable<TimeSpan> offsets)
    {
        var all = offsets.ToList();
        if (all.Count > 1)
        {
            var gap = all.Max() - all.Min();
            _clockSkewMax = gap > _clockSkewMax ? gap : _clockSkewMax;
        }
    }

    public ConflictReport Report() => new(
        _concurrentWrites, _resolutions, _byWallTime, _byCounter, _byNodeId, _byEqualStamp,
        _clockSkewMax.TotalMilliseconds, _stampGapMaxMs, _sample.ToList());

    private static string Reason(LwwReason reason) => reason switch
    {
        LwwReason.LaterWallTime => "later-wall-time",
        LwwReason.HigherCounter => "higher-counter",
        LwwReason.NodeIdTieBreak => "node-id-tie-break",
        _ => "equal-stamp-tie-break",
    };
}
