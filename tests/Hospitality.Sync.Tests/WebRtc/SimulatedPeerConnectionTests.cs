using System.Security.Cryptography;
using System.Text;
using Hospitality.Sim.Kernel;
using Hospitality.Sim.Network;
using Hospitality.Sim.WebRtc;
using Hospitality.Sync.WebRtc;
using Hospitality.Sync.WebRtc.DataChannels;
using Hospitality.Sync.WebRtc.Dtls;

namespace Hospitality.Sync.Tests.WebRtc;

/// <summary>
/// Two <see cref="RtcPeerConnection"/>s on two hosts of the simulator's virtual network, with the
/// DTLS model standing in for BouncyCastle: the whole stack (SDP, ICE, DTLS flights, SCTP, data
/// channels) on a lossy, reordering LAN, replayed exactly from the seed.
/// </summary>
public sealed class SimulatedPeerConnectionTests
{
    private const int LargeMessageBytes = 1024 * 1024;

    /// <summary>Small binary messages sent after the large one, to check order and completeness across retransmissions.</summary>
    private const int SmallMessages = 50;

    [Fact]
    public void A_channel_opens_carries_text_both_ways_a_megabyte_and_fifty_messages_in_order_through_loss_and_reordering_then_closes()
    {
        var run = Run(seed: 42);

        Assert.True(run.Completed, "the channel did not deliver everything within the time limit");
        Assert.Equal(["hello from a"], run.ReceivedByB.Where(m => m.IsText).Select(m => m.Text));
        Assert.Equal(["hello from b"], run.ReceivedByA.Select(m => m.Text));
        Assert.Equal(run.SentBinaryDigests, run.ReceivedByB.Where(m => !m.IsText).Select(m => m.Digest));
        Assert.True(run.Dropped > 0, "the link dropped nothing, so retransmission was not exercised");
        Assert.True(run.RetransmittedByA > 0, "the sender's stats show no retransmission");
        Assert.Equal(RtcPeerConnectionState.Closed, run.StateA);
        Assert.True(run.ChannelClosedAtB, "the answerer's channel did not close after the offerer closed");
        Assert.Equal(RtcPeerConnectionState.Closed, run.StateB);
    }

    [Fact]
    public void The_same_seed_gives_the_same_trace_hash()
    {
        var first = Run(seed: 7);
        var second = Run(seed: 7);

        Assert.True(first.Completed && second.Completed);
        Assert.Equal(first.TraceHash, second.TraceHash);
        Assert.NotEqual(first.TraceHash, Run(seed: 8).TraceHash);
    }

    [Fact]
    public void A_certificate_that_does_not_match_the_fingerprint_fails_the_connection()
    {
        var run = Run(seed: 3, forgeAnswerFingerprint: true);

        Assert.False(run.Completed);
        Assert.Equal(RtcPeerConnectionState.Failed, run.StateA);
        Assert.Contains("fingerprint", run.FailureA, StringComparison.Ordinal);
        Assert.Equal(RtcPeerConnectionState.Failed, run.StateB);
        Assert.Empty(run.ReceivedByB);
    }

    [Fact]
    public void Trickled_candidates_connect_peers_whose_descriptions_carry_none_and_mdns_names_are_skipped()
    {
        var simulation = new Simulation(11);
        var network = new VirtualNetwork(simulation);
        var building = network.AddSegment("building", SegmentKind.Building, LinkProfiles.Lan);
        var a = Connect(simulation, network.AddHost("tablet-a", building, LinkProfiles.Lan));
        var b = Connect(simulation, network.AddHost("tablet-b", building, LinkProfiles.Lan));
        var endsOfGathering = 0;
        a.IceCandidate += line => Trickle(line, b);
        b.IceCandidate += line => Trickle(line, a);
        var opened = false;
        a.CreateDataChannel("trickle").Opened += _ => opened = true;

        void Trickle(string? line, RtcPeerConnection to)
        {
            if (line is null)
            {
                endsOfGathering++;
                to.AddIceCandidate("");
                return;
            }

            Assert.StartsWith("candidate:", line, StringComparison.Ordinal);
            to.AddIceCandidate("a=candidate:1 1 udp 2122260223 0b2c5a1e-4f7d-4f43-9a43-2d1f3f6b8a10.local 50000 typ host");
            to.AddIceCandidate(line);
        }

        simulation.Spawn("signalling", async () =>
        {
            // The descriptions handed over are the ones written before gathering: no a=candidate lines.
            var offer = await a.CreateOfferAsync();
            Assert.DoesNotContain("a=candidate", offer.Sdp, StringComparison.Ordinal);
            await b.SetRemoteDescriptionAsync(offer);
            await a.SetLocalDescriptionAsync(offer);
            var answer = await b.CreateAnswerAsync();
            await a.SetRemoteDescriptionAsync(answer);
            await b.SetLocalDescriptionAsync(answer);
        });
        simulation.RunUntil(() => opened, SimTime.FromSeconds(60));

        Assert.True(opened, "the channel did not open on trickled candidates");
        Assert.Equal(2, endsOfGathering);
        Assert.Contains("a=candidate", a.LocalDescription!.Sdp, StringComparison.Ordinal);
        simulation.Spawn("teardown", async () =>
        {
            await a.DisposeAsync();
            await b.DisposeAsync();
        });
        simulation.RunFor(TimeSpan.FromSeconds(1));
    }

