using Hospitality.Sync.Access;
using Hospitality.Sync.Signaling;

namespace Hospitality.Sync.Tests.Signaling;

/// <summary>The signaling server on the simulator's network: rooms per property, relays to one peer, limits, stats.</summary>
public sealed class SignalingServerTests
{
    [Fact]
    public void A_device_that_joins_gets_the_peer_list_and_the_room_hears_it_join_and_leave()
    {
        var world = new SignalingWorld();
        var first = world.Join("hotel-1", "tablet-1");
        var second = world.Join("hotel-1", "tablet-2");
        var third = world.Join("hotel-1", "tablet-3");
        world.Settle();

        Assert.Empty(first.Client.Peers.Except(["tablet-2", "tablet-3"]));
        Assert.Equal(["tablet-1", "tablet-2"], third.Client.Peers);
        Assert.Equal([new PeerJoinedMessage("tablet-3")], second.Received);

        world.Run(async () => await second.Client.DisposeAsync());
        world.Settle();

        Assert.Equal(["tablet-3"], first.Client.Peers);
        Assert.Equal(new PeerLeftMessage("tablet-2"), third.Received.Last());
        Assert.Equal(2, world.Server.GetStats().TotalPeers);
    }

    [Fact]
    public void An_offer_reaches_only_the_addressed_peer_with_the_sender_named_by_the_server()
    {
        var world = new SignalingWorld();
        var a = world.Join("hotel-1", "tablet-a");
        var b = world.Join("hotel-1", "tablet-b");
        var c = world.Join("hotel-1", "tablet-c");
        world.Settle();
        a.Received.Clear();
        b.Received.Clear();
        c.Received.Clear();

        // The sender claims to be someone else: the server names the real sender.
        world.Run(async () => await a.Client.SendAsync(new OfferMessage("tablet-c", "tablet-b", "v=0 offer")));
        world.Run(async () => await b.Client.AnswerAsync("tablet-a", "v=0 answer"));
        world.Run(async () => await b.Client.CandidateAsync("tablet-a", "candidate:1 1 udp 1 10.0.0.3 5000 typ host"));
        world.Settle();

        Assert.Equal([new OfferMessage("tablet-a", "tablet-b", "v=0 offer")], b.Received);
        Assert.Equal([new AnswerMessage("tablet-b", "tablet-a", "v=0 answer"), new IceCandidateMessage("tablet-b", "tablet-a", "candidate:1 1 udp 1 10.0.0.3 5000 typ host")], a.Received);
        Assert.Empty(c.Received);
        Assert.Equal(3, world.Server.MessagesRelayed);
    }

    [Fact]
    public void A_peer_of_another_property_cannot_be_reached_and_hears_nothing()
    {
        var world = new SignalingWorld();
        var a = world.Join("hotel-1", "tablet-a");
        var other = world.Join("hotel-2", "tablet-x");
        world.Settle();

        world.Run(async () => await a.Client.OfferAsync("tablet-x", "v=0 offer"));
        world.Settle();

        Assert.Equal([SignalErrorCodes.UnknownPeer], a.ErrorCodes);
        Assert.Empty(other.Received);
        Assert.Empty(other.Client.Peers);
        Assert.Equal(0, world.Server.MessagesRelayed);
    }

    [Fact]
    public void A_full_room_refuses_the_next_join_with_room_full_and_other_rooms_still_open()
    {
        var world = new SignalingWorld(options: new SignalingServerOptions { MaxPeersPerRoom = 2 });
        world.Join("hotel-1", "tablet-1");
        world.Join("hotel-1", "tablet-2");

        var refused = Assert.Throws<SignalingRefusedException>(() => world.Join("hotel-1", "tablet-3"));
        Assert.Equal(SignalErrorCodes.RoomFull, refused.Code);
        Assert.Contains("limit of 2 peers", refused.Message, StringComparison.Ordinal);
        world.Join("hotel-2", "tablet-3");
        Assert.Equal(3, world.Server.GetStats().TotalPeers);
    }

