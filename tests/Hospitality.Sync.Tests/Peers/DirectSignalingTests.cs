using System.Net;
using Hospitality.Sim.Network;
using Hospitality.Sync.Signaling;
using Hospitality.Sync.Tests.Signaling;
using Hospitality.Sync.Tests.Simulated;
using Xunit.Abstractions;

namespace Hospitality.Sync.Tests.Peers;

/// <summary>Signaling without any server: tablets of a hotel without a Greengrass, with the internet down, signal over their mDNS peer records.</summary>
public sealed class DirectSignalingTests(ITestOutputHelper output)
{
    private static readonly string[] Three = ["tablet-1", "tablet-2", "tablet-3"];

    private static string Room(int number) => $$"""{"id":"{{number}}","number":"{{number}}","floor":1,"type":"deluxe","status":"occupied"}""";

    [Fact]
    public void With_the_internet_down_three_tablets_form_their_mesh_directly_and_a_tablet_restarted_during_the_outage_rejoins()
    {
        var run = OutageWithRestart(seed: 41);

        output.WriteLine($"mesh formed {run.FormedSeconds:0.00} s after start ({run.LinksOpenedToForm} channel ends opened for 6); restarted tablet linked again {run.RejoinedSeconds:0.00} s after its restart; its write reached the others in {run.WriteMs:0.00} ms");
        Assert.True(run.Formed, "the mesh did not form through direct signaling");
        Assert.True(run.AllDirect, "a tablet was not signaling directly");
        Assert.Equal(0, run.ServerPeers);
        Assert.True(run.Rejoined, "the restarted tablet did not link to its peers again");
        Assert.True(run.CaughtUp, "the restarted tablet did not catch up on the write made while it was down");
        Assert.True(run.WriteArrived, "a write on the restarted tablet did not reach the others over P2P");
        Assert.True(run.RejoinedSeconds < 60, $"rejoining took {run.RejoinedSeconds:0.0} s");
    }

    [Fact]
    public void A_tablet_that_restarts_within_seconds_links_again_before_its_peers_notice_it_was_gone()
    {
        // Its peers' links to it still look open (ICE consent expires after 30 s): its record's new instance value says it restarted.
        var run = OutageWithRestart(seed: 49, downSeconds: 2);

        output.WriteLine($"restarted 2 s after a crash: linked again {run.RejoinedSeconds:0.00} s after its restart");
        Assert.True(run.Rejoined && run.CaughtUp && run.WriteArrived);
        Assert.True(run.RejoinedSeconds < 5, $"rejoining took {run.RejoinedSeconds:0.0} s");
    }

    [Fact]
    public void The_outage_and_restart_replay_with_the_same_trace_hash()
    {
        var first = OutageWithRestart(seed: 43);
        var second = OutageWithRestart(seed: 43);

        Assert.True(first.Rejoined && first.WriteArrived);
        Assert.Equal(first.TraceHash, second.TraceHash);
        Assert.NotEqual(first.TraceHash, OutageWithRestart(seed: 44).TraceHash);
    }

    [Fact]
    public void With_the_internet_up_the_same_tablets_signal_through_the_server_only()
    {
        var world = new DirectSignalingWorld(seed: 42, internetUp: true);
        foreach (var device in Three)
        {
            world.Add(device);
        }

        Assert.True(world.RunUntil(() => world.MeshFormed(), 60), "the mesh did not form through the server");
        Assert.All(world.Tablets.Values, tablet =>
        {
            Assert.True(tablet.Peer!.IsSignalingConnected);
            Assert.False(tablet.Peer.IsSignalingDirect);
            Assert.Equal(0, tablet.Peer.DirectSignalsReceived);
        });
        Assert.Equal(3, world.Server.GetStats().TotalPeers);
        Assert.True(world.Server.MessagesRelayed > 0);
    }

