using System.Globalization;

namespace Hospitality.Sync.Tests.WebRtc.Sctp;

/// <summary>A clock moved only by the test: wall time and timestamps advance together, in 100 ns ticks.</summary>
public sealed class ManualClock : TimeProvider
{
    private long _ticks = DateTimeOffset.Parse("2026-01-01T00:00:00Z", CultureInfo.InvariantCulture).UtcTicks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => _ticks;

    public override DateTimeOffset GetUtcNow() => new(_ticks, TimeSpan.Zero);

    public void AdvanceTo(long timestamp)
    {
        if (timestamp < _ticks)
        {
            throw new InvalidOperationException("time only moves forward");
        }

        _ticks = timestamp;
    }

    public void Advance(TimeSpan delta) => _ticks += delta.Ticks;
}
