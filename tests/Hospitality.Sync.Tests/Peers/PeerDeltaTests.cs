using Hospitality.Sim.Kernel;
using Hospitality.Sync.Clock;
using Hospitality.Sync.Documents;
using Hospitality.Sync.PeerSync;
using Hospitality.Sync.Replication;
using Hospitality.Sync.Replication.Deltas;
using Hospitality.Sync.Replication.Protocol;
using Hospitality.Sync.Storage;

namespace Hospitality.Sync.Tests.Peers;

/// <summary>
/// A flooded version crosses a P2P link as the span that changed, to a peer that asked for deltas in its
/// pull; a peer that cannot rebuild it pulls the sender's feed again, and one that holds it or better does not.
/// </summary>
public sealed class PeerDeltaTests
{
    private readonly Simulation _simulation = new(seed: 17);
    private readonly ScriptedMesh _mesh = new("tablet-2", "tablet-3");
    private readonly HybridLogicalClock _peerClock;
    private readonly Replica _replica;

    public PeerDeltaTests()
    {
        _peerClock = new HybridLogicalClock(_simulation.Clock, "tablet-2");
        _replica = new Replica(SqliteDocumentStore.OpenInMemory(), new HybridLogicalClock(_simulation.Clock, "tablet-1"));
    }

    [Fact]
    public void A_changed_room_goes_as_a_delta_to_a_peer_that_asked_and_whole_to_one_that_did_not()
    {
        using var p2p = new PeerReplication(_replica, _mesh);
        Assert.All(_mesh.Sent, sent => Assert.True(((PullRequest)sent.Message).Delta));
        _mesh.Receive("tablet-2", new PullRequest(1, 0, 50, Delta: true));
        _mesh.Receive("tablet-3", new PullRequest(1, 0, 50));

        _replica.Write("rooms", "101", Room(101, "dirty"));
        var updated = _replica.Write("rooms", "101", Room(101, "clean")).Document;

        var toDeltaPeer = Flooded("tablet-2");
        var toWholePeer = Flooded("tablet-3");
        Assert.Equal([1, 0], toDeltaPeer.Select(change => change.Documents.Count));
        var delta = Assert.Single(toDeltaPeer[1].Deltas!);
        Assert.Equal("clean", delta.Text);
        Assert.Equal(updated.Stamp, delta.Stamp);
        Assert.All(toWholePeer, change => Assert.Null(change.Deltas));
        Assert.Equal(updated, toWholePeer[1].Documents.Single());
        Assert.Equal((4, 1), (p2p.VersionsSent, p2p.DeltasSent));
    }

    [Fact]
    public void A_delta_is_rebuilt_byte_for_byte_on_the_base_and_floods_on_as_a_delta_against_it()
    {
        using var p2p = new PeerReplication(_replica, _mesh);
        _mesh.Receive("tablet-3", new PullRequest(1, 0, 50, Delta: true));
        var first = PeerRoom(102, "dirty");
        _mesh.Receive("tablet-2", new ChangeEvent(0, [first], 0));
        var second = PeerRoom(102, "inspected");

        _mesh.Receive("tablet-2", new ChangeEvent(0, [], 0, [DocumentDelta.Between(first, second)!]));

        Assert.Equal(second, _replica.Get("rooms", "102"));
        Assert.Equal((2, 1, 0), (p2p.VersionsStored, p2p.DeltasApplied, p2p.DeltasMissed));
        Assert.Equal(second.Stamp, Flooded("tablet-3")[1].Deltas!.Single().Stamp);
        Assert.Empty(Flooded("tablet-2"));
    }

    [Fact]
    public void A_delta_whose_base_this_device_never_got_pulls_the_senders_feed_from_just_before_that_flood()
    {
        using var p2p = new PeerReplication(_replica, _mesh);
        var pullsAtStart = Pulls("tablet-2");
        var (base1, next1) = (PeerRoom(103, "dirty"), PeerRoom(103, "clean"));
        var (base2, next2) = (PeerRoom(104, "dirty"), PeerRoom(104, "clean"));

        // The link's first pull is under way: its next page is read after the peer stored the version, so nothing more is pulled.
        _mesh.Receive("tablet-2", new ChangeEvent(0, [], 4, [DocumentDelta.Between(base1, next1)!]));
        Assert.Equal(pullsAtStart, Pulls("tablet-2"));
        _mesh.Receive("tablet-2", new PullResponse(1, [next1], 9));
        Assert.Equal(next1, _replica.Get("rooms", "103"));
        Assert.Equal(pullsAtStart, Pulls("tablet-2"));

        // With no pull under way, a miss pulls from the flood's checkpoint.
        _mesh.Receive("tablet-2", new ChangeEvent(0, [], 12, [DocumentDelta.Between(base2, next2)!]));
        Assert.Equal(pullsAtStart + 1, Pulls("tablet-2"));
        Assert.Equal(12L, LastPull("tablet-2").Checkpoint);
        _mesh.Receive("tablet-2", new PullResponse(2, [next2], 15));
        Assert.Equal(next2, _replica.Get("rooms", "104"));
        Assert.Equal((2, 0, 2), (p2p.VersionsStored, p2p.DeltasApplied, p2p.DeltasMissed));

        // That repair skipped versions that came by flood only: the next link still catches up from where the last catch-up ended.
        _mesh.Link("tablet-2");
        Assert.Equal(9L, LastPull("tablet-2").Checkpoint);
    }