    [Fact]
    public void A_tablet_falls_back_to_direct_signaling_when_the_server_is_unreachable_and_back_when_it_returns()
    {
        var world = new DirectSignalingWorld(seed: 44, internetUp: true);
        foreach (var device in Three)
        {
            world.Add(device);
        }

        Assert.True(world.RunUntil(() => world.MeshFormed(), 60));
        world.Network.SetInternetUp(world.Building, false);
        world.Crash("tablet-3");
        world.RunUntil(() => false, 5);
        world.Restart("tablet-3");
        var restarted = world.Tablets["tablet-3"];

        Assert.True(world.RunUntil(() => world.MeshFormed() && restarted.Peer!.IsSignalingDirect, 120), "the restarted tablet did not rejoin through direct signaling");
        Assert.True(restarted.Peer!.DirectSignalsReceived > 0 || world.Tablets.Values.Sum(tablet => tablet.Peer!.DirectSignalsReceived) > 0);

        world.Network.SetInternetUp(world.Building, true);
        Assert.True(world.RunUntil(() => restarted.Peer.IsSignalingConnected && !restarted.Peer.IsSignalingDirect, 60), "the tablet did not go back to the server");
        Assert.True(world.RunUntil(() => world.Server.GetStats().TotalPeers == 3, 60), "not every tablet is in the server's room again");
        Assert.True(world.MeshFormed());
    }

    [Fact]
    public void A_tablet_of_another_property_on_the_same_segment_is_ignored()
    {
        var world = new DirectSignalingWorld(seed: 45, internetUp: false);
        foreach (var device in Three)
        {
            world.Add(device);
        }

        var stranger = world.Add("tablet-0", property: "other-hotel");
        world.Add("tablet-9", property: "other-hotel");

        Assert.True(world.RunUntil(() => world.MeshFormed(), 60), "the meshes did not form");
        Assert.Equal(["tablet-9"], stranger.Peer!.Peers);
        Assert.All(Three, device => Assert.DoesNotContain("tablet-0", world.Tablets[device].Peer!.Peers));
        world.Tablets["tablet-1"].Replica.Write("rooms", "101", Room(101));
        world.RunUntil(() => false, 5);
        Assert.NotNull(world.Tablets["tablet-3"].Replica.Get("rooms", "101"));
        Assert.Null(stranger.Replica.Get("rooms", "101"));
    }

    [Fact]
    public void With_access_tokens_a_tablet_without_a_genuine_token_of_its_own_gets_no_link()
    {
        var world = new DirectSignalingWorld(seed: 46, internetUp: false, tokens: new TestTokens());
        world.Add("tablet-1", token: TestTokens.For("small-hotel", "tablet-1"));
        world.Add("tablet-2", token: TestTokens.For("small-hotel", "tablet-2"));

        // The largest ids offer: one presents another device's token, one none; their joins are refused, so no offer of theirs is heard.
        var impostor = world.Add("tablet-3", token: TestTokens.For("small-hotel", "tablet-1"));
        var tokenless = world.Add("tablet-4");

        Assert.True(world.RunUntil(() => world.Tablets["tablet-1"].Peer!.Peers.SequenceEqual(["tablet-2"]) && world.Tablets["tablet-2"].Peer!.Peers.SequenceEqual(["tablet-1"]), 60));
        world.RunUntil(() => false, 30);
        Assert.Empty(impostor.Peer!.Peers);
        Assert.Empty(tokenless.Peer!.Peers);
        Assert.Equal(["tablet-2"], world.Tablets["tablet-1"].Peer!.Peers);
    }

