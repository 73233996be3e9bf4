using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Hospitality.Sync.Clock;
using Hospitality.Sync.Faults;
using Hospitality.Sync.Replication;
using Hospitality.Sync.Storage;

namespace Hospitality.Sync.Tests.Replication;

/// <summary>
/// Push deltas change bytes, never outcomes: the same script of tablet and cloud writes (some at the
/// same instant, so a delta meets a base the cloud no longer holds; a peer forwarding the tablet's write
/// ahead of it, so the cloud holds the pushed version already), lost push acknowledgements and
/// tablet restarts (which forget every base) ends with the same documents and the same conflicts on
/// both sides whether the tablet pushes deltas or whole documents.
/// </summary>
public sealed class PushDeltaEquivalenceTests
{
    private const int Rooms = 3;

    private static readonly string[] Statuses = ["clean", "dirty", "inspected", "occupied"];

    public enum Kind
    {
        TabletWrites,
        CloudWrites,
        BothWriteAtOnce,
        TabletDeletes,
        PeerForwardsTheTabletsWriteFirst,
        NextAcknowledgementLost,
        TabletRestarts,
    }

    public sealed record ScriptStep(Kind Kind, int Room, int Status);

    [Property(MaxTest = 60)]
    public Property Writes_pushes_lost_acknowledgements_and_restarts_end_the_same_with_deltas_as_with_whole_documents() =>
        Prop.ForAll(Scripts().ToArbitrary(), ArbMap.Default.ArbFor<bool>(), (script, propertyScoped) =>
        {
            // A property's connection to the cloud merges a push with a stale delta whole or not at all; an unscoped one merges the rest at once.
            var deltas = Play(script, pushDelta: true, propertyScoped);
            var whole = Play(script, pushDelta: false, propertyScoped);
            return (deltas.Cloud.SequenceEqual(whole.Cloud)
                    && deltas.Tablet.SequenceEqual(whole.Tablet)
                    && deltas.Cloud.SequenceEqual(deltas.Tablet)
                    && deltas.CloudConflicts.SequenceEqual(whole.CloudConflicts)
                    && deltas.Outbox == 0 && whole.Outbox == 0
                    && whole.DeltasPushed == 0)
                .Label($"deltas pushed {deltas.DeltasPushed}, resent {deltas.DeltasResent}; cloud {string.Join(" ", deltas.Cloud)} vs {string.Join(" ", whole.Cloud)}")
                .Classify(deltas.DeltasPushed > 0, "pushed deltas")
                .Classify(deltas.DeltasResent > 0, "resent a delta whole");
        });

    [Fact]
    public void A_script_with_a_stale_base_pushes_deltas_and_resends_one_whole_yet_ends_as_whole_pushes_do()
    {
        ScriptStep[] script =
        [
            new(Kind.TabletWrites, 0, 1),
            new(Kind.TabletWrites, 0, 2),
            new(Kind.BothWriteAtOnce, 0, 0),
            new(Kind.NextAcknowledgementLost, 0, 0),
            new(Kind.TabletWrites, 1, 1),
            new(Kind.TabletRestarts, 0, 0),
            new(Kind.TabletWrites, 1, 2),
            new(Kind.PeerForwardsTheTabletsWriteFirst, 1, 3),
        ];

        var deltas = Play(script, pushDelta: true);
        var whole = Play(script, pushDelta: false);
        var scoped = Play(script, pushDelta: true, scoped: true);

        Assert.Equal(whole.Cloud, scoped.Cloud);
        Assert.Equal(1, scoped.DeltasResent);
        Assert.True(deltas.DeltasPushed >= 4, $"{deltas.DeltasPushed} deltas pushed");
        Assert.Equal(1, deltas.DeltasResent);
        Assert.Equal(whole.Cloud, deltas.Cloud);
        Assert.Equal(deltas.Cloud, deltas.Tablet);
        Assert.Equal(whole.CloudConflicts, deltas.CloudConflicts);
    }

    private static Gen<ScriptStep[]> Scripts()
    {
        var actions = from step in Gen.Frequency(
                          (5, Gen.Constant(Kind.TabletWrites)),
                          (2, Gen.Constant(Kind.CloudWrites)),
                          (2, Gen.Constant(Kind.BothWriteAtOnce)),
                          (1, Gen.Constant(Kind.TabletDeletes)),
                          (1, Gen.Constant(Kind.PeerForwardsTheTabletsWriteFirst)),
                          (1, Gen.Constant(Kind.NextAcknowledgementLost)),
                          (1, Gen.Constant(Kind.TabletRestarts)))
                      from room in Gen.Choose(0, Rooms - 1)
                      from status in Gen.Choose(0, Statuses.Length - 1)
                      select new ScriptStep(step, room, status);
        return Gen.Choose(1, 16).SelectMany(count => Gen.ArrayOf(actions, count));
    }

