using System.Globalization;
using Spectre.Console;

namespace Hospitality.Sim.Cli;

/// <summary>
/// The live progress line of <c>hsim run</c>, sized to fit an 80-column terminal: a description of
/// at most <see cref="DescriptionWidthMax"/> characters, a bar of <see cref="BarWidth"/>, the
/// percentage and the elapsed time.
/// </summary>
internal static class ProgressLine
{
    public const int TerminalWidth = 80;

    public const int BarWidth = 14;

    // Bar, "100%", "00:00:00" and the spaces Spectre puts between four columns; one column spare.
    public const int DescriptionWidthMax = TerminalWidth - 1 - BarWidth - 4 - 8 - 3;

    public static ProgressColumn[] Columns() =>
        [new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn { Width = BarWidth }, new PercentageColumn(), new ElapsedTimeColumn()];

    /// <summary>"resort-500-devices s1 12:00:00 1,234x 34.2M ev" (markup), the scenario's name shortened if it must be.</summary>
    public static string Describe(string scenario, ulong seed, TimeSpan virtualTime, double speed, long events)
    {
        var invariant = CultureInfo.InvariantCulture;
        var clock = string.Create(invariant, $"{(int)virtualTime.TotalHours}:{virtualTime:mm\\:ss}");
        var tail = string.Create(invariant, $" s{seed} {clock} {speed:N0}x {events / 1e6:F1}M ev");
        var room = DescriptionWidthMax - tail.Length;
        var name = scenario.Length <= room ? scenario : scenario[..Math.Max(0, room - 1)] + "…";
        return Markup.Escape(name) + string.Create(invariant, $" [grey]s{seed}[/] {clock} [grey]{speed:N0}x[/] [grey]{events / 1e6:F1}M ev[/]");
    }
}
