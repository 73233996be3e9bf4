using Hospitality.Sim.Figures;
using Hospitality.Sim.Tests.Scenarios;

namespace Hospitality.Sim.Tests.Figures;

public sealed class ReadmeFiguresTests
{
    private static string ReadmePath => Path.Combine(Path.GetDirectoryName(RepositoryFiles.ScenariosDirectory)!, "README.md");

    /// <summary>
    /// Every deterministic figure the README quotes is what the code produces now: each generated
    /// section between its markers equals a fresh measurement. When it fails, run
    /// <c>dotnet run --project simulator/Hospitality.Sim.Cli -c Release -- readme</c> and commit the README.
    /// </summary>
    [Fact]
    public void The_readme_quotes_the_figures_the_code_produces_now()
    {
        var written = MarkedSections.Read(File.ReadAllText(ReadmePath));

        var measured = ReadmeFigures.Measure();

        Assert.All(measured, section =>
        {
            Assert.True(written.ContainsKey(section.Name), $"README.md has no <!-- figures:{section.Name} --> section");
            Assert.Equal(MarkedSections.Body(section.Markdown), written[section.Name]);
        });
    }

    [Fact]
    public void Rewriting_replaces_only_the_text_between_markers()
    {
        const string readme = "# Title\n\nbefore\n<!-- figures:one -->\nold\n<!-- /figures:one -->\nbetween\n<!-- figures:two -->\nkept\n<!-- /figures:two -->\nafter\n";

        var rewritten = MarkedSections.Rewrite(readme, [new FigureSection("one", "| new |\n")]);

        Assert.Equal("# Title\n\nbefore\n<!-- figures:one -->\n| new |\n<!-- /figures:one -->\nbetween\n<!-- figures:two -->\nkept\n<!-- /figures:two -->\nafter\n", rewritten);
        Assert.Equal("\n| new |\n", MarkedSections.Read(rewritten)["one"]);
    }

    [Fact]
    public void Unpaired_or_missing_markers_are_refused()
    {
        Assert.Throws<FormatException>(() => MarkedSections.Read("<!-- figures:one -->\ntext\n"));
        Assert.Throws<FormatException>(() => MarkedSections.Rewrite("no markers\n", [new FigureSection("one", "x")]));
    }
}
