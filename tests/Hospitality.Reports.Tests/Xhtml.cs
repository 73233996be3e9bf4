using System.Xml;
using System.Xml.Linq;

namespace Hospitality.Reports.Tests;

/// <summary>Reads a written page as XML: every page is XHTML-compatible, so a parse error is a broken page.</summary>
internal static class Xhtml
{
    public static readonly XNamespace Html = "http://www.w3.org/1999/xhtml";

    public static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    public static XDocument Load(string path)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null };
        using var reader = XmlReader.Create(path, settings);
        return XDocument.Load(reader);
    }

    /// <summary>The table row (&lt;tr&gt;) whose text contains <paramref name="text"/>; fails unless exactly one does.</summary>
    public static XElement RowContaining(XDocument page, string text) =>
        Assert.Single(page.Descendants(Html + "tr"), row => row.Value.Contains(text, StringComparison.Ordinal));
}