    private static RunResult Run(ulong seed, bool forgeAnswerFingerprint = false)
    {
        var simulation = new Simulation(seed);
        var network = new VirtualNetwork(simulation);

        // A lossy, reordering office LAN: 5 % of packets lost, 5 % overtaken.
        var lossy = LinkProfiles.Lan with { Name = "lan-lossy", LossRate = 0.05, ReorderRate = 0.05, BaseLatency = TimeSpan.FromMilliseconds(2) };
        var building = network.AddSegment("building", SegmentKind.Building, LinkProfiles.Lan);
        var hostA = network.AddHost("tablet-a", building, lossy);
        var hostB = network.AddHost("tablet-b", building, lossy);
        var a = Connect(simulation, hostA);
        var b = Connect(simulation, hostB);

        var payloadRandom = simulation.Random("payloads");
        var large = new byte[LargeMessageBytes];
        payloadRandom.NextBytes(large);
        var small = Enumerable.Range(0, SmallMessages).Select(_ =>
        {
            var bytes = new byte[1 + payloadRandom.Next(3000)];
            payloadRandom.NextBytes(bytes);
            return bytes;
        }).ToList();
        var receivedByA = new List<Received>();
        var receivedByB = new List<Received>();
        var channelClosedAtB = false;

        // Created before any description: its id is assigned once the DTLS role is known.
        var channel = a.CreateDataChannel("sync");
        channel.Opened += opened =>
        {
            opened.Send("hello from a");
            opened.Send(large);
            foreach (var message in small)
            {
                opened.Send(message);
            }
        };
        channel.MessageReceived += message => receivedByA.Add(Received.Of(message));
        b.DataChannel += remote =>
        {
            remote.MessageReceived += message =>
            {
                receivedByB.Add(Received.Of(message));
                if (message.IsText)
                {
                    remote.Send("hello from b");
                }
            };
            remote.Closed += _ => channelClosedAtB = true;
        };

        simulation.Spawn("signalling", async () =>
        {
            await a.SetLocalDescriptionAsync(await a.CreateOfferAsync());
            await b.SetRemoteDescriptionAsync(a.LocalDescription!);
            await b.SetLocalDescriptionAsync(await b.CreateAnswerAsync());
            var answer = b.LocalDescription!;
            if (forgeAnswerFingerprint)
            {
                answer = answer with { Sdp = answer.Sdp.Replace(b.Certificate.Fingerprint.ToString(), OtherFingerprint(simulation).ToString(), StringComparison.Ordinal) };
            }

            await a.SetRemoteDescriptionAsync(answer);
        });

        bool Delivered() => receivedByA.Count == 1 && receivedByB.Count == 2 + SmallMessages;
        simulation.RunUntil(() => Delivered() || a.ConnectionState == RtcPeerConnectionState.Failed, SimTime.FromSeconds(300));
        var completed = Delivered();
        var statsA = a.GetStats();
        if (forgeAnswerFingerprint)
        {
            simulation.RunUntil(() => b.ConnectionState == RtcPeerConnectionState.Failed, simulation.Now + TimeSpan.FromSeconds(120));
        }
        else if (completed)
        {
            simulation.Spawn("close", a.CloseAsync);
            simulation.RunUntil(() => channelClosedAtB && b.ConnectionState == RtcPeerConnectionState.Closed, simulation.Now + TimeSpan.FromSeconds(60));
        }

        var result = new RunResult(
            completed, receivedByA, receivedByB, [Digest(large), .. small.Select(Digest)], simulation.Trace.HashHex, network.Traffic.Dropped(DropReason.Loss),
            a.ConnectionState, b.ConnectionState, a.FailureReason ?? "", channelClosedAtB, statsA.SctpFastRetransmits + statsA.SctpRetransmissionTimeouts);
        simulation.Spawn("teardown", async () =>
        {
            await a.DisposeAsync();
            await b.DisposeAsync();
        });
        simulation.RunFor(TimeSpan.FromSeconds(1));
        return result;
    }

    private static RtcPeerConnection Connect(Simulation simulation, SimHost host) =>
        new(
            new RtcConfiguration { HostAddresses = [host.Address!], MaxMessageSize = 2 * LargeMessageBytes },
            new RtcPorts(host.Network, simulation.Clock, simulation.Random(host.Name + "/webrtc"), new DtlsModelFactory(simulation.Clock, simulation.Random(host.Name + "/dtls"))));

    private static DtlsFingerprint OtherFingerprint(Simulation simulation) =>
        DtlsCertificate.Generate(simulation.Random("forger"), simulation.Clock).Fingerprint;

    private static string Digest(byte[] bytes) => Convert.ToHexString(SHA256.HashData(bytes)) + ":" + bytes.Length;

    private sealed record Received(bool IsText, string Text, string Digest)
    {
        public static Received Of(DataChannelMessage message) =>
            new(message.IsText, message.IsText ? Encoding.UTF8.GetString(message.Data) : "", SimulatedPeerConnectionTests.Digest(message.Data));
    }

    private sealed record RunResult(
        bool Completed, List<Received> ReceivedByA, List<Received> ReceivedByB, List<string> SentBinaryDigests, string TraceHash, long Dropped,
        RtcPeerConnectionState StateA, RtcPeerConnectionState StateB, string FailureA, bool ChannelClosedAtB, long RetransmittedByA);
}
