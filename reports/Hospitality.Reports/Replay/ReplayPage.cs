using System.Reflection;
using System.Text;
using Hospitality.Reports.Html;

namespace Hospitality.Reports.Replay;

/// <summary>
/// replay.html: one self-contained page (its data, script and stylesheet inline; no network, so it
/// opens from disk) with the topology, a timeline with the faults and a scrubber over the frames.
/// </summary>
public static class ReplayPage
{
    public const string FileName = "replay.html";

    private static readonly string Script = Resource("replay.js");

    private static readonly string Css = Resource("replay.css");

    public static string Render(ReplayData data)
    {
        ArgumentNullException.ThrowIfNull(data);

        // The serializer escapes '<', '>' and '&', so nothing in the data can close the script element.
        var json = data.ToJson();
        var html = new StringBuilder(json.Length + Script.Length + Css.Length + 4096);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\" />\n");
        html.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n");
        html.Append("<title>Replay: ").Append(HtmlText.Encode(data.Scenario)).Append("</title>\n");
        html.Append("<style>\n").Append(Css).Append("</style>\n</head>\n<body>\n");
        html.Append("""
            <header>
            <h1 id="title"></h1>
            <div class="meta" id="meta"></div>
            </header>
            <main>
            <div class="panel">
            <div id="controls"><button id="play" type="button">Play</button><input id="scrubber" type="range" min="0" max="0" value="0" aria-label="frame" /><span id="time"></span></div>
            <svg id="timeline" role="img" aria-label="timeline with faults"></svg>
            <div id="faults-now"></div>
            </div>
            <div class="panel"><div id="summary"></div><div class="legend" id="legend"></div>
            <svg id="topology" role="img" aria-label="topology"></svg></div>
            <div class="columns">
            <div class="panel"><label>Hosts <input id="filter" type="search" placeholder="filter by name or kind" /></label>
            <div class="scroll"><table id="hosts"><thead><tr><th>host</th><th>kind</th><th>segment</th><th>state</th><th>syncing via</th><th>outbox</th><th>clock offset</th></tr></thead><tbody id="host-rows"></tbody></table></div></div>
            <div class="panel">Busiest sync flows since the previous frame
            <table id="flows-table"><thead><tr><th>from</th><th>to</th><th>bytes</th></tr></thead><tbody id="flow-rows"></tbody></table></div>
            </div>
            </main>

            """);
        html.Append("<script id=\"replay-data\" type=\"application/json\">").Append(json).Append("</script>\n");
        html.Append("<script>\n").Append(Script).Append("</script>\n</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>Writes replay.html into <paramref name="directory"/> and returns its full path.</summary>
    public static string Write(ReplayData data, string directory)
    {
        Directory.CreateDirectory(directory);
        var path = Path.GetFullPath(Path.Combine(directory, FileName));
        AtomicFile.WriteAllText(path, Render(data));
        return path;
    }

    private static string Resource(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The replay's {name} is not embedded in {Assembly.GetExecutingAssembly().GetName().Name}.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
