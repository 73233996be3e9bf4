using System.Globalization;
using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Legends;

namespace Hospitality.Reports.Charts;

/// <summary>One look for every chart: DejaVu Sans, quiet grid lines, a colour-blind-friendly palette (Tableau 10).</summary>
internal static class ChartTheme
{
    public const string Font = "DejaVu Sans";

    public const double FontSize = 12;

    public static readonly OxyColor Text = OxyColor.FromRgb(0x1f, 0x29, 0x37);

    public static readonly OxyColor MutedText = OxyColor.FromRgb(0x6b, 0x72, 0x80);

    public static readonly OxyColor Grid = OxyColor.FromRgb(0xe5, 0xe7, 0xeb);

    public static readonly OxyColor MinorGrid = OxyColor.FromRgb(0xf3, 0xf4, 0xf6);

    public static readonly OxyColor Axis = OxyColor.FromRgb(0x9c, 0xa3, 0xaf);

    public static readonly OxyColor Pass = OxyColor.FromRgb(0x16, 0xa3, 0x4a);

    public static readonly OxyColor Fail = OxyColor.FromRgb(0xdc, 0x26, 0x26);
    public static readonly OxyColor Expected = OxyColor.FromRgb(0xd9, 0x77, 0x06);

    public static readonly IReadOnlyList<OxyColor> Palette =
    [
        OxyColor.FromRgb(0x4e, 0x79, 0xa7),
        OxyColor.FromRgb(0xf2, 0x8e, 0x2b),
        OxyColor.FromRgb(0x59, 0xa1, 0x4f),
        OxyColor.FromRgb(0xe1, 0x57, 0x59),
        OxyColor.FromRgb(0x76, 0xb7, 0xb2),
        OxyColor.FromRgb(0xb0, 0x7a, 0xa1),
        OxyColor.FromRgb(0xed, 0xc9, 0x48),
        OxyColor.FromRgb(0xff, 0x9d, 0xa7),
        OxyColor.FromRgb(0x9c, 0x75, 0x5f),
        OxyColor.FromRgb(0xba, 0xb0, 0xac),
    ];

    /// <summary>
    /// Text from the run made fit for a chart: on one line, without characters XML cannot hold (the SVG
    /// is XML), and cut to <see cref="LabelLengthMax"/> characters so a long name cannot swallow the plot.
    /// </summary>
    public static string Label(string text)
    {
        var builder = new System.Text.StringBuilder(Math.Min(text.Length, LabelLengthMax + 2));
        for (var index = 0; index < text.Length; index++)
        {
            if (builder.Length >= LabelLengthMax)
            {
                builder.Append('…');
                break;
            }

            var character = text[index];
            if (char.IsHighSurrogate(character) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]))
            {
                // A pair stays whole: cutting between its halves would leave text XML cannot hold.
                builder.Append(character).Append(text[index + 1]);
                index++;
            }
            else
            {
                builder.Append(character is < ' ' or '\uFFFE' or '\uFFFF' ? ' ' : char.IsSurrogate(character) ? '\uFFFD' : character);
            }
        }

        return builder.ToString();
    }

    public const int LabelLengthMax = 60;

    public static OxyColor Colour(int index) => Palette[index % Palette.Count];

    public static PlotModel Model(string title)
    {
        var model = new PlotModel
        {
            Title = title,
            DefaultFont = Font,
            DefaultFontSize = FontSize,
            TitleFontSize = 15,
            TitleFontWeight = FontWeights.Bold,
            TitleHorizontalAlignment = TitleHorizontalAlignment.CenteredWithinView,
            TextColor = Text,
            TitleColor = Text,
            PlotAreaBorderThickness = new OxyThickness(0),
            PlotAreaBorderColor = OxyColors.Transparent,
            Background = OxyColors.White,
            Padding = new OxyThickness(8, 8, 16, 8),
            // Labels formatted by OxyPlot itself must not depend on the machine's culture.
            Culture = CultureInfo.InvariantCulture,
        };
        model.DefaultColors = [.. Palette];
        return model;
    }

    /// <summary>A legend beside the plot area, never over the curves.</summary>
    public static Legend Legend(LegendPosition position) => new()
    {
        LegendPosition = position,
        LegendPlacement = LegendPlacement.Outside,
        LegendBackground = OxyColor.FromAColor(230, OxyColors.White),
        LegendBorder = Grid,
        LegendBorderThickness = 1,
        LegendFont = Font,
        LegendFontSize = FontSize,
        LegendTextColor = Text,
        LegendPadding = 8,
    };

    public static T Style<T>(T axis)
        where T : Axis
    {
        axis.AxislineStyle = LineStyle.Solid;
        axis.AxislineColor = Axis;
        axis.TicklineColor = Axis;
        axis.TextColor = Text;
        axis.TitleColor = MutedText;
        axis.TitleFontSize = FontSize;
        // Room between the tick labels and the axis title, so "MB/min" never sits on "60".
        axis.AxisTitleDistance = 10;
        axis.MajorGridlineStyle = LineStyle.Solid;
        axis.MajorGridlineColor = Grid;
        axis.MinorGridlineStyle = LineStyle.None;
        axis.MinorTicklineColor = Axis;
        axis.IsZoomEnabled = false;
        axis.IsPanEnabled = false;
        return axis;
    }
}
