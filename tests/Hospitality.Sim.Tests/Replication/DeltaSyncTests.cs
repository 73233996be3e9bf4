using Hospitality.Sim.Network;
using Hospitality.Sim.Tests.Network;
using Hospitality.Sim.Workload;
using System.Net;
using Hospitality.Sync.Clock;
using Hospitality.Sync.Ports;
using Hospitality.Sync.Replication;
using Hospitality.Sync.Storage;
using Xunit.Abstractions;

namespace Hospitality.Sim.Tests.Replication;

/// <summary>
/// Delta sync negotiated in the hello: a phone that asks gets live changes as the changed span of
/// each body; one that does not (an older app) gets whole documents from the same server; both
/// converge, and a phone missing a delta's base pulls the document whole.
/// </summary>
public sealed class DeltaSyncTests(ITestOutputHelper output)
{
    private const int ServerPort = 8443;

    [Fact]
    public void Live_room_changes_reach_a_delta_phone_in_a_fifth_fewer_bytes_than_an_old_phone_and_both_converge()
    {
        var run = new ServedPhones();
        run.World.Simulation.RunFor(TimeSpan.FromSeconds(5));
        var received = (run.Received(run.DeltaPhone), run.Received(run.OldPhone));
        for (var i = 0; i < 50; i++)
        {
            var room = run.Dataset.Rooms[i % 25]; // 25 rooms, each cleaned and dirtied again
            run.World.Simulation.At(run.World.Simulation.Now + TimeSpan.FromSeconds(10 * (i + 1)), () => run.Server.Write("rooms", room.Id, run.RoomBody(room, i)));
        }

        run.World.Simulation.RunFor(TimeSpan.FromMinutes(10));
        var delta = run.Received(run.DeltaPhone) - received.Item1;
        var whole = run.Received(run.OldPhone) - received.Item2;
        output.WriteLine($"50 live room changes: delta phone {delta:N0} B received, old phone {whole:N0} B; {run.DeltaReplicator.DeltasApplied} deltas applied");

        Assert.Equal(50, run.DeltaReplicator.DeltasApplied);
        Assert.Equal(0, run.OldReplicator.DeltasApplied);
        Assert.True(delta < whole * 0.8, $"{delta} vs {whole}");
        Assert.Equal(Snapshot(run.Server), Snapshot(run.DeltaReplica));
        Assert.Equal(Snapshot(run.Server), Snapshot(run.OldReplica));
    }

    [Fact]
    public void A_phone_that_wrote_a_document_itself_applies_the_next_change_as_a_delta_on_its_own_version()
    {
        var run = new ServedPhones();
        run.World.Simulation.RunFor(TimeSpan.FromSeconds(5));
        var room = run.Dataset.Rooms[0];
        run.World.Simulation.Spawn("phone-writes", () =>
        {
            run.DeltaReplica.Write("rooms", room.Id, run.RoomBody(room, 1));
            return Task.CompletedTask;
        });
        run.World.Simulation.RunFor(TimeSpan.FromSeconds(5));
        run.World.Simulation.Spawn("cloud-writes", () =>
        {
            run.Server.Write("rooms", room.Id, run.RoomBody(room, 2));
            return Task.CompletedTask;
        });
        run.World.Simulation.RunFor(TimeSpan.FromSeconds(5));

        Assert.Equal(1, run.DeltaReplicator.DeltasApplied);
        Assert.Equal(run.Server.Get("rooms", room.Id), run.DeltaReplica.Get("rooms", room.Id));
    }