    [Fact]
    public void A_delta_of_a_version_this_device_holds_or_has_beaten_is_a_duplicate_and_pulls_nothing()
    {
        using var p2p = new PeerReplication(_replica, _mesh);
        var pullsAtStart = Pulls("tablet-2");
        var first = PeerRoom(105, "dirty");
        var second = PeerRoom(105, "clean");
        _mesh.Receive("tablet-2", new ChangeEvent(0, [first], 0));
        _mesh.Receive("tablet-2", new ChangeEvent(0, [second], 0));
        var ours = _replica.Write("rooms", "105", Room(105, "inspected")).Document;

        _mesh.Receive("tablet-3", new ChangeEvent(0, [], 0, [DocumentDelta.Between(first, second)!]));

        Assert.Equal(ours, _replica.Get("rooms", "105"));
        Assert.Equal((1, 0, 0), (p2p.VersionsDuplicate, p2p.DeltasApplied, p2p.DeltasMissed));
        Assert.Equal(pullsAtStart, Pulls("tablet-2"));
        Assert.Equal(1, Pulls("tablet-3"));
    }

    [Fact]
    public void A_peers_concurrent_write_over_the_same_base_is_rebuilt_on_the_version_this_devices_own_write_replaced()
    {
        using var p2p = new PeerReplication(_replica, _mesh);
        var pullsAtStart = Pulls("tablet-2");
        var shared = PeerRoom(107, "dirty");
        _mesh.Receive("tablet-2", new ChangeEvent(0, [shared], 0));
        var ours = _replica.Write("rooms", "107", Room(107, "inspected")).Document;
        var theirs = new Document("rooms", "107", Room(107, "clean"), new HlcTimestamp(ours.Stamp.WallMilliseconds, ours.Stamp.Counter + 1, "tablet-2"), false, "tablet-2");

        _mesh.Receive("tablet-2", new ChangeEvent(0, [], 0, [DocumentDelta.Between(shared, theirs)!]));

        Assert.Equal(theirs, _replica.Get("rooms", "107"));
        Assert.Equal((1, 0), (p2p.DeltasApplied, p2p.DeltasMissed));
        Assert.Equal(pullsAtStart, Pulls("tablet-2"));
    }

    [Fact]
    public void A_device_with_deltas_off_neither_asks_for_them_nor_sends_them()
    {
        using var p2p = new PeerReplication(_replica, _mesh, new PeerReplicationOptions { Deltas = false });
        _mesh.Receive("tablet-2", new PullRequest(1, 0, 50, Delta: true));

        _replica.Write("rooms", "106", Room(106, "dirty"));
        _replica.Write("rooms", "106", Room(106, "clean"));

        Assert.All(_mesh.Sent.Where(sent => sent.Message is PullRequest), sent => Assert.False(((PullRequest)sent.Message).Delta));
        Assert.All(Flooded("tablet-2"), change => Assert.Null(change.Deltas));
        Assert.Equal(0, p2p.DeltasSent);
    }

    private List<ChangeEvent> Flooded(string peer) => [.. _mesh.Sent.Where(sent => sent.Peer == peer).Select(sent => sent.Message).OfType<ChangeEvent>()];

    private PullRequest LastPull(string peer) => (PullRequest)_mesh.Sent.Last(sent => sent.Peer == peer && sent.Message is PullRequest).Message;

    private int Pulls(string peer) => _mesh.Sent.Count(sent => sent.Peer == peer && sent.Message is PullRequest);

    private Document PeerRoom(int number, string status) => new("rooms", $"{number}", Room(number, status), _peerClock.Now(), false, "tablet-2");

    private static string Room(int number, string status) =>
        $$"""{"id":"{{number}}","number":"{{number}}","floor":1,"type":"deluxe","building":"Main tower","features":["minibar","balcony","sea view"],"status":"{{status}}"}""";
}
