using OxyPlot;

namespace Hospitality.Reports.Charts;

/// <summary>
/// A chart: its file name (without extension) under <see cref="Folder"/>, a caption, its size in CSS pixels
/// and the plot.
/// </summary>
public sealed record Chart(string Name, string Caption, PlotModel Model, int WidthPixels, int HeightPixels)
{
    /// <summary>The folder of the PNG beside the page: <c>charts</c> for a run, <c>summary-charts</c> for a sweep.</summary>
    public string Folder { get; init; } = "charts";

    public string PngRelativePath => $"{Folder}/{Name}.png";
}
