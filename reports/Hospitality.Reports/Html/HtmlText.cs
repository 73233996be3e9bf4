using System.Text;

namespace Hospitality.Reports.Html;

/// <summary>
/// Text made safe for HTML that is also well-formed XML (XHTML): the five XML escapes, and characters XML
/// cannot hold (control characters) replaced, so a report parses with any XML reader.
/// </summary>
public static class HtmlText
{
    public static string Encode(string text)
    {
        var builder = new StringBuilder(text.Length + 16);
        foreach (var character in text)
        {
            switch (character)
            {
                case '&': builder.Append("&amp;"); break;
                case '<': builder.Append("&lt;"); break;
                case '>': builder.Append("&gt;"); break;
                case '"': builder.Append("&quot;"); break;
                case '\'': builder.Append("&#39;"); break;
                case '\t' or '\n' or '\r': builder.Append(character); break;
                case < ' ' or '\uFFFE' or '\uFFFF': builder.Append('\uFFFD'); break;
                default: builder.Append(character); break;
            }
        }

        return builder.ToString();
    }
}
