using System.Text.Json;

namespace Hospitality.Sync.Node.Workload;

/// <summary>One line of a workload script: <c>{"atMs":1234,"collection":"rooms","id":"101","body":{…}}</c>.</summary>
internal sealed record ScriptedWrite(long AtMs, string Collection, string Id, string Body)
{
    public static ScriptedWrite Parse(string line)
    {
        using var json = JsonDocument.Parse(line);
        var root = json.RootElement;
        return new ScriptedWrite(root.GetProperty("atMs").GetInt64(), root.GetProperty("collection").GetString()!, root.GetProperty("id").GetString()!, root.GetProperty("body").GetRawText());
    }
}
