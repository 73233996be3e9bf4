using System.Globalization;

namespace Hospitality.Sim.Cli;

/// <summary>Seeds as the command line gives them: "42" or "1..200".</summary>
internal static class SeedRange
{
    public static IReadOnlyList<ulong>? Parse(string text)
    {
        var parts = text.Split("..");
        if (parts.Length is < 1 or > 2
            || !ulong.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var first)
            || !ulong.TryParse(parts[^1], NumberStyles.None, CultureInfo.InvariantCulture, out var last)
            || last < first || last - first > 100_000)
        {
            return null;
        }

        var seeds = new List<ulong>();
        for (var offset = 0UL; offset <= last - first; offset++)
        {
            seeds.Add(first + offset);
        }

        return seeds;
    }
}
