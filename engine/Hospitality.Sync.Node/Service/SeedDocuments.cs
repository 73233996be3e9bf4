using System.Text.Json;
using Hospitality.Sync.Replication;

namespace Hospitality.Sync.Node.Service;

/// <summary>Documents a node writes when it starts empty: JSON lines of <c>{"collection":…,"id":…,"body":{…}}</c>.</summary>
internal static class SeedDocuments
{
    public static int Write(Replica replica, string path)
    {
        var written = 0;
        foreach (var line in File.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            replica.Write(root.GetProperty("collection").GetString()!, root.GetProperty("id").GetString()!, root.GetProperty("body").GetRawText());
            written++;
        }

        return written;
    }
}
