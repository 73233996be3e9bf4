using System.Security.Cryptography;
using Hospitality.Sim.Kernel;
using Hospitality.Sim.Network;
using Hospitality.Sync.WebRtc.DataChannels;
using Hospitality.Sync.WebRtc.Ice;

namespace Hospitality.Sync.Tests.WebRtc;

/// <summary>
/// ICE, SCTP and data channels between two hosts of the simulator's virtual network, on its
/// clock and seeded randomness (DTLS is not part of the path yet: see <see cref="SimulatedPeer"/>).
/// </summary>
public sealed class SimulatedDataChannelTests
{
    [Fact]
    public void A_channel_opens_and_carries_every_message_in_order_through_loss_and_reordering()
    {
        var run = Run(seed: 42);

        Assert.True(run.Completed, "the channel did not deliver everything within 120 virtual seconds");
        Assert.Equal(run.Sent, run.Received);
        Assert.True(run.Dropped > 0, "the link dropped nothing, so retransmission was not exercised");
    }

    [Fact]
    public void The_same_seed_gives_the_same_trace_hash()
    {
        var first = Run(seed: 7);
        var second = Run(seed: 7);

        Assert.True(first.Completed && second.Completed);
        Assert.Equal(first.TraceHash, second.TraceHash);
        Assert.Equal(first.Received, second.Received);
        Assert.NotEqual(first.TraceHash, Run(seed: 8).TraceHash);
    }

    private static RunResult Run(ulong seed)
    {
        var simulation = new Simulation(seed);
        var network = new VirtualNetwork(simulation);

        // A lossy, reordering office LAN: 5 % of packets lost, 5 % overtaken.
        var lossy = LinkProfiles.Lan with { Name = "lan-lossy", LossRate = 0.05, ReorderRate = 0.05, BaseLatency = TimeSpan.FromMilliseconds(2) };
        var building = network.AddSegment("building", SegmentKind.Building, LinkProfiles.Lan);
        var hostA = network.AddHost("tablet-a", building, lossy);
        var hostB = network.AddHost("tablet-b", building, lossy);
        var a = new SimulatedPeer(hostA, simulation.Clock, simulation.Random("tablet-a/webrtc"), IceRole.Controlling, isDtlsClient: true);
        var b = new SimulatedPeer(hostB, simulation.Clock, simulation.Random("tablet-b/webrtc"), IceRole.Controlled, isDtlsClient: false);
        a.Learn(b);
        b.Learn(a);

        // A hundred messages up to 3,000 bytes, and one of 200 KB in the middle.
        var payloadRandom = simulation.Random("payloads");
        var payloads = Enumerable.Range(0, 100).Select(i =>
        {
            var bytes = new byte[1 + payloadRandom.Next(i == 50 ? 200_000 : 3000)];
            payloadRandom.NextBytes(bytes);
            return bytes;
        }).ToList();
        var sent = payloads.Select(Digest).ToList();

        var received = new List<string>();
        b.Channels.ChannelOpened += channel =>
            channel.MessageReceived += message => received.Add(Digest(message.Data));
        a.Sctp.StateChanged += state =>
        {
            if (state != Sync.WebRtc.Sctp.SctpAssociationState.Established)
            {
                return;
            }

            var channel = a.Channels.CreateChannel("sync");
            channel.Opened += opened =>
            {
                foreach (var payload in payloads)
                {
                    opened.Send(payload);
                }
            };
        };

        a.Start();
        b.Start();
        simulation.RunUntil(() => received.Count == sent.Count, SimTime.FromSeconds(120));
        return new RunResult(received.Count == sent.Count, sent, received, simulation.Trace.HashHex, network.Traffic.Dropped(DropReason.Loss));
    }

    private static string Digest(byte[] bytes) => Convert.ToHexString(SHA256.HashData(bytes)) + ":" + bytes.Length;

    private sealed record RunResult(bool Completed, List<string> Sent, List<string> Received, string TraceHash, long Dropped);
}