    [Fact]
    public void The_room_limit_refuses_a_new_property_with_too_many_rooms()
    {
        var world = new SignalingWorld(options: new SignalingServerOptions { MaxRooms = 1 });
        world.Join("hotel-1", "tablet-1");

        var refused = Assert.Throws<SignalingRefusedException>(() => world.Join("hotel-2", "tablet-2"));
        Assert.Equal(SignalErrorCodes.TooManyRooms, refused.Code);
    }

    [Fact]
    public void A_device_over_its_rate_gets_rate_limited_and_recovers_after_a_pause()
    {
        var world = new SignalingWorld(options: new SignalingServerOptions { MessagesPerSecond = 5, MessageBurst = 10 });
        var a = world.Join("hotel-1", "tablet-a");
        var b = world.Join("hotel-1", "tablet-b");
        world.Settle();
        b.Received.Clear();

        world.Run(async () =>
        {
            for (var i = 0; i < 20; i++)
            {
                await a.Client.CandidateAsync("tablet-b", $"candidate:{i} 1 udp 1 10.0.0.3 5000 typ host");
            }
        });
        world.Settle();
        var relayedInBurst = b.Received.Count;
        world.Settle(seconds: 2);
        world.Run(async () => await a.Client.CandidateAsync("tablet-b", "candidate:late 1 udp 1 10.0.0.3 5000 typ host"));
        world.Settle();

        // The join took one token of the burst of ten.
        Assert.InRange(relayedInBurst, 9, 10);
        Assert.Equal(20 - relayedInBurst, a.ErrorCodes.Count(code => code == SignalErrorCodes.RateLimited));
        Assert.Equal(relayedInBurst + 1, b.Received.Count);
    }

    [Fact]
    public void A_message_over_the_size_limit_is_refused_with_too_large_and_the_connection_stays()
    {
        var world = new SignalingWorld(options: new SignalingServerOptions { MaxMessageBytes = 1024 });
        var a = world.Join("hotel-1", "tablet-a");
        var b = world.Join("hotel-1", "tablet-b");
        world.Settle();
        b.Received.Clear();

        world.Run(async () => await a.Client.OfferAsync("tablet-b", new string('x', 2000)));
        world.Run(async () => await a.Client.OfferAsync("tablet-b", "v=0 small"));
        world.Settle();

        Assert.Equal([SignalErrorCodes.TooLarge], a.ErrorCodes);
        Assert.Equal([new OfferMessage("tablet-a", "tablet-b", "v=0 small")], b.Received);
    }

    [Fact]
    public void A_device_that_joins_again_replaces_its_old_entry_and_the_room_sees_it_leave_and_return()
    {
        var world = new SignalingWorld();
        var a = world.Join("hotel-1", "tablet-a");
        var old = world.Join("hotel-1", "tablet-b");
        world.Settle();
        a.Received.Clear();

        var restarted = world.Join("hotel-1", "tablet-b");
        world.Settle();

        Assert.Equal([new PeerLeftMessage("tablet-b"), new PeerJoinedMessage("tablet-b")], a.Received);
        Assert.Equal([SignalErrorCodes.Replaced], old.ErrorCodes);
        Assert.True(old.Client.Closed.IsCompleted, "the replaced connection is still open");
        Assert.Equal(["tablet-a"], restarted.Client.Peers);
        Assert.Equal(2, world.Server.GetStats().TotalPeers);
    }

    [Fact]
    public void A_connection_that_never_joins_is_closed_after_the_join_timeout()
    {
        var world = new SignalingWorld(options: new SignalingServerOptions { JoinTimeout = TimeSpan.FromSeconds(5) });
        var host = world.AddDevice("idle");
        world.Run(async () => await host.Network.ConnectAsync(world.Endpoint));
        world.Settle();
        Assert.Equal(1, world.Server.ConnectionCount);

        world.Settle(seconds: 6);

        Assert.Equal(0, world.Server.ConnectionCount);
    }

