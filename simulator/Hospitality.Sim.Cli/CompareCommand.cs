using System.CommandLine;
using System.Text;
using System.Text.Json;
using Hospitality.Reports.Comparisons;
using Hospitality.Reports.Model;

namespace Hospitality.Sim.Cli;

/// <summary>
/// <c>hsim compare</c>: two runs, or two sweeps, side by side. Each side is a run.json or a folder
/// of them; one scenario variant on each side is compared whatever their names (a link before and
/// after a change), several are paired by name (the same sweep before and after an engine change).
/// </summary>
internal static class CompareCommand
{
    /// <summary>The most run.json files one side reads.</summary>
    public const int RunsMax = 5_000;

    public static Command Create()
    {
        var before = new Argument<string>("before") { Description = "A run.json, or a folder of runs (a sweep's --out)." };
        var after = new Argument<string>("after") { Description = "The same, to compare with." };
        var output = new Option<FileInfo?>("--out") { Description = "Also write the comparison to this Markdown file." };
        var command = new Command("compare", "Compare two runs or two sweeps: targets, latency per path, convergence. Exit code 1 when a target that held in every run before fails after, 2 on bad input.")
        {
            before, after, output,
        };
        command.SetAction(parse =>
        {
            if (Load(parse.GetValue(before)!) is not { } left || Load(parse.GetValue(after)!) is not { } right)
            {
                return 2;
            }

            var pairs = Pair(left, right, out var unpaired);
            if (pairs.Count == 0)
            {
                Console.Error.WriteLine($"hsim compare: no scenario on both sides (before: {string.Join(", ", left.Keys)}; after: {string.Join(", ", right.Keys)})");
                return 2;
            }

            var markdown = new StringBuilder();
            var comparisons = pairs.Select(pair => RunComparison.Of(parse.GetValue(before)!, pair.Before, parse.GetValue(after)!, pair.After)).ToList();
            foreach (var comparison in comparisons)
            {
                markdown.Append(ComparisonMarkdown.Render(comparison)).Append('\n');
            }

            foreach (var variant in unpaired)
            {
                markdown.Append("Only on one side, not compared: ").Append(variant).Append('\n');
            }

            Console.Write(markdown.ToString());
            if (parse.GetValue(output) is { } file)
            {
                File.WriteAllText(file.FullName, markdown.ToString(), new UTF8Encoding(false));
            }

            return comparisons.Any(comparison => comparison.Regressed) ? 1 : 0;
        });
        return command;
    }

    private static List<(IReadOnlyList<RunReport> Before, IReadOnlyList<RunReport> After)> Pair(
        SortedDictionary<string, List<RunReport>> left, SortedDictionary<string, List<RunReport>> right, out List<string> unpaired)
    {
        unpaired = [];
        if (left.Count == 1 && right.Count == 1)
        {
            return [(left.Values.Single(), right.Values.Single())];
        }

        unpaired.AddRange(left.Keys.Where(key => !right.ContainsKey(key)).Concat(right.Keys.Where(key => !left.ContainsKey(key))));
        return left.Where(each => right.ContainsKey(each.Key)).Select(each => ((IReadOnlyList<RunReport>)each.Value, (IReadOnlyList<RunReport>)right[each.Key])).ToList();
    }

    // The runs of one side by variant, or null after printing why not.
    private static SortedDictionary<string, List<RunReport>>? Load(string path)
    {
        List<string> files;
        if (File.Exists(path))
        {
            files = [path];
        }
        else if (Directory.Exists(path))
        {
            files = Directory.EnumerateFiles(path, "run.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Take(RunsMax + 1).ToList();
            if (files.Count > RunsMax)
            {
                Console.Error.WriteLine($"hsim compare: {path} holds more than {RunsMax} runs; give a narrower folder");
                return null;
            }
        }
        else
        {
            Console.Error.WriteLine($"hsim compare: no run.json or folder at {path}");
            return null;
        }

        var runs = new SortedDictionary<string, List<RunReport>>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            try
            {
                var run = RunReport.FromJson(File.ReadAllText(file));
                (runs.TryGetValue(run.Variant, out var list) ? list : runs[run.Variant] = []).Add(run);
            }
            catch (Exception exception) when (exception is JsonException or IOException)
            {
                Console.Error.WriteLine($"hsim compare: cannot read {file}: {exception.Message}");
                return null;
            }
        }

        if (runs.Count == 0)
        {
            Console.Error.WriteLine($"hsim compare: no run.json under {path}");
            return null;
        }

        return runs;
    }
}
