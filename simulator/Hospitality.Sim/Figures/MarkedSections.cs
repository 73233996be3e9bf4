using System.Text.RegularExpressions;

namespace Hospitality.Sim.Figures;

/// <summary>
/// The generated parts of a Markdown file: the text between <c>&lt;!-- figures:NAME --&gt;</c> and
/// <c>&lt;!-- /figures:NAME --&gt;</c> lines. Everything outside the markers is left exactly as written.
/// </summary>
public static partial class MarkedSections
{
    /// <summary>Every marked section's current text, by name.</summary>
    /// <exception cref="FormatException">A marker is unpaired or a name appears twice.</exception>
    public static IReadOnlyDictionary<string, string> Read(string markdown)
    {
        var sections = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match match in Section().Matches(markdown))
        {
            var name = match.Groups["name"].Value;
            if (!sections.TryAdd(name, match.Groups["body"].Value))
            {
                throw new FormatException($"figures:{name} is marked twice");
            }
        }

        var opened = Opening().Matches(markdown).Select(match => match.Groups["name"].Value).ToList();
        var unpaired = opened.Where(name => !sections.ContainsKey(name)).ToList();
        if (unpaired.Count > 0 || Closing().Matches(markdown).Count != opened.Count)
        {
            throw new FormatException($"unpaired figures markers{(unpaired.Count > 0 ? ": " + string.Join(", ", unpaired) : "")}");
        }

        return sections;
    }

    /// <summary>The text with each given section's body replaced.</summary>
    /// <exception cref="FormatException">A section has no markers in the text.</exception>
    public static string Rewrite(string markdown, IReadOnlyList<FigureSection> sections)
    {
        var present = Read(markdown);
        var missing = sections.Where(section => !present.ContainsKey(section.Name)).Select(section => section.Name).ToList();
        if (missing.Count > 0)
        {
            throw new FormatException($"no markers for {string.Join(", ", missing.Select(name => $"<!-- figures:{name} -->"))}");
        }

        var bodies = sections.ToDictionary(section => section.Name, section => Body(section.Markdown), StringComparer.Ordinal);
        return Section().Replace(markdown, match => bodies.TryGetValue(match.Groups["name"].Value, out var body)
            ? match.Groups["open"].Value + body + match.Groups["close"].Value
            : match.Value);
    }

    /// <summary>A section's body as it stands between its marker lines.</summary>
    public static string Body(string markdown) => "\n" + markdown.Trim('\n') + "\n";

    [GeneratedRegex(@"(?<open><!-- figures:(?<name>[a-z0-9-]+) -->)(?<body>.*?)(?<close><!-- /figures:\k<name> -->)", RegexOptions.Singleline)]
    private static partial Regex Section();

    [GeneratedRegex(@"<!-- figures:(?<name>[a-z0-9-]+) -->")]
    private static partial Regex Opening();

    [GeneratedRegex(@"<!-- /figures:[a-z0-9-]+ -->")]
    private static partial Regex Closing();
}
