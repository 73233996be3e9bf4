namespace Hospitality.Sync.Replication;

/// <summary>
/// The token bucket behind <see cref="PushPacing"/>, on timestamps of the injected clock: full after an
/// idle spell, one token back per ceiling, so a push that finds it empty waits less than one ceiling.
/// </summary>
internal sealed class PushPacer
{
    private readonly long _ceilingTicks;
    private readonly int _burst;
    private readonly long _lingerTicks;
    private long? _lingerSince;
    private long _tokensAsOf;
    private int _tokens;

    public PushPacer(PushPacing pacing, long timestampFrequency, long now)
    {
        pacing.Validate();
        _ceilingTicks = Math.Max(1, (long)(pacing.Ceiling.TotalSeconds * timestampFrequency));
        _burst = pacing.Burst;
        _lingerTicks = (long)(pacing.Linger.TotalSeconds * timestampFrequency);
        _tokens = _burst;
        _tokensAsOf = now;
    }

    /// <summary>
    /// Ticks a flush that is due now should still linger so the writes of one action join it; 0 once it
    /// has lingered (the next flush lingers anew once a token is taken).
    /// </summary>
    public long Linger(long now)
    {
        _lingerSince ??= now;
        return Math.Max(0, _lingerSince.Value + _lingerTicks - now);
    }

    /// <summary>Takes a token for a push starting now, or says how many timestamp ticks until one is back.</summary>
    public bool TryTake(long now, out long waitTicks)
    {
        Refill(now);
        if (_tokens > 0)
        {
            _tokens--;
            _lingerSince = null;
            waitTicks = 0;
            return true;
        }

        waitTicks = _tokensAsOf + _ceilingTicks - now;
        if (waitTicks <= 0 || waitTicks > _ceilingTicks)
        {
            throw new InvalidOperationException($"push pacing broke its ceiling: a token in {waitTicks} ticks, the ceiling is {_ceilingTicks}");
        }

        return false;
    }

    private void Refill(long now)
    {
        if (now < _tokensAsOf)
        {
            throw new InvalidOperationException($"the clock's timestamp ran back from {_tokensAsOf} to {now}");
        }

        var earned = (now - _tokensAsOf) / _ceilingTicks;
        if (_tokens + earned >= _burst)
        {
            _tokens = _burst;
            _tokensAsOf = now;
        }
        else
        {
            _tokens += (int)earned;
            _tokensAsOf += earned * _ceilingTicks;
        }
    }
}
