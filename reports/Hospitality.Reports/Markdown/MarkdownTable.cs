using System.Text;

namespace Hospitality.Reports.Markdown;

/// <summary>A GitHub-flavoured Markdown table: a header row, an alignment row, cells escaped.</summary>
public sealed class MarkdownTable
{
    private readonly IReadOnlyList<(string Header, bool AlignRight)> columns;
    private readonly List<string[]> rows = [];

    public MarkdownTable(params (string Header, bool AlignRight)[] columns)
    {
        if (columns.Length == 0)
        {
            throw new ArgumentException("a table needs at least one column", nameof(columns));
        }

        this.columns = columns;
    }

    public MarkdownTable Row(params string[] cells)
    {
        if (cells.Length != columns.Count)
        {
            throw new ArgumentException($"a row of this table has {columns.Count} cells, not {cells.Length}", nameof(cells));
        }

        rows.Add(cells);
        return this;
    }

    public void WriteTo(StringBuilder builder)
    {
        builder.Append('|');
        foreach (var (header, _) in columns)
        {
            builder.Append(' ').Append(Escape(header)).Append(" |");
        }

        builder.Append('\n').Append('|');
        foreach (var (_, alignRight) in columns)
        {
            builder.Append(alignRight ? "---:|" : "---|");
        }

        builder.Append('\n');
        foreach (var row in rows)
        {
            builder.Append('|');
            foreach (var cell in row)
            {
                builder.Append(' ').Append(Escape(cell)).Append(" |");
            }

            builder.Append('\n');
        }
    }

    /// <summary>A cell's text with pipes escaped and line breaks flattened, so it stays one cell.</summary>
    public static string Escape(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("|", "\\|", StringComparison.Ordinal)
            .Replace("\r\n", " ", StringComparison.Ordinal)
            .Replace('\n', ' ')
            .Replace('\r', ' ');
}
