namespace Hospitality.Sim.Network.Wifi;

/// <summary>
/// Bianchi's model of DCF under saturation (IEEE JSAC 18(3), 2000), solved for each number of
/// contenders n: the probability that a busy period is a success and the expected idle slots before
/// each busy period. Channel access time, and so throughput, then falls as n grows, as in his analysis.
/// Computed with + - * / only, so every machine gets the same numbers.
/// </summary>
internal sealed class Contention
{
    private readonly int _window;
    private readonly int _stages;
    private readonly List<(double SuccessProbability, double IdleSlots)> _byContenders = [(1, 0)]; // index 0 is never asked for

    public Contention(int contentionWindowMin, int contentionWindowMax)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(contentionWindowMin);
        ArgumentOutOfRangeException.ThrowIfLessThan(contentionWindowMax, contentionWindowMin);
        _window = contentionWindowMin + 1;
        while (((_window << _stages) - 1) < contentionWindowMax)
        {
            _stages++;
        }
    }

    /// <summary>The most contenders solved for; more are treated as this many.</summary>
    public const int MaxContenders = 4096;

    /// <summary>Probability that a busy period with <paramref name="contenders"/> stations is a success, not a collision.</summary>
    public double SuccessProbability(int contenders) => With(contenders).SuccessProbability;

    /// <summary>Expected idle slots before each busy period with <paramref name="contenders"/> stations.</summary>
    public double IdleSlots(int contenders) => With(contenders).IdleSlots;

    /// <summary>Both figures for <paramref name="contenders"/> stations, solved once and kept.</summary>
    public (double SuccessProbability, double IdleSlots) With(int contenders)
    {
        Hospitality.Sim.Kernel.Invariant.Holds(contenders >= 1, "a transmission has at least one contender");
        contenders = Math.Min(contenders, MaxContenders);
        while (_byContenders.Count <= contenders)
        {
            _byContenders.Add(SolveFor(_byContenders.Count));
        }

        return _byContenders[contenders];
    }

    /// <summary>The probability that a station transmits in a slot, given the collision probability p (Bianchi's eq. 7).</summary>
    public double TransmitProbability(double collisionProbability)
    {
        // 2(1-2p) / ((1-2p)(W+1) + pW(1-(2p)^m)), with (1-(2p)^m)/(1-2p) summed as a series so p = 1/2 is no pole.
        var series = 0.0;
        var power = 1.0;
        for (var stage = 0; stage < _stages; stage++)
        {
            series += power;
            power *= 2 * collisionProbability;
        }

        return 2.0 / (_window + 1 + (collisionProbability * _window * series));
    }

    private (double SuccessProbability, double IdleSlots) SolveFor(int n)
    {
        if (n == 1)
        {
            // Alone on the air: every busy period succeeds, after (W - 1) / 2 idle slots on average.
            var alone = TransmitProbability(0);
            return (1, (1 - alone) / alone);
        }

        // The fixed point p = 1 - (1 - tau(p))^(n-1), by bisection: the right side falls as p rises.
        double low = 0, high = 1;
        for (var step = 0; step < 60; step++)
        {
            var p = (low + high) / 2;
            if (1 - Power(1 - TransmitProbability(p), n - 1) > p)
            {
                low = p;
            }
            else
            {
                high = p;
            }
        }

        var tau = TransmitProbability((low + high) / 2);
        var idle = Power(1 - tau, n);
        var busy = 1 - idle;
        var success = n * tau * Power(1 - tau, n - 1) / busy;
        return (success, idle / busy);
    }

    private static double Power(double value, int exponent)
    {
        var result = 1.0;
        var factor = value;
        for (var bits = exponent; bits > 0; bits >>= 1)
        {
            if ((bits & 1) != 0)
            {
                result *= factor;
            }

            factor *= factor;
        }

        return result;
    }
}
