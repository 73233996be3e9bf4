using Hospitality.Sim.Kernel;
using Hospitality.Sync.Clock;
using Hospitality.Sync.Documents;
using Hospitality.Sync.PeerSync;
using Hospitality.Sync.Ports;
using Hospitality.Sync.Replication;
using Hospitality.Sync.Replication.Protocol;
using Hospitality.Sync.Storage;

namespace Hospitality.Sync.Tests.Peers;

/// <summary>A peer's page takes the node's processor time before it is merged, like a page from a server, in each peer's order.</summary>
public sealed class PeerReplicationProcessorTests
{
    private readonly Simulation _simulation = new(seed: 16);
    private readonly ScriptedMesh _mesh = new("tablet-2", "tablet-3");
    private readonly HybridLogicalClock _writer;
    private readonly Replica _replica;
    private readonly List<string> _stored = [];
    private readonly List<string?> _mergingFromWhenStored = [];

    public PeerReplicationProcessorTests()
    {
        _writer = new HybridLogicalClock(_simulation.Clock, "tablet-2");
        _replica = new Replica(SqliteDocumentStore.OpenInMemory(), new HybridLogicalClock(_simulation.Clock, "tablet-1"));
    }

    [Fact]
    public void A_peers_pages_are_stored_only_after_the_processor_is_done_and_in_the_order_they_came_even_when_their_work_ends_out_of_order()
    {
        var processor = new HeldProcessor();
        using var p2p = Start(processor);

        Deliver("tablet-2", new ChangeEvent(0, [Room(101)], 0));
        Deliver("tablet-2", new ChangeEvent(0, [Room(102)], 0));
        Assert.Equal(2, processor.Held.Count);
        Assert.All(processor.Held, work => Assert.Equal(new NodeWork(NodeWorkKind.ApplyChanges, 1, PeerReplication.NoEndpoint), work.Work));
        Assert.Empty(_stored);

        // The processor finishes the second page first: it still waits for the first.
        Release(processor, 1);
        Assert.Empty(_stored);
        Assert.Null(_replica.Get("rooms", "102"));

        Release(processor, 0);
        Assert.Equal(["101", "102"], _stored);
        Assert.Equal(["tablet-2", "tablet-2"], _mergingFromWhenStored);
        Assert.Null(p2p.MergingFrom);
        Assert.Equal(2, p2p.VersionsStored);

        // Versions stored after the wait flood on to the other peers, not back to their sender.
        var flooded = _mesh.Sent.Where(sent => sent.Message is ChangeEvent).ToList();
        Assert.Equal(["tablet-3", "tablet-3"], flooded.Select(sent => sent.Peer));
    }

    [Fact]
    public void A_page_of_another_peer_does_not_wait_behind_a_held_page()
    {
        var processor = new HeldProcessor();
        using var p2p = Start(processor);

        Deliver("tablet-2", new ChangeEvent(0, [Room(101)], 0));
        Deliver("tablet-3", new ChangeEvent(0, [Room(103)], 0));
        Release(processor, 1);

        Assert.Equal(["103"], _stored);
        Assert.Equal(["tablet-3"], _mergingFromWhenStored);
    }

    [Fact]
    public void A_full_catch_up_page_asks_for_the_next_only_once_it_is_merged()
    {
        var processor = new HeldProcessor();
        using var p2p = Start(processor, new PeerReplicationOptions { PageSize = 2 });
        var pullsAtStart = Pulls("tablet-2");

        Deliver("tablet-2", new PullResponse(1, [Room(101), Room(102)], 7));
        Assert.Equal(2, processor.Held.Single().Work.Documents);
        Assert.Equal(pullsAtStart, Pulls("tablet-2"));

        Release(processor, 0);
        Assert.Equal(["101", "102"], _stored);
        var next = Assert.IsType<PullRequest>(_mesh.Sent.Last(sent => sent.Peer == "tablet-2").Message);
        Assert.Equal(7L, next.Checkpoint);
    }

    [Fact]
    public void Pages_waiting_for_the_processor_when_replication_stops_are_dropped()
    {
        var processor = new HeldProcessor();
        var p2p = Start(processor);
        Deliver("tablet-2", new ChangeEvent(0, [Room(101)], 0));
        Deliver("tablet-2", new ChangeEvent(0, [Room(102)], 0));

        p2p.Dispose();
        _simulation.RunFor(TimeSpan.FromSeconds(1));

        Assert.All(processor.Held, work => Assert.True(work.Done.Task.IsCanceled));
        Assert.Empty(_stored);
        Assert.Equal(0, p2p.VersionsStored);
    }

    [Fact]
    public void With_the_default_processor_a_peers_page_is_stored_in_the_message_handler_itself()
    {
        using var p2p = new PeerReplication(_replica, _mesh);
        Watch(p2p);

        _mesh.Receive("tablet-2", new ChangeEvent(0, [Room(101)], 0));
        _mesh.Receive("tablet-2", new ChangeEvent(0, [Room(102)], 0));

        Assert.Equal(["101", "102"], _stored);
        Assert.Equal(["tablet-2", "tablet-2"], _mergingFromWhenStored);
        Assert.Null(p2p.MergingFrom);
    }

    private PeerReplication Start(INodeProcessor processor, PeerReplicationOptions? options = null)
    {
        var p2p = new PeerReplication(_replica, _mesh, options, processor);
        Watch(p2p);
        return p2p;
    }

    private void Watch(PeerReplication p2p) =>
        _replica.Changed += changes =>
        {
            foreach (var change in changes)
            {
                _stored.Add(change.Document.Id);
                _mergingFromWhenStored.Add(p2p.MergingFrom);
            }
        };

    // Messages arrive on the simulation's run loop, as the mesh delivers them on a node's loop.
    private void Deliver(string peer, ProtocolMessage message)
    {
        _simulation.After(TimeSpan.Zero, () => _mesh.Receive(peer, message));
        _simulation.RunFor(TimeSpan.FromMilliseconds(1));
    }

    private void Release(HeldProcessor processor, int index)
    {
        _simulation.After(TimeSpan.Zero, () => processor.Held[index].Done.SetResult());
        _simulation.RunFor(TimeSpan.FromMilliseconds(1));
    }

    private int Pulls(string peer) => _mesh.Sent.Count(sent => sent.Peer == peer && sent.Message is PullRequest);

    private Document Room(int number) =>
        new("rooms", $"{number}", $$"""{"id":"{{number}}","number":"{{number}}","floor":1,"type":"deluxe","status":"occupied"}""", _writer.Now(), false, "tablet-2");

    /// <summary>Holds each piece of work until the test releases it, in any order; a cancelled one ends cancelled.</summary>
    private sealed class HeldProcessor : INodeProcessor
    {
        public List<(NodeWork Work, TaskCompletionSource Done)> Held { get; } = [];

        public ValueTask RunAsync(NodeWork work, CancellationToken cancellationToken)
        {
            var done = new TaskCompletionSource();
            cancellationToken.Register(() => done.TrySetCanceled(cancellationToken));
            Held.Add((work, done));
            return new ValueTask(done.Task);
        }
    }
}