    [Fact]
    public void A_tablet_s_listener_applies_the_server_s_rules_to_whoever_connects()
    {
        var world = new DirectSignalingWorld(seed: 47, internetUp: false, tokens: new TestTokens());
        var tablet = world.Add("tablet-1", token: TestTokens.For("small-hotel", "tablet-1"));
        world.RunUntil(() => tablet.Peer!.IsSignalingDirect, 30);
        var prober = world.Network.AddHost("prober", world.Building, world.TabletLink);
        var listener = new IPEndPoint(tablet.Host.Address!, DirectSignalingWorld.DirectPort);

        string Refusal(params SignalMessage[] messages) => RefusalOf([.. messages.Select(SignalCodec.Encode)]);
        string RefusalOf(params byte[][] frames) => world.Simulation.RunStep(async () =>
        {
            await using var connection = await prober.Network.ConnectAsync(listener);
            foreach (var frame in frames)
            {
                await connection.SendAsync(frame);
            }

            while (await connection.ReceiveAsync() is { } answer)
            {
                if (SignalCodec.Decode(answer).Message is SignalErrorMessage error)
                {
                    return error.Code;
                }
            }

            return "closed";
        });

        Assert.Equal(SignalErrorCodes.Unauthorized, Refusal(new JoinMessage("small-hotel", "tablet-2")));
        Assert.Equal(SignalErrorCodes.Forbidden, Refusal(new JoinMessage("small-hotel", "tablet-2", TestTokens.For("small-hotel", "tablet-3"))));
        Assert.Equal(SignalErrorCodes.Forbidden, Refusal(new JoinMessage("other-hotel", "tablet-2", TestTokens.For("other-hotel", "tablet-2"))));
        Assert.Equal(SignalErrorCodes.NotJoined, Refusal(new OfferMessage("", "tablet-1", "v=0")));
        var joined = new JoinMessage("small-hotel", "tablet-2", TestTokens.For("small-hotel", "tablet-2"));
        Assert.Equal(SignalErrorCodes.UnknownPeer, Refusal(joined, new OfferMessage("", "tablet-3", "v=0")));
        Assert.Equal(SignalErrorCodes.Unexpected, Refusal(joined, new PeerJoinedMessage("tablet-3")));
        Assert.Equal(SignalErrorCodes.Malformed, RefusalOf(SignalCodec.Encode(joined), "{\"type\":\"offer\"}"u8.ToArray()));
        Assert.Equal(SignalErrorCodes.TooLarge, RefusalOf(SignalCodec.Encode(joined), new byte[SignalCodec.MaxFrameBytes + 1]));
        // End-of-candidates for a link the tablet does not have: delivered and ignored, until the burst is spent.
        var burst = Enumerable.Repeat(SignalCodec.Encode(new IceCandidateMessage("", "tablet-1", "")), 3 * new SignalingServerOptions().MessageBurst);
        Assert.Equal(SignalErrorCodes.RateLimited, RefusalOf([SignalCodec.Encode(joined), .. burst]));
        Assert.InRange(tablet.Peer!.DirectSignalsReceived, new SignalingServerOptions().MessageBurst - 1, 2 * new SignalingServerOptions().MessageBurst);
        Assert.Empty(tablet.Peer.Peers);
    }

    [Fact]
    public void Six_tablets_mesh_forming_time_and_signaling_bytes_direct_and_through_the_server()
    {
        var direct = FormMesh(seed: 48, internetUp: false);
        var server = FormMesh(seed: 48, internetUp: true);

        foreach (var (name, figures) in new[] { ("direct signaling (internet down, no Greengrass)", direct), ("the cloud's signaling server (internet up)", server) })
        {
            output.WriteLine(
                $"6 tablets, {name}: mesh formed {figures.FormedSeconds:0.00} s after start{(figures == direct ? $" ({figures.AfterFallbackSeconds:0.00} s after the last fallback to direct signaling)" : "")}; " +
                $"per tablet until formed: signaling {figures.Formed.SignalingBytes:0} B in {figures.Formed.SignalingMessages:0} messages, mDNS {figures.Formed.MdnsBytes:0} B; " +
                $"over the first 10 minutes: signaling {figures.TenMinutes.SignalingBytes:0} B, mDNS {figures.TenMinutes.MdnsBytes:0} B");
        }

        Assert.True(direct.FormedSeconds < 10, $"direct: {direct.FormedSeconds:0.0} s");
        Assert.True(direct.AfterFallbackSeconds < 3, $"direct after fallback: {direct.AfterFallbackSeconds:0.0} s");
        Assert.True(server.FormedSeconds < 3, $"server: {server.FormedSeconds:0.0} s");
        Assert.True(server.Formed.SignalingMessages > 0 && direct.Formed.SignalingMessages > 0);
    }

