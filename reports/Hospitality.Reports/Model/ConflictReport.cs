namespace Hospitality.Reports.Model;

/// <summary>
/// The concurrent writes a run resolved by last-write-wins, counted once each however many replicas
/// resolved them, by what decided the winner; the largest clock skew between two hosts; and the
/// first conflicts in the order they were resolved (a bounded, deterministic sample of the log).
/// </summary>
/// <param name="ConcurrentWrites">Distinct conflicts: a pair of versions of one document, one discarded.</param>
/// <param name="Resolutions">Conflict records across every replica's log (each replica resolves on its own).</param>
/// <param name="ByWallTime">Won by the later HLC wall (physical) time.</param>
/// <param name="ByCounter">Same wall time, won by the higher HLC counter (logical part).</param>
/// <param name="ByNodeId">Same wall time and counter, won by the greater node id (the tie-break).</param>
/// <param name="ByEqualStamp">Equal stamps with different content, which only a bug produces.</param>
/// <param name="LargestClockSkewMs">The widest gap between two hosts' clocks at any moment of the run.</param>
/// <param name="LargestStampGapMs">The widest gap in wall time between the two versions of one conflict.</param>
public sealed record ConflictReport(
    long ConcurrentWrites,
    long Resolutions,
    long ByWallTime,
    long ByCounter,
    long ByNodeId,
    long ByEqualStamp,
    double LargestClockSkewMs,
    double LargestStampGapMs,
    IReadOnlyList<ConflictSample> Sample)
{
    /// <summary>The most conflicts kept in <see cref="Sample"/>: a screen's worth.</summary>
    public const int SampleMax = 20;
}
