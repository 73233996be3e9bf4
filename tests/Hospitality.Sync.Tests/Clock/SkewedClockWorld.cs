using Hospitality.Sync.Clock;

namespace Hospitality.Sync.Tests.Clock;

/// <summary>
/// Runs a <see cref="ClockScript"/>: one <see cref="HybridLogicalClock"/> per node, each over its own
/// physical clock at true time plus the node's offset, and returns every reading in the order taken.
/// </summary>
public sealed class SkewedClockWorld
{
    // 2026-01-01T00:00:00Z: far enough from the epoch that a 10-minute skew stays positive.
    public const long StartMilliseconds = 1_767_225_600_000;

    private readonly int[] _offsetsMilliseconds;
    private readonly ManualTimeProvider[] _physicalClocks;
    private readonly HybridLogicalClock[] _clocks;
    private readonly List<HlcTimestamp> _sent = [];
    private readonly List<ClockReading> _readings = [];
    private long _trueMilliseconds = StartMilliseconds;
    private long _fastestPhysicalMilliseconds;

    private SkewedClockWorld(int[] initialOffsetsMilliseconds)
    {
        _offsetsMilliseconds = [.. initialOffsetsMilliseconds];
        _physicalClocks = [.. _offsetsMilliseconds.Select(_ => new ManualTimeProvider(DateTimeOffset.UnixEpoch))];
        _clocks = [.. _physicalClocks.Select((physical, node) => new HybridLogicalClock(physical, $"node-{node}"))];
        SyncPhysicalClocks();
    }

    public static IReadOnlyList<ClockReading> Run(ClockScript script)
    {
        var world = new SkewedClockWorld(script.InitialOffsetsMilliseconds);
        foreach (var step in script.Steps)
        {
            world.Apply(step);
        }

        return world._readings;
    }

    private void Apply(ClockStep step)
    {
        switch (step)
        {
            case Elapse elapse:
                _trueMilliseconds += elapse.Milliseconds;
                SyncPhysicalClocks();
                break;
            case SetOffset set:
                _offsetsMilliseconds[set.Node] = set.OffsetMilliseconds;
                SyncPhysicalClocks();
                break;
            case LocalEvent local:
                Record(local.Node, _clocks[local.Node].Now(), observed: null);
                break;
            case Send send:
                var stamp = _clocks[send.From].Now();
                Record(send.From, stamp, observed: null);
                _sent.Add(stamp);
                Record(send.To, _clocks[send.To].Observe(stamp), stamp);
                break;
            case DeliverLate late when _sent.Count > 0:
                var delayed = _sent[late.SentIndex % _sent.Count];
                Record(late.To, _clocks[late.To].Observe(delayed), delayed);
                break;
            case DeliverLate:
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(step), step, "unknown step");
        }
    }

    private void SyncPhysicalClocks()
    {
        for (var node = 0; node < _physicalClocks.Length; node++)
        {
            var physical = _trueMilliseconds + _offsetsMilliseconds[node];
            _physicalClocks[node].SetUnixMilliseconds(physical);
            _fastestPhysicalMilliseconds = Math.Max(_fastestPhysicalMilliseconds, physical);
        }
    }

    private void Record(int node, HlcTimestamp stamp, HlcTimestamp? observed) =>
        _readings.Add(new ClockReading(node, stamp, _physicalClocks[node].GetUtcNow().ToUnixTimeMilliseconds(), _fastestPhysicalMilliseconds, observed));
}
