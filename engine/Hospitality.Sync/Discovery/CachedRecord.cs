using System.Net;

namespace Hospitality.Sync.Discovery;

/// <summary>A record in the querier's cache: when it arrived, from whom, and when it goes.</summary>
internal sealed class CachedRecord(MdnsRecord record, IPAddress source, long receivedTicks, double refreshJitter)
{
    /// <summary>RFC 6762 §5.2: refresh queries at 80, 85, 90 and 95 % of the TTL, each plus the entry's random 0-2 %.</summary>
    private static readonly double[] RefreshFractions = [0.80, 0.85, 0.90, 0.95];

    public MdnsRecord Record { get; private set; } = record;

    public IPAddress Source { get; private set; } = source;

    public long ReceivedTicks { get; private set; } = receivedTicks;

    public long ExpiresTicks { get; private set; } = receivedTicks + record.Ttl.Ticks;

    private int _refreshesSent;

    private double _refreshJitter = refreshJitter;

    public void Renew(MdnsRecord record, IPAddress source, long nowTicks, double refreshJitter)
    {
        _refreshJitter = refreshJitter;
        Record = record;
        Source = source;
        ReceivedTicks = nowTicks;
        ExpiresTicks = nowTicks + record.Ttl.Ticks;
        _refreshesSent = 0;
    }

    /// <summary>Ends the record one second from now (RFC 6762 §10.1 goodbyes, §10.2 cache flushes).</summary>
    public void ExpireSoon(long nowTicks) =>
        ExpiresTicks = Math.Min(ExpiresTicks, nowTicks + TimeSpan.TicksPerSecond);

    public TimeSpan Remaining(long nowTicks) => TimeSpan.FromTicks(Math.Max(0, ExpiresTicks - nowTicks));

    /// <summary>RFC 6762 §7.1: a known answer is listed only while more than half its TTL remains.</summary>
    public bool IsKnownAnswer(long nowTicks) => ExpiresTicks - nowTicks > Record.Ttl.Ticks / 2;

    /// <summary>When the next refresh query is due, or null after the last one.</summary>
    public long? NextRefreshTicks => _refreshesSent < RefreshFractions.Length && Record.Ttl > TimeSpan.FromSeconds(1)
        ? ReceivedTicks + (long)(Record.Ttl.Ticks * (RefreshFractions[_refreshesSent] + _refreshJitter))
        : null;

    public void RefreshSent() => _refreshesSent++;

    /// <summary>
    /// Another host asked for this record (RFC 6762 §7.3): once the window of our next refresh has opened, its
    /// query is ours, and the answer it draws renews us too.
    /// </summary>
    public void RefreshAsked(long nowTicks)
    {
        if (RefreshWindowOpen(nowTicks))
        {
            _refreshesSent++;
        }
    }

    /// <summary>Whether the next refresh's window (80, 85, 90 or 95 % of the TTL, before the entry's jitter) has opened.</summary>
    public bool RefreshWindowOpen(long nowTicks) =>
        _refreshesSent < RefreshFractions.Length && nowTicks >= ReceivedTicks + (long)(Record.Ttl.Ticks * RefreshFractions[_refreshesSent]);
}
