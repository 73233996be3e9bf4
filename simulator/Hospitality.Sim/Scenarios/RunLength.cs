namespace Hospitality.Sim.Scenarios;

/// <summary>
/// How long a run may be, checked the same way on every path that sets it: the scenario file's
/// <c>duration</c>, <c>--duration</c> and <c>--seconds</c> on the command line, and a run.json replayed.
/// </summary>
public static class RunLength
{
    /// <summary>A week of virtual time: longer than any question a scenario asks, short enough to finish.</summary>
    public static readonly TimeSpan Max = TimeSpan.FromDays(7);

    /// <summary>What is allowed, for error messages.</summary>
    public const string Allowed = "more than 0 and at most 7d";

    public static bool IsAllowed(TimeSpan length) => length > TimeSpan.Zero && length <= Max;

    /// <summary>Reads "90s", "15m", "2h" or "7d" as a run length; false for anything else or out of range.</summary>
    public static bool TryParse(string text, out TimeSpan length) =>
        YamlFields.TryParseDuration(text, out length) && IsAllowed(length);

    /// <summary>A length in seconds, as run.json and <c>demo --seconds</c> give it: NaN, infinities and negatives are refused.</summary>
    public static bool TryFromSeconds(double seconds, out TimeSpan length)
    {
        length = TimeSpan.Zero;
        if (!double.IsFinite(seconds) || seconds <= 0 || seconds > Max.TotalSeconds)
        {
            return false;
        }

        length = TimeSpan.FromSeconds(seconds);
        return true;
    }
}