    private static Outcome Play(IReadOnlyList<ScriptStep> script, bool pushDelta, bool scoped = false)
    {
        var faults = new NamedFaults();
        using var installed = Buggify.Install(faults);
        var world = new ReplicationWorld();
        var cloud = ReplicationWorld.NewReplica(world.Cloud);
        var server = world.Serve(world.Cloud, cloud);
        world.Simulation.Spawn("cloud-rooms", () =>
        {
            for (var room = 0; room < Rooms; room++)
            {
                cloud.Write("rooms", Id(room), Body(room, "available", "cloud"));
            }

            return Task.CompletedTask;
        });
        world.Run(1);

        // The tablet's store outlives a restart; its replica, its clock and every base in memory do not.
        var store = SqliteDocumentStore.OpenInMemory();
        var tablet = new Replica(store, new HybridLogicalClock(world.Tablet.Clock, world.Tablet.Name));
        var replicator = world.Replicate(world.Tablet, tablet, world.Cloud, Options);
        long deltasPushed = 0, deltasResent = 0;
        world.Run(2);
        foreach (var action in script)
        {
            var (id, status) = (Id(action.Room), Statuses[action.Status]);
            var writer = tablet;
            switch (action.Kind)
            {
                case Kind.TabletWrites:
                    world.Simulation.Spawn("tablet-writes", () => Done(writer.Write("rooms", id, Body(action.Room, status, "tablet"))));
                    break;
                case Kind.CloudWrites:
                    world.Simulation.Spawn("cloud-writes", () => Done(cloud.Write("rooms", id, Body(action.Room, status, "cloud"))));
                    break;
                case Kind.BothWriteAtOnce:
                    world.Simulation.Spawn("tablet-writes", () => Done(writer.Write("rooms", id, Body(action.Room, status, "tablet"))));
                    world.Simulation.Spawn("cloud-writes", () => Done(cloud.Write("rooms", id, Body(action.Room, Statuses[(action.Status + 1) % Statuses.Length], "cloud"))));
                    break;
                case Kind.PeerForwardsTheTabletsWriteFirst:
                    // A peer's outbox forwards the tablet's write, and it reaches the cloud before the tablet's own push.
                    world.Simulation.Spawn("tablet-writes", () => Done(cloud.Merge([writer.Write("rooms", id, Body(action.Room, status, "tablet")).Document])));
                    break;
                case Kind.TabletDeletes:
                    world.Simulation.Spawn("tablet-deletes", () => Done(writer.Delete("rooms", id)));
                    break;
                case Kind.NextAcknowledgementLost:
                    faults.Fire("replicator.push.response-lost");
                    world.Simulation.Spawn("tablet-writes", () => Done(writer.Write("rooms", id, Body(action.Room, status, "tablet"))));
                    break;
                case Kind.TabletRestarts:
                    var stopped = replicator;
                    deltasPushed += stopped.DeltasPushed;
                    deltasResent += stopped.DeltasResent;
                    world.Tablet.Spawn("tablet-stops", async _ => await stopped.StopAsync());
                    world.Run(0.5);
                    tablet = new Replica(store, new HybridLogicalClock(world.Tablet.Clock, world.Tablet.Name));
                    replicator = world.Replicate(world.Tablet, tablet, world.Cloud, Options);
                    break;
            }

            world.Run(3);
        }

        ReplicatorOptions Options(ReplicatorOptions options) => options with { PushDelta = pushDelta, Property = scoped ? "p1" : null };

        // Long enough for a session cut by a lost acknowledgement to come back and push again.
        world.Run(60);
        return new Outcome(
            Snapshot(cloud),
            Snapshot(tablet),
            [.. cloud.Store.RecentConflicts(1_000).Select(record => (record.Id, record.WinnerStamp, record.LoserStamp)).Order()],
            tablet.OutboxCount,
            deltasPushed + replicator.DeltasPushed,
            deltasResent + replicator.DeltasResent);
    }

    private static Task Done(object _) => Task.CompletedTask;

    private static string Id(int room) => $"room-{room}";

    // Long enough that a status change is worth a delta (the fields around it are kept).
    private static string Body(int room, string status, string by) =>
        $$"""{"id":"room-{{room}}","number":"10{{room}}","floor":1,"type":"deluxe-king","status":"{{status}}","maxOccupancy":2,"features":["sea-view","balcony","minibar"],"updatedBy":"{{by}}"}""";

    private static string[] Snapshot(Replica replica) =>
        [.. replica.ChangesSince(0, 1_000).Changes.Select(change => change.Document).Select(document => $"{document.Id}@{document.Stamp}{(document.Deleted ? " deleted" : "")}:{document.BodyJson}").Order(StringComparer.Ordinal)];

    private sealed record Outcome(string[] Cloud, string[] Tablet, (string Id, HlcTimestamp Winner, HlcTimestamp Loser)[] CloudConflicts, int Outbox, long DeltasPushed, long DeltasResent);
}