    [Fact]
    public void A_phone_missing_a_deltas_base_pulls_the_document_whole_and_converges()
    {
        var run = new ServedPhones();
        run.World.Simulation.RunFor(TimeSpan.FromSeconds(5));
        var room = run.Dataset.Rooms[0];

        // The phone edits the room and a millisecond later, before the phone's push can arrive, so does
        // the cloud: the cloud's newer change comes as a delta on the version the phone just replaced, so
        // the phone cannot apply it, pulls it whole, and LWW settles the two. (Were the phone's edit the
        // newer one, the phone could ignore the older delta without its base.)
        run.World.Simulation.Spawn("phone-writes", () =>
        {
            run.DeltaReplica.Write("rooms", room.Id, run.RoomBody(room, 2));
            return Task.CompletedTask;
        });
        run.World.Simulation.After(TimeSpan.FromMilliseconds(1), () => run.Server.Write("rooms", room.Id, run.RoomBody(room, 1)));
        run.World.Simulation.RunFor(TimeSpan.FromSeconds(10));

        Assert.True(run.DeltaReplicator.DeltasMissed >= 1, $"{run.DeltaReplicator.DeltasMissed} deltas missed");
        Assert.Equal(run.Server.Get("rooms", room.Id), run.DeltaReplica.Get("rooms", room.Id));
        Assert.Equal(Snapshot(run.Server), Snapshot(run.DeltaReplica));
        Assert.Equal(0, run.DeltaReplicator.Failures);
    }

    [Fact]
    public void A_delta_phone_that_read_a_longer_page_than_another_while_both_waited_for_the_server_still_gets_every_change()
    {
        // The server's processor is scripted so that two phones' live streams read the page after the
        // same checkpoint at two moments of the feed: phone A reads [w0] and waits 50 ms; meanwhile x is
        // stored and phone B reads [w0, x], and B's wait ends after A's. The frame A's stream encodes
        // must not pass for B's: B's stream moves past x, so a frame without x loses it for good (the
        // liveness failure of seed 1219770590, large profile: a tablet's checkpoint skipped a room).
        var processor = new ScriptedProcessor();
        var run = new ServedPhones(processor, deltaPhones: 2);
        run.World.Simulation.RunFor(TimeSpan.FromSeconds(5));
        var (a, b) = (run.DeltaPhones[0], run.DeltaPhones[1]);
        processor.Script(a.Host.Address!, TimeSpan.Zero, TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(30));
        processor.Script(b.Host.Address!, TimeSpan.FromMilliseconds(25), TimeSpan.FromMilliseconds(40));
        var rooms = run.Dataset.Rooms;
        var start = run.World.Simulation.Now;
        void WriteAt(int milliseconds, int room) =>
            run.World.Simulation.At(start + TimeSpan.FromMilliseconds(milliseconds), () => run.Server.Write("rooms", rooms[room].Id, run.RoomBody(rooms[room], milliseconds + 1)));
        WriteAt(0, 0);   // w-1: A streams it at once, B waits 25 ms for it
        WriteAt(5, 1);   // w0: A reads [w0] and waits 50 ms
        WriteAt(15, 2);  // x: B, done with w-1 at 25 ms, reads [w0, x] and waits until after A
        WriteAt(200, 3); // a later change that moves B's checkpoint past x if x never came
        run.World.Simulation.RunFor(TimeSpan.FromSeconds(30));

        Assert.True(processor.ScriptedRuns >= 5, $"{processor.ScriptedRuns} scripted waits ran: the interleaving this test needs did not happen");
        foreach (var phone in run.DeltaPhones)
        {
            Assert.Equal(run.Server.Get("rooms", rooms[2].Id), phone.Replica.Get("rooms", rooms[2].Id));
            Assert.Equal(Snapshot(run.Server), Snapshot(phone.Replica));
            Assert.Equal(0, phone.Replicator.Failures);
        }
    }

    private static List<Sync.Documents.Document> Snapshot(Replica replica) =>
        replica.Store.ChangesSince(0, int.MaxValue).Changes.Select(change => change.Document).OrderBy(document => document.Id, StringComparer.Ordinal).ToList();

