using Hospitality.Reports.Model;

namespace Hospitality.Reports.Charts;

/// <summary>A series of the run and its chart (null when the series has no points).</summary>
public sealed record SeriesChartEntry(SeriesReport Series, Chart? Chart);
