using Hospitality.Sim.WebRtc;
using Hospitality.Sync.Signaling;
using Hospitality.Sync.WebRtc;
using Hospitality.Sync.WebRtc.Peers;

namespace Hospitality.Sync.Tests.Peers;

/// <summary>The seed's WebRTC peer over the real stack on the simulator's LAN: mesh, send, broadcast, reconnection.</summary>
public sealed class WebRtcPeerTests
{
    [Fact]
    public void Three_tablets_form_a_full_mesh_and_a_broadcast_reaches_every_other_tablet_once()
    {
        var world = new PeerWorld(seed: 3);
        foreach (var device in new[] { "tablet-1", "tablet-2", "tablet-3" })
        {
            world.Start(device);
        }

        Assert.True(world.RunUntil(() => world.Peers.Values.All(peer => peer.Peers.Count == 2), 30), "the mesh did not form; unavailable: " + string.Join("; ", world.Unavailable));
        var reached = world.Run(async () => await world.Peers["tablet-2"].BroadcastAsync(PeerWorld.Text("towels: 50")));
        world.Settle();

        Assert.Equal(2, reached);
        Assert.Equal(["tablet-2:towels: 50"], world.Received["tablet-1"]);
        Assert.Equal(["tablet-2:towels: 50"], world.Received["tablet-3"]);
        Assert.Empty(world.Received["tablet-2"]);
    }

    [Fact]
    public void Send_to_one_peer_reaches_only_that_peer_and_send_to_a_stranger_returns_false()
    {
        var world = new PeerWorld(seed: 4);
        world.Start("tablet-1");
        world.Start("tablet-2");
        world.Start("tablet-3");
        world.Start("tablet-x", property: "hotel-2");
        Assert.True(world.RunUntil(() => world.Peers["tablet-1"].Peers.Count == 2, 30));

        var sent = world.Run(async () => await world.Peers["tablet-1"].SendAsync("tablet-3", PeerWorld.Text("room 101 occupied")));
        var toStranger = world.Run(async () => await world.Peers["tablet-1"].SendAsync("tablet-x", PeerWorld.Text("hello")));
        world.Settle();

        Assert.True(sent);
        Assert.False(toStranger);
        Assert.Equal(["tablet-1:room 101 occupied"], world.Received["tablet-3"]);
        Assert.Empty(world.Received["tablet-2"]);
        Assert.Empty(world.Received["tablet-x"]);
        Assert.Empty(world.Peers["tablet-x"].Peers);
    }

    [Fact]
    public void A_tablet_that_restarts_rejoins_under_its_id_and_links_again()
    {
        var world = new PeerWorld(seed: 5);
        world.Start("tablet-1");
        world.Start("tablet-2");
        Assert.True(world.RunUntil(() => world.Peers["tablet-1"].Peers.Count == 1, 30));

        world.Stop("tablet-2");
        Assert.True(world.RunUntil(() => world.Peers["tablet-1"].Peers.Count == 0, 30), "the peer's departure was not noticed");
        world.Start("tablet-2");
        Assert.True(world.RunUntil(() => world.Peers["tablet-1"].Peers.Count == 1 && world.Peers["tablet-2"].Peers.Count == 1, 30), "the restarted tablet did not link again");

        world.Run(async () => await world.Peers["tablet-2"].SendAsync("tablet-1", PeerWorld.Text("back")));
        world.Settle();
        Assert.Equal(["tablet-2:back"], world.Received["tablet-1"]);
    }

    [Fact]
    public void Open_links_keep_working_while_signaling_is_down_and_peers_rejoin_when_it_returns()
    {
        var world = new PeerWorld(seed: 6);
        world.Start("tablet-1");
        world.Start("tablet-2");
        Assert.True(world.RunUntil(() => world.Peers["tablet-1"].Peers.Count == 1, 30));

        world.StopServer();
        Assert.True(world.RunUntil(() => !world.Peers["tablet-1"].IsSignalingConnected, 10));
        world.Run(async () => await world.Peers["tablet-1"].SendAsync("tablet-2", PeerWorld.Text("during the outage")));
        world.Settle(5);
        Assert.Equal(["tablet-1:during the outage"], world.Received["tablet-2"]);

        world.StartServer();
        Assert.True(world.RunUntil(() => world.Peers.Values.All(peer => peer.IsSignalingConnected), 60), "the peers did not reconnect to signaling within the backoff cap");
        Assert.All(world.Peers.Values, peer => Assert.Equal(1, peer.SignalingReconnects));
        Assert.Equal(2, world.Server!.GetStats().TotalPeers);
    }

    [Fact]
    public void Twelve_tablets_joining_one_by_one_end_with_the_planned_six_links_each()
    {
        var world = new PeerWorld(seed: 7);
        var devices = Enumerable.Range(1, 12).Select(n => $"tablet-{n:00}").ToList();
        foreach (var device in devices)
        {
            world.Start(device);
        }

        bool Formed() => devices.All(device => world.Peers[device].Peers.SequenceEqual(MeshPlan.Neighbours(device, devices, 6)));
        Assert.True(world.RunUntil(Formed, 60), "the planned mesh did not form");
        Assert.All(world.Peers.Values, peer => Assert.Equal(6, peer.Peers.Count));
        Assert.DoesNotContain("tablet-07", world.Peers["tablet-01"].Peers);
    }

