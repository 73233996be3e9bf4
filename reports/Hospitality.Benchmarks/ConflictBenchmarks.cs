using BenchmarkDotNet.Attributes;
using Hospitality.Sync.Clock;
using Hospitality.Sync.Conflicts;
using Hospitality.Sync.Documents;

namespace Hospitality.Benchmarks;

/// <summary>
/// Last-write-wins merges: <see cref="LwwResolver.Resolve"/> over pre-generated pairs of versions of
/// one document (what this replica holds, what arrived). One operation is one resolution, so Mean
/// is time per merge and Allocated what one merge allocates (its <see cref="LwwResolution"/>).
/// </summary>
/// <remarks>
/// The pairs mix what a hotel produces, in a shuffled order so the branch predictor cannot learn
/// it: 60 % differ in wall time, 25 % share the millisecond and differ in counter, 10 % share wall
/// time and counter and are decided by node id, and 5 % are the same version delivered twice (a
/// retried push), compared down to its last field. Half the time the incoming version wins. The
/// incoming side's strings are copies, as if decoded from the wire, so no comparison is won by
/// reference equality.
/// </remarks>
[MemoryDiagnoser]
[ShortRunJob]
public class ConflictBenchmarks
{
    private const int Pairs = 4096;

    private static readonly string[] Nodes = ["greengrass", "tablet-front-desk", "tablet-housekeeping-1", "tablet-housekeeping-2", "cloud"];

    private Document[] _current = null!;
    private Document[] _incoming = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _current = new Document[Pairs];
        _incoming = new Document[Pairs];
        var reasons = new int[Enum.GetValues<LwwReason>().Length];
        for (var i = 0; i < Pairs; i++)
        {
            var index = random.Next(1000);
            var (collection, id, body) = HotelBodies.Mixed(index, version: 0);
            var (_, _, otherBody) = HotelBodies.Mixed(index, version: 1 + random.Next(4));
            var wall = HotelBodies.Epoch + random.Next(86_400_000);
            var counter = random.Next(4);
            var node = Nodes[random.Next(Nodes.Length)];
            var roll = random.Next(100);
            var (newerWall, newerCounter, newerNode) = roll switch
            {
                < 60 => (wall + 1 + random.Next(60_000), random.Next(4), Nodes[random.Next(Nodes.Length)]),
                < 85 => (wall, counter + 1 + random.Next(3), Nodes[random.Next(Nodes.Length)]),
                < 95 => (wall, counter, OtherNode(node, random)),
                _ => (wall, counter, node),
            };

            var older = new Document(collection, id, body, new HlcTimestamp(wall, counter, node), Deleted: false, node);
            var newer = roll < 95
                ? new Document(collection, id, otherBody, new HlcTimestamp(newerWall, newerCounter, newerNode), Deleted: false, newerNode)
                : older;
            var (current, incoming) = random.Next(2) == 0 ? (older, newer) : (newer, older);
            _current[i] = current;
            _incoming[i] = Copy(incoming);
            reasons[(int)LwwResolver.Resolve(_current[i], _incoming[i]).Reason]++;
        }

        if (reasons[(int)LwwReason.Identical] == 0 || reasons[(int)LwwReason.NodeIdTieBreak] == 0 || reasons[(int)LwwReason.EqualStampTieBreak] != 0)
        {
            throw new InvalidOperationException("The generated pairs do not have the intended mix of reasons.");
        }
    }

    [Benchmark(OperationsPerInvoke = Pairs)]
    public int Resolve_realistic_mix()
    {
        var incomingWins = 0;
        var current = _current;
        var incoming = _incoming;
        for (var i = 0; i < current.Length; i++)
        {
            if (LwwResolver.Resolve(current[i], incoming[i]).IncomingWins)
            {
                incomingWins++;
            }
        }

        return incomingWins;
    }

    private static string OtherNode(string node, Random random)
    {
        var other = Nodes[random.Next(Nodes.Length - 1)];
        return other == node ? Nodes[^1] : other;
    }

    // A version decoded from the wire shares no string instance with what the store returned.
    private static Document Copy(Document document) => new(
        new string(document.Collection.AsSpan()),
        new string(document.Id.AsSpan()),
        new string(document.BodyJson.AsSpan()),
        new HlcTimestamp(document.Stamp.WallMilliseconds, document.Stamp.Counter, new string(document.Stamp.NodeId.AsSpan())),
        document.Deleted,
        new string(document.OriginNode.AsSpan()));
}
