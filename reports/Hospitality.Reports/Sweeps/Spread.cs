namespace Hospitality.Reports.Sweeps;

/// <summary>How a figure varied across the runs of a sweep: smallest, median and largest, over this many values.</summary>
public readonly record struct Spread(double Min, double Median, double Max, int Count)
{
    /// <summary>The spread of the finite values, or null when there are none.</summary>
    public static Spread? Of(IEnumerable<double> values)
    {
        var sorted = values.Where(double.IsFinite).Order().ToArray();
        if (sorted.Length == 0)
        {
            return null;
        }

        var middle = sorted.Length / 2;
        var median = sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        return new Spread(sorted[0], median, sorted[^1], sorted.Length);
    }
}