    [Fact]
    public void Stats_count_peers_rooms_and_relayed_messages_and_a_device_sees_only_its_own_room()
    {
        var world = new SignalingWorld();
        var a = world.Join("hotel-1", "tablet-a");
        world.Join("hotel-1", "tablet-b");
        world.Join("hotel-2", "tablet-c");
        world.Run(async () => await a.Client.OfferAsync("tablet-b", "v=0"));
        world.Run(async () => await a.Client.SendAsync(new StatsRequestMessage()));
        world.Settle();

        var stats = world.Server.GetStats();
        Assert.Equal((3, 2, 1L), (stats.TotalPeers, stats.Properties, stats.MessagesRelayed));
        Assert.Equal(2, stats.PeersPerProperty["hotel-1"]);
        var seen = Assert.Single(a.Received.OfType<StatsMessage>()).Stats;
        Assert.Equal(3, seen.TotalPeers);
        Assert.Equal(["hotel-1"], seen.PeersPerProperty.Keys);
    }

    [Fact]
    public void Garbage_and_messages_before_the_join_are_answered_with_malformed_and_not_joined()
    {
        var world = new SignalingWorld();
        var host = world.AddDevice("raw");
        var answers = world.Run(async () =>
        {
            var connection = await host.Network.ConnectAsync(world.Endpoint);
            await connection.SendAsync(System.Text.Encoding.UTF8.GetBytes("{\"type\":"));
            await connection.SendAsync(SignalCodec.Encode(new OfferMessage("", "tablet-b", "v=0")));
            await connection.SendAsync(SignalCodec.Encode(new PeerJoinedMessage("tablet-b")));
            var codes = new List<string>();
            for (var i = 0; i < 2; i++)
            {
                var frame = await connection.ReceiveAsync();
                codes.Add(((SignalErrorMessage)SignalCodec.Decode(frame!.Value).Message!).Code);
            }

            return codes;
        });

        Assert.Equal([SignalErrorCodes.Malformed, SignalErrorCodes.NotJoined], answers);
        Assert.Equal(0, world.Server.GetStats().TotalPeers);
    }

    [Fact]
    public void With_admission_a_join_without_a_genuine_token_of_that_room_and_device_is_refused_and_the_room_stays_closed()
    {
        var world = new SignalingWorld(options: new SignalingServerOptions { Admission = new SignalingAdmission(new TestTokens()) });
        var admitted = world.Run(async () => await SignalingClient.ConnectAsync(world.AddDevice("tablet-1").Network, world.Endpoint, "hotel-1", "tablet-1", TestTokens.For("hotel-1", "tablet-1")));

        SignalingRefusedException Refused(string device, string? token) =>
            Assert.Throws<SignalingRefusedException>(() => world.Run(async () => await SignalingClient.ConnectAsync(world.AddDevice(device).Network, world.Endpoint, "hotel-1", device, token)));

        var none = Refused("tablet-2", null);
        var forged = Refused("tablet-3", "token:hotel-1");
        var otherProperty = Refused("tablet-4", TestTokens.For("hotel-2", "tablet-4"));
        var otherDevice = Refused("tablet-5", TestTokens.For("hotel-1", "tablet-1"));
        world.Settle();

        Assert.Equal(SignalErrorCodes.Unauthorized, none.Code);
        Assert.Contains("no access token", none.Message, StringComparison.Ordinal);
        Assert.Equal(SignalErrorCodes.Unauthorized, forged.Code);
        Assert.Equal(SignalErrorCodes.Forbidden, otherProperty.Code);
        Assert.Contains("property 'hotel-2'", otherProperty.Message, StringComparison.Ordinal);
        Assert.Equal(SignalErrorCodes.Forbidden, otherDevice.Code);
        Assert.Contains("'tablet-5'", otherDevice.Message, StringComparison.Ordinal);
        Assert.Empty(admitted.Peers);
        Assert.Equal(1, world.Server.GetStats().TotalPeers);
        Assert.Equal(4, world.Server.MessagesRefused);
    }
}
