using System.CommandLine;

namespace Hospitality.Sim.Cli;

/// <summary><c>--shard K/N</c> and <c>--shards N</c>, the same on <c>sweep</c> and <c>check</c>.</summary>
internal sealed class ShardOptions
{
    public Option<string?> Shard { get; } = new("--shard")
    {
        Description = "Run only shard K of N (e.g. 2/4): the runs at positions K, K+N, K+2N, ... of the full list. Write each shard to its own --out (or one shared one); hsim report merges them.",
    };

    public Option<int?> Shards { get; } = new("--shards")
    {
        Description = $"Split into N shards and run the one a Kubernetes Indexed Job names in {Cli.Shard.CompletionIndexVariable} (index 0 is shard 1/N).",
    };

    public Shard? Resolve(ParseResult parse, string command) =>
        Cli.Shard.Choose(parse.GetValue(Shard), parse.GetValue(Shards), Environment.GetEnvironmentVariable(Cli.Shard.CompletionIndexVariable), command, Console.Error);
}
