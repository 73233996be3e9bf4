using System.Text.Json;

namespace Hospitality.Sim.Cli;

/// <summary>
/// What one shard of a <c>sweep</c> or <c>check</c> ran, written to <c>shards/&lt;command&gt;-K-of-N.json</c> under
/// its output, so <c>hsim report</c> can tell a complete set of shards from one with a shard missing.
/// </summary>
/// <param name="Runs">The sweep's run folders (scenario/seed-N) or the check's seeds, of this shard only.</param>
/// <param name="TotalRuns">Runs across all N shards, the same in every shard's record.</param>
/// <param name="Trials">The check's trial results; none for a sweep.</param>
internal sealed record ShardRecord(string Command, int Number, int Count, int TotalRuns, IReadOnlyList<string> Runs, IReadOnlyList<TrialRecord> Trials)
{
    public const string Folder = "shards";

    /// <summary>Largest shard record read: a check shard of 100,000 trials is about 30 MB.</summary>
    public const long BytesMax = 64L * 1024 * 1024;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public string FileName => $"{Command}-{Number}-of-{Count}.json";

    public string Write(string directory)
    {
        var folder = Path.Combine(directory, Folder);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, FileName);
        File.WriteAllText(path + ".tmp", JsonSerializer.Serialize(this, Json));
        File.Move(path + ".tmp", path, overwrite: true);
        return path;
    }

    /// <exception cref="JsonException">The text is not a shard record.</exception>
    public static ShardRecord FromJson(string json) =>
        JsonSerializer.Deserialize<ShardRecord>(json, Json) ?? throw new JsonException("the file holds no shard record");

    public static string ToJson<T>(T value) => JsonSerializer.Serialize(value, Json);
}
