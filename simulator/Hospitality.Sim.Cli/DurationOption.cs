using Hospitality.Sim.Scenarios;

namespace Hospitality.Sim.Cli;

/// <summary><c>--duration</c> as every command reads it: a run length such as 90s, 15m, 2h or 7d, within <see cref="RunLength"/>.</summary>
internal static class DurationOption
{
    /// <exception cref="BadInputException">The text is not an allowed run length.</exception>
    public static TimeSpan? Parse(string? text, string command)
    {
        if (text is null)
        {
            return null;
        }

        return RunLength.TryParse(text, out var length)
            ? length
            : throw new BadInputException($"hsim {command}: --duration '{text}' is not a run length like 90s, 15m, 2h or 7d ({RunLength.Allowed})");
    }
}
