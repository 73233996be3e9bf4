using System.Globalization;
using Hospitality.Sim.Scenarios;

namespace Hospitality.Sim.Cli;

/// <summary>
/// <c>--vary PATH=V1,V2,...</c> as given to <c>hsim sweep</c>: the settings of every run, one per
/// combination of the values (the first --vary changes slowest), in the order given. An item may be
/// a range: <c>A..B:S</c> from A to B in steps of S (<c>0%..5%:1%</c>), or <c>A..B#N</c>, N values
/// evenly spaced from A to B (<c>1ms..60ms#5</c>); both ends and the step share a unit.
/// </summary>
internal static class Variations
{
    /// <summary>The most values one --vary takes.</summary>
    public const int ValuesMax = 50;

    /// <summary>The most combinations a sweep runs (each then runs for every seed).</summary>
    public const int CombinationsMax = 200;

    /// <returns>The settings per variant (one empty list without --vary), or null after printing why not.</returns>
    public static IReadOnlyList<IReadOnlyList<string>>? Combine(IReadOnlyList<string> options, TextWriter errors)
    {
        IReadOnlyList<IReadOnlyList<string>> combinations = [[]];
        var paths = new List<string>();
        foreach (var option in options)
        {
            if (!ScenarioSettings.TryParse(option, out var path, out var list))
            {
                errors.WriteLine($"hsim sweep: --vary '{option}' must be PATH=V1,V2,..., like links.wifi-basement.loss=0.01,0.03,0.1");
                return null;
            }

            var values = new List<string>();
            foreach (var item in list.Split(',', StringSplitOptions.TrimEntries))
            {
                if (!item.Contains("..", StringComparison.Ordinal))
                {
                    values.Add(item);
                }
                else if (Expand(item) is { } range)
                {
                    values.AddRange(range);
                }
                else
                {
                    errors.WriteLine($"hsim sweep: --vary '{option}': the range '{item}' must be A..B:STEP or A..B#COUNT with one unit throughout, like 0%..5%:1% or 1ms..60ms#5 (at most {ValuesMax} values)");
                    return null;
                }
            }

            if (values.Any(value => value.Length == 0) || values.Count > ValuesMax || values.Distinct(StringComparer.Ordinal).Count() != values.Count)
            {
                errors.WriteLine($"hsim sweep: --vary '{option}': give 1 to {ValuesMax} different values separated by commas");
                return null;
            }

            if (paths.Contains(path, StringComparer.Ordinal))
            {
                errors.WriteLine($"hsim sweep: --vary {path} is given twice; list all its values in one --vary");
                return null;
            }

            paths.Add(path);
            combinations = combinations.SelectMany(settings => values.Select(value => (IReadOnlyList<string>)[.. settings, $"{path}={value}"])).ToList();
            if (combinations.Count > CombinationsMax)
            {
                errors.WriteLine($"hsim sweep: --vary makes more than {CombinationsMax} combinations; vary fewer values at once");
                return null;
            }
        }

        return combinations;
    }

    /// <summary>The values of "A..B:STEP" or "A..B#COUNT", as the scenario file would write them, or null when it is not one.</summary>
    public static IReadOnlyList<string>? Expand(string item)
    {
        string rangeText = item;
        string? step = null, count = null;
        if (item.Split('#') is [var withCount, var n])
        {
            (rangeText, count) = (withCount, n);
        }
        else if (item.Split(':') is [var withStep, var s])
        {
            (rangeText, step) = (withStep, s);
        }

        if (SearchRange.Parse(rangeText) is not { } range)
        {
            return null;
        }

        int points;
        if (count is not null)
        {
            if (!int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out points) || points is < 2 or > ValuesMax)
            {
                return null;
            }
        }
        else
        {
            var stepRange = step is null ? null : SearchRange.Parse($"0{range.Unit}..{step}");
            if (stepRange is null || stepRange.Unit != range.Unit || stepRange.To <= 0)
            {
                return null;
            }

            var steps = Math.Abs(range.To - range.From) / stepRange.To;
            if (steps >= ValuesMax || Math.Abs(steps - Math.Round(steps)) > 1e-9)
            {
                return null;
            }

            points = (int)Math.Round(steps) + 1;
        }

        return Enumerable.Range(0, points)
            .Select(index => Math.Round(range.From + ((range.To - range.From) * index / (points - 1)), 9))
            .Select(value => value.ToString("G10", CultureInfo.InvariantCulture) + range.Unit)
            .ToList();
    }
}
