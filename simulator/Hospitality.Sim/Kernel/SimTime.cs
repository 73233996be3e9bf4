using System.Globalization;

namespace Hospitality.Sim.Kernel;

/// <summary>An instant of virtual time: 100 ns ticks since the simulation started.</summary>
public readonly record struct SimTime(long Ticks) : IComparable<SimTime>
{
    public static SimTime Zero => default;

    public static SimTime MaxValue => new(long.MaxValue);

    public TimeSpan Elapsed => new(Ticks);

    public double TotalSeconds => Ticks / (double)TimeSpan.TicksPerSecond;

    public static SimTime FromSeconds(double seconds) => new((long)Math.Round(seconds * TimeSpan.TicksPerSecond));

    public static SimTime FromMilliseconds(double milliseconds) => new((long)Math.Round(milliseconds * TimeSpan.TicksPerMillisecond));

    public static SimTime operator +(SimTime time, TimeSpan span) => new(checked(time.Ticks + span.Ticks));

    public static TimeSpan operator -(SimTime later, SimTime earlier) => new(later.Ticks - earlier.Ticks);

    public static bool operator <(SimTime left, SimTime right) => left.Ticks < right.Ticks;

    public static bool operator >(SimTime left, SimTime right) => left.Ticks > right.Ticks;

    public static bool operator <=(SimTime left, SimTime right) => left.Ticks <= right.Ticks;

    public static bool operator >=(SimTime left, SimTime right) => left.Ticks >= right.Ticks;

    public int CompareTo(SimTime other) => Ticks.CompareTo(other.Ticks);

    /// <summary>Seconds with 7 decimals, e.g. <c>12.0000003s</c>: exact, so traces and failures name the instant.</summary>
    public override string ToString() => (Ticks / (decimal)TimeSpan.TicksPerSecond).ToString("0.0000000", CultureInfo.InvariantCulture) + "s";
}