    private static MeshFigures FormMesh(ulong seed, bool internetUp)
    {
        var world = new DirectSignalingWorld(seed, internetUp);
        var start = world.Simulation.Now;
        foreach (var device in Enumerable.Range(1, 6).Select(n => $"tablet-{n}"))
        {
            world.Add(device);
        }

        var fellBackAt = start;
        if (!internetUp)
        {
            Assert.True(world.RunUntil(() => world.Tablets.Values.All(tablet => tablet.Peer!.IsSignalingDirect), 60), "the tablets did not fall back to direct signaling");
            fellBackAt = world.Simulation.Now;
        }

        Assert.True(world.RunUntil(() => world.MeshFormed(), 120), "the mesh of six did not form");
        var formed = world.Simulation.Now;
        var atFormed = Bytes(world);
        world.RunUntil(() => false, (start + TimeSpan.FromMinutes(10) - world.Simulation.Now).TotalSeconds);
        Assert.True(world.MeshFormed(), "the mesh did not hold for 10 minutes");
        return new MeshFigures((formed - start).TotalSeconds, (formed - fellBackAt).TotalSeconds, atFormed, Bytes(world));
    }

    private static TrafficFigures Bytes(DirectSignalingWorld world)
    {
        var tablets = world.Tablets.Values.ToList();
        return new TrafficFigures(
            tablets.Average(tablet => tablet.Peer!.SignalingTraffic.BytesSent + tablet.Peer.SignalingTraffic.BytesReceived),
            tablets.Average(tablet => tablet.Peer!.SignalingTraffic.MessagesSent + tablet.Peer.SignalingTraffic.MessagesReceived),
            tablets.Average(tablet => tablet.Mdns!.Stats.BytesSent + tablet.Mdns.Stats.BytesReceived));
    }

    private static OutageRun OutageWithRestart(ulong seed, double downSeconds = 20)
    {
        var world = new DirectSignalingWorld(seed, internetUp: false);
        foreach (var device in Three)
        {
            world.Add(device);
        }

        var formed = world.RunUntil(() => world.MeshFormed(), 60);
        var formedSeconds = world.Simulation.Now.TotalSeconds;
        var linksOpened = world.Tablets.Values.Sum(tablet => tablet.Peer!.LinksOpened);
        var allDirect = world.Tablets.Values.All(tablet => tablet.Peer!.IsSignalingDirect && !tablet.Peer.IsSignalingConnected);

        world.Crash("tablet-2");
        world.RunUntil(() => false, downSeconds / 2);
        world.Tablets["tablet-1"].Replica.Write("rooms", "101", Room(101));
        world.RunUntil(() => false, downSeconds / 2);
        world.Restart("tablet-2");
        var restartedAt = world.Simulation.Now;
        var restarted = world.Tablets["tablet-2"];
        // Its peers see its record come back with a new instance value and signal to it directly, before it has even given up on the cloud.
        var rejoined = world.RunUntil(() => world.MeshFormed(), 120) && restarted.Peer!.DirectSignalsReceived > 0 && !restarted.Peer.IsSignalingConnected;
        var rejoinedSeconds = (world.Simulation.Now - restartedAt).TotalSeconds;
        var caughtUp = world.RunUntil(() => restarted.Replica.Get("rooms", "101") is not null, 10);

        var writtenAt = world.Simulation.Now;
        restarted.Replica.Write("rooms", "202", Room(202));
        var arrived = world.RunUntil(() => world.Tablets.Values.All(tablet => tablet.Replica.Get("rooms", "202") is not null), 10);
        return new OutageRun(
            formed, formedSeconds, linksOpened, allDirect, world.Server.GetStats().TotalPeers, rejoined, rejoinedSeconds, caughtUp, arrived,
            (world.Simulation.Now - writtenAt).TotalMilliseconds, world.Simulation.Trace.HashHex);
    }

    private sealed record OutageRun(
        bool Formed, double FormedSeconds, int LinksOpenedToForm, bool AllDirect, int ServerPeers, bool Rejoined, double RejoinedSeconds, bool CaughtUp, bool WriteArrived, double WriteMs, string TraceHash);

    private sealed record MeshFigures(double FormedSeconds, double AfterFallbackSeconds, TrafficFigures Formed, TrafficFigures TenMinutes);

    private sealed record TrafficFigures(double SignalingBytes, double SignalingMessages, double MdnsBytes);
}
