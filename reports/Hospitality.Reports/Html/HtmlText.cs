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
        for (var index = 0; index < text.Length; index++)
        {
            var character = text[index];
            if (char.IsHighSurrogate(character) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]))
            {
                builder.Append(character).Append(text[index + 1]);
                index++;
                continue;
            }

            switch (character)
            {
                case '&': builder.Append("&amp;"); break;
                case '<': builder.Append("&lt;"); break;
                case '>': builder.Append("&gt;"); break;
                case '"': builder.Append("&quot;"); break;
                case '\'': builder.Append("&#39;"); break;
                case '\t' or '\n' or '\r': builder.Append(character); break;
                case < ' ' or '\uFFFE' or '\uFFFF' or (>= '\uD800' and <= '\uDFFF'): builder.Append('\uFFFD'); break;
                default: builder.Append(character); break;
            }
        }

        return builder.ToString();
    }
}
