using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Hospitality.Sim.Cli;
using Spectre.Console;

namespace Hospitality.Sim.Tests.Cli;

public sealed class ProgressLineTests
{
    /// <summary>Whatever the scenario's name and however long or fast the run, the progress line fits 80 columns.</summary>
    [Property(MaxTest = 300)]
    public Property The_progress_line_fits_an_80_column_terminal(NonEmptyString name, ulong seed, PositiveInt hours, PositiveInt speed, PositiveInt events)
    {
        var scenario = name.Get.ReplaceLineEndings(" ");
        var description = ProgressLine.Describe(scenario, seed, TimeSpan.FromHours(hours.Get % (24 * 7)), speed.Get, (long)events.Get * 1000);
        var visible = Markup.Remove(description).Length;

        return (visible <= ProgressLine.DescriptionWidthMax
                && ProgressLine.DescriptionWidthMax + ProgressLine.BarWidth + "100%".Length + "00:00:00".Length + 3 < ProgressLine.TerminalWidth)
            .Label($"{visible} visible characters: {Markup.Remove(description)}");
    }

    [Fact]
    public void A_long_scenario_name_is_shortened_and_the_figures_kept()
    {
        var description = Markup.Remove(ProgressLine.Describe(new string('r', 70), 12, TimeSpan.FromHours(23.5), 2_345, 34_200_000));

        Assert.EndsWith("… s12 23:30:00 2,345x 34.2M ev", description, StringComparison.Ordinal);
        Assert.Equal(ProgressLine.DescriptionWidthMax, description.Length);
    }
}
