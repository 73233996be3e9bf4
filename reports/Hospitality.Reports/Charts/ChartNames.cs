namespace Hospitality.Reports.Charts;

/// <summary>Keeps chart file names unique within one folder: a second "series-writes" becomes "series-writes-2".</summary>
public sealed class ChartNames
{
    private readonly HashSet<string> _taken = new(StringComparer.Ordinal);

    public string Claim(string name)
    {
        var candidate = name;
        for (var suffix = 2; !_taken.Add(candidate); suffix++)
        {
            candidate = $"{name}-{suffix}";
        }

        return candidate;
    }
}
