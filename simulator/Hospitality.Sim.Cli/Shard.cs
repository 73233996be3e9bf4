using System.Globalization;

namespace Hospitality.Sim.Cli;

/// <summary>
/// One of N disjoint parts of a sweep or a check, so it spreads over a CI matrix or a Kubernetes
/// Indexed Job: shard K of N takes the runs at positions K-1, K-1+N, K-1+2N, ... of the full,
/// ordered list, so every run lands in exactly one shard and neighbouring (similar) runs spread out.
/// </summary>
internal sealed record Shard(int Number, int Count)
{
    /// <summary>Most shards a run list is cut into: far more than any CI matrix or Job (Kubernetes allows 100,000 completions).</summary>
    public const int CountMax = 100_000;

    /// <summary>The environment variable a Kubernetes Indexed Job sets in each pod: its index, 0 to completions-1.</summary>
    public const string CompletionIndexVariable = "JOB_COMPLETION_INDEX";

    public static readonly Shard Whole = new(1, 1);

    /// <summary>The file name a shard's record of its runs takes, e.g. shard-2-of-4.json.</summary>
    public string FileName => string.Create(CultureInfo.InvariantCulture, $"shard-{Number}-of-{Count}.json");

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Number}/{Count}");

    public IReadOnlyList<T> Take<T>(IReadOnlyList<T> all) => all.Where((_, position) => position % Count == Number - 1).ToList();

    /// <summary>
    /// The shard from <c>--shard K/N</c>, or from <c>--shards N</c> and <see cref="CompletionIndexVariable"/>
    /// (index i is shard i+1), or <see cref="Whole"/> when neither is given.
    /// </summary>
    /// <returns>The shard, or null after writing why the options cannot be used.</returns>
    public static Shard? Choose(string? shard, int? shards, string? completionIndex, string command, TextWriter errors)
    {
        if (shard is not null && shards is not null)
        {
            errors.WriteLine($"hsim {command}: give --shard K/N or --shards N (with {CompletionIndexVariable} set), not both.");
            return null;
        }

        if (shard is not null)
        {
            var parts = shard.Split('/');
            if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var count)
                && count is >= 1 and <= CountMax && number >= 1 && number <= count)
            {
                return new Shard(number, count);
            }

            errors.WriteLine($"hsim {command}: --shard '{shard}' must be K/N with 1 <= K <= N <= {CountMax}, e.g. 2/4.");
            return null;
        }

        if (shards is null)
        {
            return Whole;
        }

        if (shards is < 1 or > CountMax)
        {
            errors.WriteLine($"hsim {command}: --shards must be 1 to {CountMax}, not {shards}.");
            return null;
        }

        if (!int.TryParse(completionIndex, NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index >= shards)
        {
            errors.WriteLine(completionIndex is null
                ? $"hsim {command}: --shards {shards} takes this shard's index from {CompletionIndexVariable}, which is not set; outside a Kubernetes Indexed Job give --shard K/N."
                : $"hsim {command}: {CompletionIndexVariable}='{completionIndex}' must be a whole number from 0 to {shards - 1} for --shards {shards}.");
            return null;
        }

        return new Shard(index + 1, shards.Value);
    }
}
