using System.Diagnostics;
using System.Text.Json;
using Hospitality.Sync.Clock;
using Hospitality.Sync.Conflicts;
using Hospitality.Sync.Documents;
using Hospitality.Sync.Replication.Protocol;
using Xunit.Abstractions;

namespace Hospitality.Sync.Interop.Tests;

/// <summary>
/// The browser's side of <see cref="ChromiumMeshTests"/>, js/mesh-client.js, checked against the
/// engine on many versions at once: frames our <see cref="ProtocolCodec"/> encodes decode there to the
/// same body text, stamp, tombstone and origin, and of two versions of one document the page keeps the
/// one <see cref="LwwResolver"/> keeps, ties included (equal stamps, node ids that differ in case or
/// outside ASCII, bodies that differ only in escapes). Seeded: a failure names its seed.
/// </summary>
public sealed class MeshClientOrderTests(ITestOutputHelper output) : IClassFixture<NodeMissingNotice>
{
    private const int Pairs = 3000;

    private static readonly string[] Nodes = ["tablet-a", "tablet-b", "Tablet-a", "tablet-é", "tablet-\U0001F600", "tablet-ａ", "g"];

    // Bodies that tie on everything else: same content spelled differently, unicode raw and escaped, nesting with a "body" key.
    private static readonly string[] Bodies =
    [
        """{"id":"r-1","status":"clean"}""",
        """{"id":"r-1","status":"dirty"}""",
        """{"id":"r-1","status":"caf\u00e9"}""",
        """{"id":"r-1","status":"café"}""",
        """{"id":"r-1","n":1.0}""",
        """{"id":"r-1","n":1}""",
        """{"id":"r-1", "notes":"a \"quoted\" \\ line\n","x":[1,{"body":{"deep":[true,null]}}]}""",
        """{"id":"r-1","emoji":"\uD83D\uDE00"}""",
        "{}",
    ];

    [SkippableFact]
    public async Task The_page_client_reads_our_frames_byte_for_byte_and_keeps_the_version_LwwResolver_keeps()
    {
        NodeRuntime.SkipTestIfMissing();
        const int seed = 14;
        var random = new Random(seed);
        var pairs = Enumerable.Range(0, Pairs).Select(_ => (First: Version(random), Second: Version(random))).ToList();
        var frames = pairs.Select(pair => Convert.ToBase64String(ProtocolCodec.Encode(new ChangeEvent(0, [pair.First, pair.Second], 0)))).ToList();

        var started = Stopwatch.StartNew();
        var results = await CheckAsync(JsonSerializer.Serialize(frames));
        output.WriteLine($"{Pairs} pairs (seed {seed}) decoded and ranked by mesh-client.js in {started.ElapsedMilliseconds} ms");

        Assert.Equal(Pairs, results.GetArrayLength());
        var ties = 0;
        for (var i = 0; i < Pairs; i++)
        {
            var (first, second) = pairs[i];
            var result = results[i];
            Assert.False(result.TryGetProperty("error", out var error), $"pair {i} (seed {seed}): the page client refused our frame: {error}");
            var versions = result.GetProperty("versions");
            Assert.Equal(Described(first), Described(versions[0]));
            Assert.Equal(Described(second), Described(versions[1]));
            var engineKeepsSecond = LwwResolver.Resolve(first, second).IncomingWins;
            Assert.True(engineKeepsSecond == result.GetProperty("keepsSecond").GetBoolean(), $"pair {i} (seed {seed}): LwwResolver keeps the {(engineKeepsSecond ? "second" : "first")} of {Described(first)} and {Described(second)}, the page client the other");
            ties += first.Stamp == second.Stamp ? 1 : 0;
        }

        output.WriteLine($"{ties} pairs had equal stamps (decided by body, tombstone, origin)");
        Assert.True(ties > Pairs / 50, $"only {ties} ties: the generator no longer exercises the tie-break");
    }

    private static Document Version(Random random)
    {
        var stamp = new HlcTimestamp(1_767_225_600_000 + random.Next(2), random.Next(3) switch { 0 => 0, 1 => 1, _ => HlcTimestamp.MaxCounter }, Nodes[random.Next(Nodes.Length)]);
        return new Document("rooms", "r-1", Bodies[random.Next(Bodies.Length)], stamp, random.Next(4) == 0, Nodes[random.Next(Nodes.Length)]);
    }

    private static string Described(Document version) => $"{version.BodyJson} @{version.Stamp} deleted={version.Deleted} origin={version.OriginNode}";

    private static string Described(JsonElement version) =>
        $"{version.GetProperty("body").GetString()} @{version.GetProperty("stamp").GetString()} deleted={version.GetProperty("deleted").GetBoolean()} origin={version.GetProperty("origin").GetString()}";

    private static async Task<JsonElement> CheckAsync(string frames)
    {
        using var node = JsPeers.Start("mesh-client-check.mjs");
        var reading = node.StandardOutput.ReadToEndAsync();
        var errors = node.StandardError.ReadToEndAsync();
        await node.StandardInput.WriteAsync(frames);
        node.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await node.WaitForExitAsync(timeout.Token);
        Assert.True(node.ExitCode == 0, $"mesh-client-check.mjs exited {node.ExitCode}:\n{await errors}");
        return JsonDocument.Parse(await reading).RootElement.Clone();
    }
}