    [Fact]
    public void Tablets_that_cannot_reach_each_other_give_up_quickly_and_say_why()
    {
        var world = new PeerWorld(seed: 8);
        world.Start("tablet-1");
        world.Start("tablet-2");

        // Client isolation: the access point passes traffic to the Greengrass but not between tablets.
        world.Network.Partition([world.Host("tablet-1")], [world.Host("tablet-2")]);
        Assert.True(world.RunUntil(() => world.Unavailable.Count == 2, 120), "P2P did not give up");

        Assert.True(world.Simulation.Now.TotalSeconds < 60, $"giving up took {world.Simulation.Now.TotalSeconds:0} s");
        Assert.All(world.Unavailable, entry => Assert.Contains("no direct path", entry.Reason, StringComparison.Ordinal));
        Assert.Empty(world.Peers["tablet-1"].Peers);
    }

    [Fact]
    public void A_late_answer_to_an_abandoned_offer_is_ignored_and_the_answer_to_the_next_offer_opens_the_link()
    {
        var world = new PeerWorld(seed: 11);

        // tablet-a is driven by hand: it lets tablet-z's first offer time out, then answers both offers, the stale one first.
        var host = world.HostFor("tablet-a");
        var ports = new RtcPorts(host.Network, world.Simulation.Clock, world.Simulation.Random("tablet-a/webrtc"), new DtlsModelFactory(world.Simulation.Clock, world.Simulation.Random("tablet-a/dtls")));
        var signaling = world.Run(() => SignalingClient.ConnectAsync(host.Network, world.Signaling, "hotel-1", "tablet-a"));
        var offers = new List<OfferMessage>();
        var candidates = new List<IceCandidateMessage>();
        signaling.Signal += message =>
        {
            switch (message)
            {
                case OfferMessage offer:
                    offers.Add(offer);
                    break;
                case IceCandidateMessage candidate:
                    candidates.Add(candidate);
                    break;
            }
        };
        var tabletZ = world.Start("tablet-z");
        Assert.True(world.RunUntil(() => offers.Count == 2, 60), $"tablet-z offered {offers.Count} times");

        var configuration = new RtcConfiguration { HostAddresses = [host.Address!] };
        var opened = false;
        world.Run(async () =>
        {
            var answers = new List<AnswerMessage>();
            foreach (var offer in offers)
            {
                var connection = new RtcPeerConnection(configuration, ports);
                connection.DataChannel += _ => opened |= offer == offers[^1];
                connection.IceCandidate += line => _ = signaling.SendAsync(new IceCandidateMessage("", "tablet-z", line ?? "", offer.Session));
                await connection.SetRemoteDescriptionAsync(new RtcSessionDescription(RtcSdpType.Offer, offer.Sdp));
                foreach (var candidate in candidates.Where(candidate => candidate.Session == offer.Session).ToList())
                {
                    connection.AddIceCandidate(candidate.Candidate);
                }

                var answer = await connection.CreateAnswerAsync();
                await connection.SetLocalDescriptionAsync(answer);
                answers.Add(new AnswerMessage("", "tablet-z", connection.LocalDescription!.Sdp, offer.Session));
            }

            foreach (var answer in answers)
            {
                await signaling.SendAsync(answer);
            }
        });

        Assert.True(world.RunUntil(() => opened && tabletZ.Peers.Contains("tablet-a"), 30), "the link did not open; unavailable: " + string.Join("; ", world.Unavailable));
        Assert.NotEqual(offers[0].Session, offers[1].Session);
        Assert.True(tabletZ.StaleSignalsIgnored >= 1, $"{tabletZ.StaleSignalsIgnored} stale signals ignored");
    }

    /// <summary>
    /// A peer holds no lock: its links belong to its run loop. Work arriving on another thread (in CI once,
    /// BouncyCastle's DTLS thread dropping a link while the peer disposed on its loop, which broke the ordered
    /// link table with a NullReferenceException) is refused before it touches anything, and disposal says so.
    /// </summary>
    [Fact]
    public void Work_arriving_off_the_peers_run_loop_is_refused_and_its_disposal_reports_it()
    {
        var world = new PeerWorld(seed: 8);
        world.Start("tablet-1");
        world.Start("tablet-2");
        Assert.True(world.RunUntil(() => world.Peers["tablet-1"].Peers.Count == 1, 30));
        var peer = world.Peers["tablet-1"];

        var send = Assert.Throws<InvalidOperationException>(() => Task.Run(async () => await peer.SendAsync("tablet-2", PeerWorld.Text("from the thread pool"))).GetAwaiter().GetResult());
        Assert.Throws<InvalidOperationException>(() => Task.Run(async () => await peer.DisposeAsync()).GetAwaiter().GetResult());
        world.Settle();

        Assert.Contains("a send arrived on thread", send.Message, StringComparison.Ordinal);
        Assert.Empty(world.Received["tablet-2"]);
        Assert.Equal(["tablet-2"], peer.Peers);
        var disposal = Assert.Throws<InvalidOperationException>(() => world.Stop("tablet-1"));
        Assert.Equal(send.Message, disposal.Message);
        Assert.True(world.RunUntil(() => world.Peers["tablet-2"].Peers.Count == 0, 30), "the links were not closed on the loop");
    }

    [Fact]
    public void The_same_seed_forms_the_same_mesh_with_the_same_trace_hash()
    {
        string Hash(ulong seed)
        {
            var world = new PeerWorld(seed);
            foreach (var device in new[] { "tablet-1", "tablet-2", "tablet-3", "tablet-4" })
            {
                world.Start(device);
            }

            world.Settle(20);
            world.Run(async () => await world.Peers["tablet-4"].BroadcastAsync(PeerWorld.Text("x")));
            world.Settle();
            return world.Simulation.Trace.HashHex;
        }

        Assert.Equal(Hash(9), Hash(9));
        Assert.NotEqual(Hash(9), Hash(10));
    }
}
