using System.Text;

namespace Hospitality.Reports.Markdown;

/// <summary>A GitHub-flavoured Markdown table: a header row, an alignment row, cells escaped.</summary>
public sealed class MarkdownTable
{
    private readonly IReadOnlyList<(string Header, bool AlignRight)> _columns;
    private readonly List<string[]> _rows = [];

    public MarkdownTable(params (string Header, bool AlignRight)[] columns)
    {
        if (columns.Length == 0)
        {
            throw new ArgumentException("a table needs at least one column", nameof(columns));
        }

        this._columns = columns;
    }

    public MarkdownTable Row(params string[] cells)
    {
        if (cells.Length != _columns.Count)
        {
            throw new ArgumentException($"a row of this table has {_columns.Count} cells, not {cells.Length}", nameof(cells));
        }

        _rows.Add(cells);
        return this;
    }

    public void WriteTo(StringBuilder builder)
    {
        builder.Append('|');
        foreach (var (header, _) in _columns)
        {
            builder.Append(' ').Append(Escape(header)).Append(" |");
        }

        builder.Append('\n').Append('|');
        foreach (var (_, alignRight) in _columns)
        {
            builder.Append(alignRight ? "---:|" : "---|");
        }

        builder.Append('\n');
        foreach (var row in _rows)
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
