using System.Globalization;
using System.Text.RegularExpressions;

namespace Hospitality.Sim.Cli;

/// <summary>
/// The values <c>hsim find</c> searches: "A..B" where both ends are numbers with the same unit
/// (0..0.5, 0%..20%, 1ms..400ms, 20Mbit..500kbit, 10..400). Whole numbers without a fraction
/// (other than percentages) are searched as whole numbers (device counts); A may be above B (a shrinking bandwidth).
/// </summary>
internal sealed partial record SearchRange(double From, double To, string Unit, bool Whole)
{
    public static SearchRange? Parse(string text)
    {
        var ends = text.Split("..");
        if (ends.Length != 2 || Number().Match(ends[0].Trim()) is not { Success: true } from || Number().Match(ends[1].Trim()) is not { Success: true } to
            || from.Groups["unit"].Value != to.Groups["unit"].Value)
        {
            return null;
        }

        var a = double.Parse(from.Groups["amount"].Value, CultureInfo.InvariantCulture);
        var b = double.Parse(to.Groups["amount"].Value, CultureInfo.InvariantCulture);
        var whole = !from.Groups["amount"].Value.Contains('.', StringComparison.Ordinal) && !to.Groups["amount"].Value.Contains('.', StringComparison.Ordinal)
            && from.Groups["unit"].Value != "%";
        return a == b || !double.IsFinite(a) || !double.IsFinite(b) ? null : new SearchRange(a, b, from.Groups["unit"].Value, whole);
    }

    /// <summary>The value as the scenario file would write it, e.g. "0.125", "12", "37.5ms".</summary>
    public string Format(double value) => (Whole ? Math.Round(value).ToString(CultureInfo.InvariantCulture) : value.ToString("G6", CultureInfo.InvariantCulture)) + Unit;

    /// <summary>Halfway between two values (rounded towards <paramref name="holds"/> for whole numbers).</summary>
    public double Middle(double holds, double breaks)
    {
        var middle = holds + (breaks - holds) / 2;
        return Whole ? (holds < breaks ? Math.Floor(middle) : Math.Ceiling(middle)) : middle;
    }

    /// <summary>Whether the two values are close enough to stop: adjacent whole numbers, or within the tolerance.</summary>
    public bool CloseEnough(double holds, double breaks, double tolerance) =>
        Whole ? Math.Abs(breaks - holds) <= 1 : Math.Abs(breaks - holds) <= tolerance;

    [GeneratedRegex(@"^(?<amount>-?\d+(\.\d+)?)(?<unit>[A-Za-z/]*|%)$", RegexOptions.CultureInvariant)]
    private static partial Regex Number();
}
