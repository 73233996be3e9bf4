using System.CommandLine;
using Hospitality.Sim.Figures;

namespace Hospitality.Sim.Cli;

/// <summary>
/// <c>hsim readme</c>: measures every deterministic figure the README quotes and rewrites the
/// README's marked sections in place; <c>--check</c> only reports which sections are stale.
/// </summary>
internal static class ReadmeCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("readme") { Description = "The Markdown file with <!-- figures:NAME --> markers.", DefaultValueFactory = _ => new FileInfo("README.md") };
        var check = new Option<bool>("--check") { Description = "Change nothing; exit 1 when a section differs from what the code produces now." };
        var command = new Command("readme", "Regenerate the README's figures (propagation, sync performance, the network demo's output and event counts) between its markers. Exit code 1 with --check when stale.")
        {
            file, check,
        };
        command.SetAction(parse =>
        {
            var readme = parse.GetValue(file)!;
            if (!readme.Exists)
            {
                Console.Error.WriteLine($"hsim readme: no file {readme.FullName}");
                return 2;
            }

            var text = File.ReadAllText(readme.FullName);
            IReadOnlyDictionary<string, string> current;
            try
            {
                current = MarkedSections.Read(text);
            }
            catch (FormatException exception)
            {
                Console.Error.WriteLine($"hsim readme: {readme.Name}: {exception.Message}");
                return 2;
            }

            var sections = ReadmeFigures.Measure();
            var stale = sections.Where(section => current.GetValueOrDefault(section.Name) != MarkedSections.Body(section.Markdown)).Select(section => section.Name).ToList();
            if (parse.GetValue(check))
            {
                Console.WriteLine(stale.Count == 0 ? $"{readme.Name}: every figure is current" : $"{readme.Name}: stale: {string.Join(", ", stale)} (run hsim readme)");
                return stale.Count == 0 ? 0 : 1;
            }

            try
            {
                File.WriteAllText(readme.FullName, MarkedSections.Rewrite(text, sections));
            }
            catch (FormatException exception)
            {
                Console.Error.WriteLine($"hsim readme: {readme.Name}: {exception.Message}");
                return 2;
            }

            Console.WriteLine($"{readme.Name}: {(stale.Count == 0 ? "every figure was current" : "rewrote " + string.Join(", ", stale))}");
            return 0;
        });
        return command;
    }
}
