using OxyPlot;

namespace Hospitality.Reports.Charts;

/// <summary>A chart of a run: its file name under <c>charts/</c> (without extension), a caption, its size and the plot.</summary>
public sealed record Chart(string Name, string Caption, PlotModel Model, int WidthPixels, int HeightPixels)
{
    public string PngRelativePath => $"charts/{Name}.png";
}
