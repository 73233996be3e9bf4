using Hospitality.Sim.Scenarios;

namespace Hospitality.Sim.Cli;

/// <summary>
/// <c>--vary PATH=V1,V2,...</c> as given to <c>hsim sweep</c>: the settings of every run, one per
/// combination of the values (the first --vary changes slowest), in the order given.
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

            var values = list.Split(',', StringSplitOptions.TrimEntries);
            if (values.Any(value => value.Length == 0) || values.Length > ValuesMax || values.Distinct(StringComparer.Ordinal).Count() != values.Length)
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
}
