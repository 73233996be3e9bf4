namespace Hospitality.Sync.Clock;

/// <summary>
/// A hybrid logical clock (Kulkarni et al., 2014, "Logical Physical Clocks"): readings follow the
/// physical clock of <see cref="TimeProvider"/> when it moves forward and fall back on a counter
/// when it stalls or steps back, so each node's readings strictly increase and a reading taken
/// after receiving a stamp is greater than that stamp.
/// </summary>
/// <remarks>
/// A node that restarts should <see cref="Observe"/> the newest stamp in its store first: the clock
/// keeps no state of its own across restarts, and its physical clock may have stepped back meanwhile.
/// </remarks>
public sealed class HybridLogicalClock
{
    private readonly TimeProvider _timeProvider;

    // A host may stamp writes from several threads; one gate keeps the read-advance-store atomic.
    private readonly Lock _gate = new();

    // The last reading issued; it starts at the epoch, so the first reading takes the physical time.
    private long _lastWallMilliseconds;
    private int _lastCounter;
    private long _maxObservedDriftMilliseconds;

    public HybridLogicalClock(TimeProvider timeProvider, string nodeId)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        if (!HlcTimestamp.IsValidNodeId(nodeId))
        {
            throw new ArgumentException($"A node id must be non-empty and may not contain ':' (got '{nodeId}').", nameof(nodeId));
        }

        _timeProvider = timeProvider;
        NodeId = nodeId;
    }

    public string NodeId { get; }

    /// <summary>
    /// The furthest a remote stamp has been ahead of this node's physical clock, in milliseconds (0
    /// until one was). Only stamps ahead count: one behind may simply be old or delayed, while no
    /// delay can carry a stamp into the future. A remote wall time is the fastest clock in its
    /// causal past, so this bounds the skew between that clock and ours; taken over every node,
    /// it shows the skew in both directions.
    /// </summary>
    public long MaxObservedDriftMilliseconds
    {
        get
        {
            lock (_gate)
            {
                return _maxObservedDriftMilliseconds;
            }
        }
    }

    /// <summary>A reading for a local event or a send: greater than every reading before it.</summary>
    public HlcTimestamp Now()
    {
        lock (_gate)
        {
            var physical = PhysicalMilliseconds();
            return physical > _lastWallMilliseconds
                ? Issue(physical, 0)
                : Issue(_lastWallMilliseconds, _lastCounter + 1);
        }
    }

    /// <summary>
    /// Merges a received stamp (the HLC receive rule) and returns the new reading, which is greater
    /// than both the previous reading and <paramref name="remote"/>.
    /// </summary>
    /// <remarks>
    /// Remote stamps are never refused, however far ahead: a sync engine must not drop data, so the
    /// clock follows the stamp (and later local writes still win over it) and the skew is reported
    /// through <see cref="MaxObservedDriftMilliseconds"/> for the operator instead.
    /// </remarks>
    public HlcTimestamp Observe(HlcTimestamp remote)
    {
        lock (_gate)
        {
            var physical = PhysicalMilliseconds();
            _maxObservedDriftMilliseconds = Math.Max(_maxObservedDriftMilliseconds, remote.WallMilliseconds - physical);

            var wall = Math.Max(Math.Max(_lastWallMilliseconds, remote.WallMilliseconds), physical);
            var counter = (wall == _lastWallMilliseconds, wall == remote.WallMilliseconds) switch
            {
                (true, true) => Math.Max(_lastCounter, remote.Counter) + 1,
                (true, false) => _lastCounter + 1,
                (false, true) => remote.Counter + 1,
                (false, false) => 0,
            };
            return Issue(wall, counter);
        }
    }

    // A physical clock set before 1970 reads as the epoch; the counter then keeps readings ordered.
    private long PhysicalMilliseconds() => Math.Max(0, _timeProvider.GetUtcNow().ToUnixTimeMilliseconds());

    private HlcTimestamp Issue(long wallMilliseconds, int counter)
    {
        if (counter > HlcTimestamp.MaxCounter)
        {
            // Counter overflow: more than MaxCounter events within one millisecond (or a long stall of
            // the physical clock). Borrow the next millisecond and restart the counter; the wall time
            // then runs up to a millisecond per overflow ahead of the physical clock until it catches up.
            if (wallMilliseconds == HlcTimestamp.MaxWallMilliseconds)
            {
                throw new InvalidOperationException(
                    $"The clock of '{NodeId}' has reached the last representable timestamp (the year 33658); it must have observed a stamp from that far ahead.");
            }

            wallMilliseconds++;
            counter = 0;
        }

        _lastWallMilliseconds = wallMilliseconds;
        _lastCounter = counter;
        return new HlcTimestamp(wallMilliseconds, counter, NodeId);
    }
}
