using System.Globalization;
using System.Text.RegularExpressions;

namespace Hospitality.Reports.Sweeps;

/// <summary>
/// The numbers of a swept setting's values ("0.5%", "20ms", "12", "2Mbit"), on one scale: as written
/// when every value has the same unit, else converted within one family (durations to ms, bit rates
/// to Mbit, bytes to KiB, shares to %), else none.
/// </summary>
public static partial class VariedValue
{
    private static readonly Dictionary<string, (string Unit, double Factor)> Families = new(StringComparer.Ordinal)
    {
        ["us"] = ("ms", 0.001), ["ms"] = ("ms", 1), ["s"] = ("ms", 1_000), ["m"] = ("ms", 60_000), ["h"] = ("ms", 3_600_000),
        ["kbit"] = ("Mbit", 0.001), ["Mbit"] = ("Mbit", 1), ["Gbit"] = ("Mbit", 1_000),
        ["B"] = ("KiB", 1.0 / 1024), ["KiB"] = ("KiB", 1), ["MiB"] = ("KiB", 1024),
        ["%"] = ("%", 1), [""] = ("%", 100),
    };

    /// <summary>Each value's number on one scale and that scale's unit, or null when they do not share one.</summary>
    public static (IReadOnlyList<double> Numbers, string Unit)? Of(IReadOnlyList<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var parsed = new List<(double Amount, string Unit)>();
        foreach (var value in values)
        {
            if (Number().Match(value.Trim()) is not { Success: true } match
                || !double.TryParse(match.Groups["amount"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var amount))
            {
                return null;
            }

            parsed.Add((amount, match.Groups["unit"].Value.TrimEnd('/', 's') is { Length: > 0 } unit && unit.EndsWith("bit", StringComparison.Ordinal) ? unit : match.Groups["unit"].Value));
        }

        if (parsed.Select(each => each.Unit).Distinct(StringComparer.Ordinal).Count() == 1)
        {
            return (parsed.Select(each => each.Amount).ToList(), parsed[0].Unit);
        }

        if (parsed.All(each => Families.ContainsKey(each.Unit)) && parsed.Select(each => Families[each.Unit].Unit).Distinct(StringComparer.Ordinal).Count() == 1)
        {
            return (parsed.Select(each => each.Amount * Families[each.Unit].Factor).ToList(), Families[parsed[0].Unit].Unit);
        }

        return null;
    }

    [GeneratedRegex(@"^(?<amount>-?\d+(\.\d+)?([eE]-?\d+)?)(?<unit>[A-Za-z/]*|%)$", RegexOptions.CultureInvariant)]
    private static partial Regex Number();
}
