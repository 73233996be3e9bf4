namespace Hospitality.Reports.Tests;

/// <summary>Finds the Markdown tables of a document and splits their rows into cells (escaped pipes kept inside a cell).</summary>
internal static class MarkdownTables
{
    public sealed record Table(IReadOnlyList<string> Header, IReadOnlyList<string> Alignment, IReadOnlyList<IReadOnlyList<string>> Rows);

    public static IReadOnlyList<Table> All(string markdown)
    {
        var lines = markdown.Split('\n');
        var tables = new List<Table>();
        for (var index = 0; index + 1 < lines.Length; index++)
        {
            if (!lines[index].StartsWith('|') || !lines[index + 1].StartsWith("|---", StringComparison.Ordinal))
            {
                continue;
            }

            var header = Cells(lines[index]);
            var alignment = Cells(lines[index + 1]);
            var rows = new List<IReadOnlyList<string>>();
            var row = index + 2;
            for (; row < lines.Length && lines[row].StartsWith('|'); row++)
            {
                rows.Add(Cells(lines[row]));
            }

            tables.Add(new Table(header, alignment, rows));
            index = row;
        }

        return tables;
    }

    public static Table WithHeader(string markdown, params string[] header) =>
        Assert.Single(All(markdown), table => table.Header.SequenceEqual(header));

    public static IReadOnlyList<string> Cells(string line)
    {
        var cells = new List<string>();
        var current = new System.Text.StringBuilder();
        var trimmed = line.Trim();
        for (var index = 1; index < trimmed.Length; index++)
        {
            var character = trimmed[index];
            if (character == '\\' && index + 1 < trimmed.Length)
            {
                current.Append(character).Append(trimmed[index + 1]);
                index++;
            }
            else if (character == '|')
            {
                cells.Add(current.ToString().Trim());
                current.Clear();
            }
            else
            {
                current.Append(character);
            }
        }

        return cells;
    }
}
