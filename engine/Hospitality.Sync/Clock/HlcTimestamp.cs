using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Hospitality.Sync.Clock;

/// <summary>
/// A hybrid logical clock reading (Kulkarni et al., 2014): wall time in milliseconds since the
/// Unix epoch, a counter that orders events within one millisecond, and the node that stamped it.
/// Timestamps are totally ordered by (wall, counter, node), so every replica picks the same winner.
/// </summary>
public readonly record struct HlcTimestamp : IComparable<HlcTimestamp>
{
    /// <summary>The largest counter; a clock that would pass it waits for the next millisecond instead.</summary>
    public const int MaxCounter = 65_535;

    /// <summary>
    /// The largest wall time: the 15 digits of the text form (about the year 33658). A larger value
    /// would print a 16th digit, so its text would neither parse nor sort like the timestamp.
    /// </summary>
    public const long MaxWallMilliseconds = 999_999_999_999_999;

    public HlcTimestamp(long wallMilliseconds, int counter, string nodeId)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(wallMilliseconds);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(wallMilliseconds, MaxWallMilliseconds);
        ArgumentOutOfRangeException.ThrowIfNegative(counter);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(counter, MaxCounter);
        ArgumentException.ThrowIfNullOrEmpty(nodeId);
        if (!IsValidNodeId(nodeId))
        {
            throw new ArgumentException($"A node id may not contain ':' (got '{nodeId}').", nameof(nodeId));
        }

        WallMilliseconds = wallMilliseconds;
        Counter = counter;
        NodeId = nodeId;
    }

    public long WallMilliseconds { get; }

    public int Counter { get; }

    public string NodeId { get; }

    /// <summary>A node id is any non-empty text without ':', the separator of the text form.</summary>
    public static bool IsValidNodeId([NotNullWhen(true)] string? nodeId) => !string.IsNullOrEmpty(nodeId) && !nodeId.Contains(':');

    public static bool operator <(HlcTimestamp left, HlcTimestamp right) => left.CompareTo(right) < 0;

    public static bool operator >(HlcTimestamp left, HlcTimestamp right) => left.CompareTo(right) > 0;

    public static bool operator <=(HlcTimestamp left, HlcTimestamp right) => left.CompareTo(right) <= 0;

    public static bool operator >=(HlcTimestamp left, HlcTimestamp right) => left.CompareTo(right) >= 0;

    public int CompareTo(HlcTimestamp other)
    {
        var byWall = WallMilliseconds.CompareTo(other.WallMilliseconds);
        if (byWall != 0)
        {
            return byWall;
        }

        var byCounter = Counter.CompareTo(other.Counter);
        return byCounter != 0 ? byCounter : string.CompareOrdinal(NodeId, other.NodeId);
    }

    /// <summary>
    /// <c>wall:counter:node</c> with fixed-width numbers, so the text sorts like the timestamp
    /// (for SQLite indexes and logs): <c>001767225600000:00003:tablet-1</c>.
    /// </summary>
    public override string ToString() => string.Create(TextLength, this, static (text, stamp) => stamp.TryFormat(text, out _));

    // The text form's layout, which formatting and parsing share: wall digits, ':', counter digits, ':', node.
    private const int WallDigits = 15;
    private const int CounterStart = WallDigits + 1;
    private const int CounterDigits = 5;
    private const int NodeStart = CounterStart + CounterDigits + 1;

    /// <summary>The length of the text form.</summary>
    public int TextLength => NodeStart + NodeId.Length;

    /// <summary>Writes the text form into <paramref name="destination"/> without allocating (SQLite binds and JSON take spans).</summary>
    public bool TryFormat(Span<char> destination, out int written)
    {
        written = 0;
        if (destination.Length < TextLength
            || !WallMilliseconds.TryFormat(destination[..WallDigits], out _, "D15", CultureInfo.InvariantCulture)
            || !Counter.TryFormat(destination[CounterStart..(NodeStart - 1)], out _, "D5", CultureInfo.InvariantCulture))
        {
            return false;
        }

        destination[WallDigits] = ':';
        destination[NodeStart - 1] = ':';
        NodeId.CopyTo(destination[NodeStart..]);
        written = TextLength;
        return true;
    }

    public static bool TryParse([NotNullWhen(true)] string? text, out HlcTimestamp timestamp)
    {
        // Fixed widths, then the node id (at least one character, and no other ':').
        timestamp = default;
        if (text is null || text.Length <= NodeStart || text[WallDigits] != ':' || text[NodeStart - 1] != ':'
            || !long.TryParse(text.AsSpan(0, WallDigits), NumberStyles.None, CultureInfo.InvariantCulture, out var wallMilliseconds)
            || !int.TryParse(text.AsSpan(CounterStart, CounterDigits), NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            || count > MaxCounter)
        {
            return false;
        }

        var node = text[NodeStart..];
        if (!IsValidNodeId(node))
        {
            return false;
        }

        timestamp = new HlcTimestamp(wallMilliseconds, count, node);
        return true;
    }

    public static HlcTimestamp Parse(string text) =>
        TryParse(text, out var timestamp) ? timestamp : throw new FormatException($"'{text}' is not an HLC timestamp (wall:counter:node).");
}