    /// <summary>A cloud serving a 120-room property to a phone that asks for deltas and one that does not.</summary>
    private sealed class ServedPhones
    {
        public ServedPhones(INodeProcessor? processor = null, int deltaPhones = 1)
        {
            var carrier = World.Network.AddSegment("carrier", SegmentKind.Cellular, LinkProfiles.CarrierCore);
            var cloud = World.Host("cloud", World.Cloud, LinkProfiles.Datacenter);
            Server = new Replica(SqliteDocumentStore.OpenInMemory(), new HybridLogicalClock(cloud.Clock, "cloud"));
            Dataset = new HotelDataset("p1", new WorkloadSpec(), seed: 1, World.Simulation.Clock.GetUtcNow());
            foreach (var (collection, id, body) in Dataset.Documents)
            {
                Server.Write(collection, id, body);
            }

            if (processor is ScriptedProcessor scripted)
            {
                scripted.Time = cloud.Clock;
            }

            var server = new ReplicationServer(Server, cloud.Network, new ReplicationServerOptions { Port = ServerPort, QueuePushesForUpstream = false }, processor);
            cloud.Spawn("replication-server", async _ => await server.StartAsync());
            (DeltaPhone, DeltaReplica, DeltaReplicator) = Phone("phone-delta", carrier, cloud, delta: true);
            DeltaPhones = [(DeltaPhone, DeltaReplica, DeltaReplicator), .. Enumerable.Range(2, deltaPhones - 1).Select(n => Phone($"phone-delta-{n}", carrier, cloud, delta: true))];
            (OldPhone, OldReplica, OldReplicator) = Phone("phone-old", carrier, cloud, delta: false);
        }

        public TestWorld World { get; } = new();

        public Replica Server { get; }

        public HotelDataset Dataset { get; }

        public SimHost DeltaPhone { get; }

        public Replica DeltaReplica { get; }

        public Replicator DeltaReplicator { get; }

        public IReadOnlyList<(SimHost Host, Replica Replica, Replicator Replicator)> DeltaPhones { get; }

        public SimHost OldPhone { get; }

        public Replica OldReplica { get; }

        public Replicator OldReplicator { get; }

        public long Received(SimHost phone) => World.Network.Traffic.Host(phone, TrafficKind.Stream, TrafficDirection.Received).WireBytes;

        public string RoomBody(HotelDataset.RoomState room, int change)
        {
            room.Status = change % 2 == 0 ? "clean" : "dirty";
            return room.Body(null, null);
        }

        private (SimHost, Replica, Replicator) Phone(string name, Segment carrier, SimHost cloud, bool delta)
        {
            var phone = World.Host(name, carrier, LinkProfiles.Cellular4G);
            var replica = new Replica(SqliteDocumentStore.OpenInMemory(), new HybridLogicalClock(phone.Clock, name));
            var replicator = new Replicator(replica, phone.Network, new ReplicatorOptions { Upstream = "cloud", Host = cloud.Address!.ToString(), Port = ServerPort, Delta = delta }, phone.Clock, World.Simulation.Random($"{name}/replicator"));
            phone.Spawn("replicator", async _ => await replicator.StartAsync());
            return (phone, replica, replicator);
        }
    }

    /// <summary>A server processor that spends scripted times on a client's live fan-outs, in order, and none on anything else.</summary>
    private sealed class ScriptedProcessor : INodeProcessor
    {
        private readonly Dictionary<IPAddress, Queue<TimeSpan>> _scripts = [];

        public TimeProvider? Time { get; set; }

        public int ScriptedRuns { get; private set; }

        public void Script(IPAddress client, params TimeSpan[] fanOuts) => _scripts[client] = new Queue<TimeSpan>(fanOuts);

        public ValueTask RunAsync(NodeWork work, CancellationToken cancellationToken)
        {
            if (work.Kind != NodeWorkKind.LiveFanOut || !_scripts.TryGetValue(work.Peer.Address, out var script) || !script.TryDequeue(out var time))
            {
                return ValueTask.CompletedTask;
            }

            ScriptedRuns++;
            return time == TimeSpan.Zero ? ValueTask.CompletedTask : new ValueTask(Time!.Delay(time, cancellationToken));
        }
    }
}
