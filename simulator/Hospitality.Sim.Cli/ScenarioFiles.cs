using Hospitality.Sim.Scenarios;

namespace Hospitality.Sim.Cli;

/// <summary>
/// The scenario files named on a command line, as users type them: a pattern the shell left
/// unexpanded (quoted, or a shell without globbing) is expanded here, and a target list or price
/// table that a glob such as <c>scenarios/*.yaml</c> picks up is skipped with a one-line notice.
/// </summary>
internal static class ScenarioFiles
{
    /// <returns>The scenario files in the order given (each pattern's matches sorted), or null after printing why not.</returns>
    public static IReadOnlyList<FileInfo>? Expand(IReadOnlyList<string> arguments, TextWriter notices, TextWriter errors)
    {
        var files = new List<FileInfo>();
        foreach (var argument in arguments)
        {
            var matches = Matches(argument);
            if (matches.Count == 0)
            {
                errors.WriteLine($"hsim: no scenario file matches '{argument}'");
                return null;
            }

            foreach (var file in matches)
            {
                if (TargetCatalog.IsTargetList(file.FullName))
                {
                    notices.WriteLine($"hsim: skipping {Path.GetRelativePath(Environment.CurrentDirectory, file.FullName)}: a list of targets, not a scenario");
                    continue;
                }

                if (Costs.CostTable.IsCostTable(file.FullName))
                {
                    notices.WriteLine($"hsim: skipping {Path.GetRelativePath(Environment.CurrentDirectory, file.FullName)}: a price table, not a scenario");
                    continue;
                }

                files.Add(file);
            }
        }

        if (files.Count == 0)
        {
            errors.WriteLine($"hsim: no scenario among {string.Join(" ", arguments)}");
            return null;
        }

        return files;
    }

    private static List<FileInfo> Matches(string argument)
    {
        var name = Path.GetFileName(argument);
        if (name.IndexOfAny(['*', '?']) < 0)
        {
            return File.Exists(argument) ? [new FileInfo(argument)] : [];
        }

        var directory = Path.GetDirectoryName(argument) is { Length: > 0 } parent ? parent : ".";
        return Directory.Exists(directory)
            ? Directory.GetFiles(directory, name).Order(StringComparer.Ordinal).Select(path => new FileInfo(path)).ToList()
            : [];
    }
}
