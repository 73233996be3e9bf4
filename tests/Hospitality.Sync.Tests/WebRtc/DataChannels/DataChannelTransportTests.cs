using Hospitality.Sync.Tests.WebRtc.Sctp;
using Hospitality.Sync.WebRtc.DataChannels;
using Hospitality.Sync.WebRtc.Sctp;

namespace Hospitality.Sync.Tests.WebRtc.DataChannels;

/// <summary>Two data channel transports over associations on a simulated wire: A is the DTLS client, B the server.</summary>
public sealed class DataChannelTransportTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [Fact]
    public void A_channel_opens_on_both_sides_with_its_label_protocol_and_an_even_id()
    {
        var (link, a, b) = Pair();
        DataChannel? remote = null;
        b.ChannelOpened += channel => remote = channel;

        var local = a.CreateChannel("chat", new DataChannelOptions { Protocol = "hotel-sync" });

        Assert.Equal(DataChannelState.Connecting, local.State);
        Assert.True(link.RunUntil(() => local.State == DataChannelState.Open && remote is not null, Minute));
        Assert.Equal(0, local.Id);
        Assert.Equal(("chat", "hotel-sync", (ushort)0), (remote!.Label, remote.Protocol, remote.Id));
        Assert.Equal(DataChannelState.Open, remote.State);
    }

    [Fact]
    public void The_dtls_server_takes_odd_ids_and_both_sides_can_open_at_once()
    {
        var (link, a, b) = Pair();

        var fromA = a.CreateChannel("a");
        var fromB = b.CreateChannel("b");
        var secondFromB = b.CreateChannel("b2");

        Assert.True(link.RunUntil(() => fromA.State == DataChannelState.Open && secondFromB.State == DataChannelState.Open, Minute));
        Assert.Equal((0, 1, 3), (fromA.Id, fromB.Id, secondFromB.Id));
        Assert.Equal(3, a.Channels.Count);
    }

    [Fact]
    public void Text_binary_and_empty_messages_keep_their_kind()
    {
        var (link, a, b) = Pair();
        var received = new List<DataChannelMessage>();
        b.ChannelOpened += channel => channel.MessageReceived += received.Add;
        var channel = a.CreateChannel("chat");
        link.RunUntil(() => channel.State == DataChannelState.Open, Minute);

        channel.Send("héllo");
        channel.Send(new byte[] { 1, 2, 3 });
        channel.Send("");
        channel.Send(ReadOnlyMemory<byte>.Empty);

        Assert.True(link.RunUntil(() => received.Count == 4, Minute));
        Assert.Equal("héllo", received[0].Text);
        Assert.Equal(new DataChannelMessage(false, [1, 2, 3]).Data, received[1].Data);
        Assert.Equal((true, ""), (received[2].IsText, received[2].Text));
        Assert.Equal((false, 0), (received[3].IsText, received[3].Data.Length));
        var ppids = link.Sent.SelectMany(s => s.Packet.Chunks).OfType<DataChunk>().Select(d => d.PayloadProtocol).ToList();
        Assert.Equal([50u, 50u, 51u, 53u, 56u, 57u], ppids);
    }

    [Fact]
    public void A_sender_paced_by_buffered_amount_low_delivers_everything_without_buffering_more_than_its_threshold_plus_one_message()
    {
        var (link, a, b) = Pair(lossRate: 0.02);
        long received = 0;
        b.ChannelOpened += channel => channel.MessageReceived += m => received += m.Data.Length;
        var channel = a.CreateChannel("bulk");
        channel.BufferedAmountLowThreshold = 64 * 1024;
        link.RunUntil(() => channel.State == DataChannelState.Open, Minute);
        const int message = 16 * 1024, total = 2 * 1024 * 1024;
        long sent = 0, peak = 0, lows = 0;
        void Fill()
        {
            while (sent < total && channel.BufferedAmount <= channel.BufferedAmountLowThreshold)
            {
                channel.Send(new byte[message]);
                sent += message;
                peak = Math.Max(peak, channel.BufferedAmount);
            }
        }

        channel.BufferedAmountLow += _ =>
        {
            lows++;
            Fill();
        };
        Fill();

        Assert.True(link.RunUntil(() => received == total, Minute));
        Assert.True(lows > 10, $"bufferedamountlow fired {lows} times");
        Assert.True(peak <= channel.BufferedAmountLowThreshold + message, $"peak buffered {peak}");
        Assert.True(link.RunUntil(() => channel.BufferedAmount == 0, Minute));
    }

    [Fact]
    public void A_message_larger_than_the_peers_limit_is_refused_before_sending()
    {
        var (link, a, _) = Pair(peerMaxMessageBytes: 1000);
        var channel = a.CreateChannel("chat");
        link.RunUntil(() => channel.State == DataChannelState.Open, Minute);

        Assert.Contains("max-message-size of 1000", Assert.Throws<ArgumentException>(() => channel.Send(new byte[1001])).Message);
    }

    [Fact]
    public void Sending_before_the_channel_is_open_is_refused()
    {
        var (_, a, _) = Pair();
        var channel = a.CreateChannel("chat");

        Assert.Throws<InvalidOperationException>(() => channel.Send("too soon"));
    }

    [Fact]
    public void Buffered_amount_counts_until_the_peer_acknowledges()
    {
        var (link, a, _) = Pair();
        var channel = a.CreateChannel("bulk");
        link.RunUntil(() => channel.State == DataChannelState.Open, Minute);

        channel.Send(new byte[200_000]);

        Assert.Equal(200_000, channel.BufferedAmount);
        Assert.True(link.RunUntil(() => channel.BufferedAmount == 0, Minute));
    }

    [Fact]
    public void Closing_a_channel_resets_both_directions_and_closes_it_on_both_sides()
    {
        var (link, a, b) = Pair();
        DataChannel? remote = null;
        b.ChannelOpened += channel => remote = channel;
        var local = a.CreateChannel("chat");
        link.RunUntil(() => remote is not null && local.State == DataChannelState.Open, Minute);
        var closed = new List<string>();
        local.Closed += _ => closed.Add("a");
        remote!.Closed += _ => closed.Add("b");

        local.Close();

        Assert.Equal(DataChannelState.Closing, local.State);
        Assert.True(link.RunUntil(() => closed.Count == 2, Minute));
        Assert.Equal(DataChannelState.Closed, remote.State);
        Assert.Empty(a.Channels);
        Assert.Empty(b.Channels);

        var again = a.CreateChannel("again");
        var echoed = new List<string>();
        b.ChannelOpened += channel => channel.MessageReceived += m => echoed.Add(m.Text);
        Assert.True(link.RunUntil(() => again.State == DataChannelState.Open, Minute));
        again.Send("still here");
        Assert.True(link.RunUntil(() => echoed.Count == 1, Minute));
    }

    [Fact]
    public void Messages_sent_before_close_are_delivered_before_the_channel_closes()
    {
        var (link, a, b) = Pair(lossRate: 0.1);
        var received = new List<string>();
        var closedWith = -1;
        DataChannel? remote = null;
        b.ChannelOpened += channel =>
        {
            remote = channel;
            channel.MessageReceived += m => received.Add(m.Text);
            channel.Closed += _ => closedWith = received.Count;
        };
        var local = a.CreateChannel("chat");
        link.RunUntil(() => local.State == DataChannelState.Open, Minute);

        for (var i = 0; i < 20; i++)
        {
            local.Send("message " + i);
        }

        local.Close();

        Assert.True(link.RunUntil(() => closedWith >= 0, TimeSpan.FromMinutes(5)));
        Assert.Equal(20, closedWith);
    }

    [Fact]
    public void An_aborted_association_closes_every_channel()
    {
        var (link, a, _) = Pair();
        var channel = a.CreateChannel("chat");
        link.RunUntil(() => channel.State == DataChannelState.Open, Minute);

        link.B.Abort("gone");
        link.RunFor(TimeSpan.FromMilliseconds(50));

        Assert.Equal(DataChannelState.Closed, channel.State);
    }

    private static (SctpLink Link, DataChannelTransport A, DataChannelTransport B) Pair(long peerMaxMessageBytes = 262144, double lossRate = 0)
    {
        var link = new SctpLink(seed: 4, lossRate, jitter: TimeSpan.FromMilliseconds(5));
        var a = new DataChannelTransport(link.A, isDtlsClient: true, peerMaxMessageBytes);
        var b = new DataChannelTransport(link.B, isDtlsClient: false, peerMaxMessageBytes);
        link.A.Connect();
        link.B.Connect();
        Assert.True(link.RunUntil(() => link.A.State == SctpAssociationState.Established && link.B.State == SctpAssociationState.Established, Minute));
        return (link, a, b);
    }
}
