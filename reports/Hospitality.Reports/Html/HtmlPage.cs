using System.Text;

namespace Hospitality.Reports.Html;

/// <summary>
/// The shell of every page: XHTML-compatible (well-formed XML, void elements closed) so it parses with
/// an XML reader, one inline stylesheet, no scripts and no external assets.
/// </summary>
public static class HtmlPage
{
    public static string Render(string title, string bodyHtml)
    {
        var html = new StringBuilder(bodyHtml.Length + Stylesheet.Css.Length + 512);
        html.Append("<!DOCTYPE html>\n");
        html.Append("<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n");
        html.Append("<meta charset=\"utf-8\" />\n");
        html.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n");
        html.Append("<title>").Append(HtmlText.Encode(title)).Append("</title>\n");
        html.Append("<style>\n").Append(Stylesheet.Css).Append("\n</style>\n");
        html.Append("</head>\n<body>\n<div class=\"page\">\n");
        html.Append(bodyHtml);
        html.Append("<footer>Hospitality.Sim</footer>\n");
        html.Append("</div>\n</body>\n</html>\n");
        return html.ToString();
    }
}
