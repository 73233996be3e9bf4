using System.Text;

namespace Hospitality.Reports.Html;

/// <summary>A table whose cells are already HTML; numeric columns are right-aligned with tabular figures.</summary>
public sealed class HtmlTable
{
    private readonly IReadOnlyList<(string Header, bool Numeric)> _columns;
    private readonly List<(string[] Cells, string? RowClass)> _rows = [];

    public HtmlTable(params (string Header, bool Numeric)[] columns)
    {
        if (columns.Length == 0)
        {
            throw new ArgumentException("a table needs at least one column", nameof(columns));
        }

        this._columns = columns;
    }

    /// <summary>Adds a row of HTML cells (encode text with <see cref="HtmlText.Encode"/> first).</summary>
    public HtmlTable Row(params string[] cellsHtml) => RowWithClass(null, cellsHtml);

    public HtmlTable RowWithClass(string? rowClass, params string[] cellsHtml)
    {
        if (cellsHtml.Length != _columns.Count)
        {
            throw new ArgumentException($"a row of this table has {_columns.Count} cells, not {cellsHtml.Length}", nameof(cellsHtml));
        }

        _rows.Add((cellsHtml, rowClass));
        return this;
    }

    public void WriteTo(StringBuilder html, string? tableClass = null)
    {
        html.Append("<div class=\"table-wrap\"><table");
        if (tableClass is not null)
        {
            html.Append(" class=\"").Append(HtmlText.Encode(tableClass)).Append('"');
        }

        html.Append(">\n<thead><tr>");
        foreach (var (header, numeric) in _columns)
        {
            html.Append(numeric ? "<th class=\"num\">" : "<th>").Append(HtmlText.Encode(header)).Append("</th>");
        }

        html.Append("</tr></thead>\n<tbody>\n");
        foreach (var (cells, rowClass) in _rows)
        {
            html.Append(rowClass is null ? "<tr>" : $"<tr class=\"{HtmlText.Encode(rowClass)}\">");
            for (var index = 0; index < cells.Length; index++)
            {
                html.Append(_columns[index].Numeric ? "<td class=\"num\">" : "<td>").Append(cells[index]).Append("</td>");
            }

            html.Append("</tr>\n");
        }

        html.Append("</tbody>\n</table></div>\n");
    }
}
