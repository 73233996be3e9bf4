using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Hospitality.Sync.Clock;
using Hospitality.Sync.Documents;
using Hospitality.Sync.PeerSync;
using Hospitality.Sync.Replication;
using Hospitality.Sync.Storage;

namespace Hospitality.Sync.Tests.Peers;

/// <summary>
/// P2P deltas change bytes, never outcomes: three tablets of a mesh running the same script of writes (some
/// at the same instant, so a delta meets a version its receiver beat or has not got yet) and forgotten
/// versions (a tablet's room set back to an older version, so a later delta misses its base), then one
/// more write of every room, end with the same documents on every tablet, whether they flood deltas or
/// whole documents. (Before that last round a tablet that pulled after a miss may hold more than whole
/// floods gave it: the pull heals every room it forgot.)
/// </summary>
public sealed class PeerDeltaEquivalenceTests
{
    private const int Tablets = 3;
    private const int Rooms = 3;

    private static readonly string[] Statuses = ["clean", "dirty", "inspected", "occupied"];

    public enum Kind
    {
        Writes,
        WritesDeleting,
        Waits,
        ForgetsTheLatestVersion,
    }

    public sealed record ScriptStep(Kind Kind, int Tablet, int Room, int Status);

    [Property(MaxTest = 100)]
    public Property Writes_and_forgotten_versions_end_the_same_on_every_tablet_with_deltas_as_with_whole_documents() =>
        Prop.ForAll(Scripts().ToArbitrary(), script =>
        {
            var deltas = Play(script, deltas: true);
            var whole = Play(script, deltas: false);
            return (deltas.Final.All(state => state.SequenceEqual(deltas.Final[0]))
                    && whole.Final.All(state => state.SequenceEqual(whole.Final[0]))
                    && deltas.Final[0].SequenceEqual(whole.Final[0])
                    && whole.DeltasSent == 0)
                .Label($"deltas sent {deltas.DeltasSent}, missed {deltas.DeltasMissed}; with deltas {Show(deltas.Final)}; whole {Show(whole.Final)}")
                .Classify(deltas.DeltasSent > 0, "sent deltas")
                .Classify(deltas.DeltasMissed > 0, "missed a base and pulled");
        });

    [Fact]
    public void A_tablet_that_forgot_a_version_misses_the_next_delta_and_pulls_the_room_back()
    {
        ScriptStep[] script =
        [
            new(Kind.Writes, 0, 0, 0),
            new(Kind.Waits, 0, 0, 3),
            new(Kind.Writes, 0, 0, 1),
            new(Kind.Waits, 0, 0, 3),
            new(Kind.ForgetsTheLatestVersion, 2, 0, 0),
            new(Kind.Writes, 1, 0, 2),
        ];

        var deltas = Play(script, deltas: true);
        var whole = Play(script, deltas: false);

        Assert.True(deltas.DeltasMissed >= 1, $"missed {deltas.DeltasMissed}");
        Assert.All(deltas.AfterScript, state => Assert.Equal(whole.AfterScript[0], state));
        Assert.All(whole.AfterScript, state => Assert.Equal(whole.AfterScript[0], state));
    }

    private static Gen<ScriptStep[]> Scripts()
    {
        var steps = from kind in Gen.Frequency(
                        (6, Gen.Constant(Kind.Writes)),
                        (1, Gen.Constant(Kind.WritesDeleting)),
                        (4, Gen.Constant(Kind.Waits)),
                        (1, Gen.Constant(Kind.ForgetsTheLatestVersion)))
                    from tablet in Gen.Choose(0, Tablets - 1)
                    from room in Gen.Choose(0, Rooms - 1)
                    from status in Gen.Choose(0, Statuses.Length - 1)
                    select new ScriptStep(kind, tablet, room, status);
        return Gen.Choose(1, 20).SelectMany(count => Gen.ArrayOf(steps, count));
    }

    private static Outcome Play(IReadOnlyList<ScriptStep> script, bool deltas)
    {
        var world = new PeerWorld(seed: 8);
        var tablets = Enumerable.Range(1, Tablets).Select(number =>
        {
            var name = $"tablet-{number}";
            var replica = new Replica(SqliteDocumentStore.OpenInMemory(), new HybridLogicalClock(world.Simulation.Clock, name));
            return (Replica: replica, P2P: new PeerReplication(replica, world.Start(name), new PeerReplicationOptions { Deltas = deltas }));
        }).ToList();
        Assert.True(world.RunUntil(() => world.Peers.Values.All(peer => peer.Peers.Count == Tablets - 1), 60), "the mesh did not form");

        // Every version written of each room, oldest first: what a forgetting tablet falls back to.
        var written = Enumerable.Range(0, Rooms).Select(_ => new List<Document>()).ToList();
        foreach (var step in script)
        {
            var (replica, _) = tablets[step.Tablet];
            var id = $"{100 + step.Room}";
            switch (step.Kind)
            {
                case Kind.Writes:
                    written[step.Room].Add(replica.Write("rooms", id, Room(100 + step.Room, Statuses[step.Status])).Document);
                    break;
                case Kind.WritesDeleting:
                    written[step.Room].Add(replica.Delete("rooms", id).Document);
                    break;
                case Kind.Waits:
                    world.Settle(0.001 + (0.004 * step.Status));
                    break;
                case Kind.ForgetsTheLatestVersion:
                    var held = replica.Get("rooms", id);
                    if (written[step.Room].LastOrDefault(version => version.Stamp < held?.Stamp) is { } older)
                    {
                        replica.Store.Put(older, queueForUpstream: false);
                    }

                    break;
            }
        }

        world.Settle(5);
        var afterScript = States(tablets.Select(tablet => tablet.Replica));
        for (var room = 0; room < Rooms; room++)
        {
            tablets[room % Tablets].Replica.Write("rooms", $"{100 + room}", Room(100 + room, Statuses[room % Statuses.Length]));
            world.Settle(0.5);
        }

        world.Settle(5);
        var outcome = new Outcome(
            afterScript,
            States(tablets.Select(tablet => tablet.Replica)),
            tablets.Sum(tablet => tablet.P2P.DeltasSent),
            tablets.Sum(tablet => tablet.P2P.DeltasMissed));
        tablets.ForEach(tablet => tablet.P2P.Dispose());
        return outcome;
    }

    private static List<List<string>> States(IEnumerable<Replica> tablets) =>
        [.. tablets.Select(replica => Enumerable.Range(0, Rooms).Select(room => Describe(replica.Get("rooms", $"{100 + room}"))).ToList())];

    private static string Show(List<List<string>> states) => string.Join(" | ", states.Select(state => string.Join(" ", state)));

    private static string Describe(Document? document) =>
        document is null ? "-" : $"{document.OriginNode}:{(document.Deleted ? "deleted" : document.BodyJson[^12..])}";

    private static string Room(int number, string status) =>
        $$"""{"id":"{{number}}","number":"{{number}}","floor":2,"building":"Garden wing","type":"king-suite","features":["bathtub","terrace"],"status":"{{status}}"}""";

    private sealed record Outcome(List<List<string>> AfterScript, List<List<string>> Final, long DeltasSent, long DeltasMissed);
}
