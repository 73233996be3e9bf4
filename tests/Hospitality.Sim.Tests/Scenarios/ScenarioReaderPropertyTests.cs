using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Hospitality.Sim.Scenarios;

namespace Hospitality.Sim.Tests.Scenarios;

/// <summary>
/// The scenario reader on generated and mutated YAML: random token soup, the repository's scenarios
/// with bytes deleted, duplicated and spliced, deep nesting and alias fan-out. Whatever the text, it
/// returns a scenario or a <see cref="ScenarioException"/> whose every error has a line and column,
/// never another exception. Its work is bounded by <see cref="BoundedYaml"/>'s limits (a step
/// budget); the timeout below only guards against a hang and asserts no speed.
/// </summary>
public sealed class ScenarioReaderPropertyTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    private static readonly IReadOnlySet<string> TargetIds =
        TargetCatalog.Read(Path.Combine(RepositoryFiles.ScenariosDirectory, "targets.yaml")).Ids;

    private static readonly string[] Corpus = Directory.GetFiles(RepositoryFiles.ScenariosDirectory, "*.yaml")
        .Where(path => Path.GetFileName(path) is not ("targets.yaml" or "costs.yaml")).Order(StringComparer.Ordinal).Select(File.ReadAllText).ToArray();

    private static readonly string[] Tokens =
    [
        "[", "]", "{", "}", ",", ":", ": ", "- ", "\n", "  ", "\t", "\r\n", "&a ", "*a", "&b ", "*b", "? ", "!!str ", "!x ", "!!map ",
        "'", "\"", "|", ">-", "# note", "---\n", "...\n", "%YAML 1.2\n", "%TAG ! tag:x,2000:\n", "<<: *a\n", "\\", "\u0000", "\uFEFF",
        "é", "🛎️", "name", "name: x\n", "duration", "duration: 1m\n", "duration: 8d\n", "properties", "devices", "kind", "count", "faults",
        "at", "for", "offset", "links", "base", "loss", "1m", "7d", "8d", "-1", "1e8", "NaN", ".inf", "~", "null", "99999999999999999999",
        "{ kind: front-desk, count: 2, link: lan }", "{ kind: clock-skew, property: p, devices: 1, at: 0s, offset: 8m }",
    ];

    [Property(MaxTest = 1000)]
    public Property Generated_yaml_gives_a_scenario_or_errors_with_places_never_an_exception() =>
        Prop.ForAll(Arb.From(Gen.OneOf(TokenSoup, Mutated, Nested, AliasFanOut)), text => Reads(text));

    private static Gen<string> TokenSoup =>
        from count in Gen.Choose(0, 200)
        from parts in Gen.ArrayOf(Gen.Elements(Tokens), count)
        select string.Concat(parts);

    private static Gen<string> Mutated =>
        from original in Gen.Elements(Corpus)
        from edits in Gen.Choose(1, 8)
        from seed in Gen.Choose(0, int.MaxValue)
        select Mutate(original, edits, seed);

    private static Gen<string> Nested =>
        from depth in Gen.Choose(0, 2_000)
        from open in Gen.Elements("[", "{a: ", "- ", "[{x: ")
        from closed in Gen.Elements(true, false)
        select "name: n\nproperties: " + string.Concat(Enumerable.Repeat(open, depth)) + "1" + (closed ? new string(']', depth) : "");

    // An anchor whose list repeats the one before it: fan-out to the power of depth values once expanded, as a value or as a mapping key.
    private static Gen<string> AliasFanOut =>
        from depth in Gen.Choose(1, 12)
        from fanOut in Gen.Choose(1, 12)
        from asKey in Gen.Elements(true, false)
        select AliasChain(depth, fanOut, asKey);

    private static string AliasChain(int depth, int fanOut, bool asKey)
    {
        var yaml = new System.Text.StringBuilder("a0: &a0 [x]\n");
        for (var level = 1; level <= depth; level++)
        {
            yaml.Append($"a{level}: &a{level} [").Append(string.Join(", ", Enumerable.Repeat($"*a{level - 1}", fanOut))).Append("]\n");
        }

        return yaml.Append(asKey ? $"? *a{depth}\n: value\n" : $"name: *a{depth}\n").ToString();
    }

    private static string Mutate(string text, int edits, int seed)
    {
        var random = new Random(seed);
        var chars = new List<char>(text);
        for (var edit = 0; edit < edits; edit++)
        {
            var at = chars.Count == 0 ? 0 : random.Next(chars.Count);
            var length = Math.Min(chars.Count - at, random.Next(1, 40));
            switch (random.Next(4))
            {
                case 0:
                    chars.RemoveRange(at, length);
                    break;
                case 1:
                    chars.InsertRange(at, Tokens[random.Next(Tokens.Length)]);
                    break;
                case 2:
                    chars.InsertRange(random.Next(chars.Count + 1), chars.GetRange(at, length));
                    break;
                default:
                    var other = Corpus[random.Next(Corpus.Length)];
                    var from = random.Next(other.Length);
                    chars.InsertRange(at, other.AsSpan(from, Math.Min(other.Length - from, random.Next(1, 200))).ToArray());
                    break;
            }
        }

        return new string(chars.ToArray());
    }

    private static bool Reads(string text)
    {
        Exception? unexpected = null;
        ScenarioException? refused = null;
        var reader = new Thread(() =>
        {
            try
            {
                ScenarioReader.Parse(text, "generated.yaml", TargetIds);
            }
            catch (ScenarioException exception)
            {
                refused = exception;
            }
            catch (Exception exception)
            {
                unexpected = exception;
            }
        });
        reader.Start();
        if (!reader.Join(HangGuard))
        {
            throw new TimeoutException($"the reader did not return within {HangGuard} on: {text[..Math.Min(text.Length, 400)]}");
        }

        if (unexpected is not null)
        {
            throw new InvalidOperationException($"the reader threw {unexpected.GetType().Name} instead of a ScenarioException on: {text[..Math.Min(text.Length, 400)]}", unexpected);
        }

        return refused is null || refused.Errors.All(error => error.Line >= 1 && error.Column >= 1 && error.Message.Length > 0 && error.File == "generated.yaml");
    }
}
