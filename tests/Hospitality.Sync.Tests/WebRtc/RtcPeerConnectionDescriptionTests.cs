using Hospitality.Sim.Kernel;
using Hospitality.Sim.Network;
using Hospitality.Sim.WebRtc;
using Hospitality.Sync.WebRtc;

namespace Hospitality.Sync.Tests.WebRtc;

/// <summary>What <see cref="RtcPeerConnection"/> writes in its offers and answers, and that it talks to a peer writing the legacy SCTP form.</summary>
public sealed class RtcPeerConnectionDescriptionTests
{
    [Fact]
    public void The_offer_is_actpass_and_the_answer_active_both_modern_with_mid_sctp_port_and_max_message_size()
    {
        var (simulation, a, b) = Pair(seed: 1);
        RtcSessionDescription? offer = null;
        RtcSessionDescription? answer = null;
        simulation.Spawn("signalling", async () =>
        {
            await a.SetLocalDescriptionAsync(await a.CreateOfferAsync());
            offer = a.LocalDescription;
            await b.SetRemoteDescriptionAsync(offer!);
            await b.SetLocalDescriptionAsync(await b.CreateAnswerAsync());
            answer = b.LocalDescription;
        });
        simulation.RunFor(TimeSpan.FromMilliseconds(1));

        foreach (var sdp in new[] { offer!.Sdp, answer!.Sdp })
        {
            Assert.Contains("m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\n", sdp, StringComparison.Ordinal);
            Assert.Contains("a=mid:0\r\n", sdp, StringComparison.Ordinal);
            Assert.Contains("a=sctp-port:5000\r\n", sdp, StringComparison.Ordinal);
            Assert.Contains("a=max-message-size:262144\r\n", sdp, StringComparison.Ordinal);
            Assert.Contains("a=fingerprint:sha-256 ", sdp, StringComparison.Ordinal);
            Assert.Contains("a=candidate:", sdp, StringComparison.Ordinal);
        }

        Assert.Equal(RtcSdpType.Offer, offer.Type);
        Assert.Contains("a=setup:actpass\r\n", offer.Sdp, StringComparison.Ordinal);
        Assert.Equal(RtcSdpType.Answer, answer.Type);
        Assert.Contains("a=setup:active\r\n", answer.Sdp, StringComparison.Ordinal);
    }

    [Fact]
    public void An_offer_in_the_legacy_sctpmap_form_is_answered_and_connects_and_the_dtls_server_numbers_its_channel_odd()
    {
        var (simulation, a, b) = Pair(seed: 2);
        var opened = false;
        string? heard = null;
        var created = a.CreateDataChannel("legacy");
        Assert.Equal(Sync.WebRtc.DataChannels.DataChannel.UnassignedId, created.Id);
        created.Opened += channel =>
        {
            opened = true;
            channel.Send("hello");
        };
        b.DataChannel += channel => channel.MessageReceived += message => heard = System.Text.Encoding.UTF8.GetString(message.Data);
        simulation.Spawn("signalling", async () =>
        {
            await a.SetLocalDescriptionAsync(await a.CreateOfferAsync());
            var legacy = a.LocalDescription!.Sdp
                .Replace("m=application 9 UDP/DTLS/SCTP webrtc-datachannel", "m=application 9 DTLS/SCTP 5000", StringComparison.Ordinal)
                .Replace("a=sctp-port:5000", "a=sctpmap:5000 webrtc-datachannel 1024", StringComparison.Ordinal)
                .Replace("a=max-message-size:262144\r\n", "", StringComparison.Ordinal);
            await b.SetRemoteDescriptionAsync(new RtcSessionDescription(RtcSdpType.Offer, legacy));
            await b.SetLocalDescriptionAsync(await b.CreateAnswerAsync());
            await a.SetRemoteDescriptionAsync(b.LocalDescription!);
        });

        simulation.RunUntil(() => heard is not null, SimTime.FromSeconds(60));

        Assert.True(opened);
        Assert.Equal("hello", heard);

        // The offerer is the DTLS server (the answer said active), so its channels take odd stream ids.
        Assert.Equal(1, created.Id % 2);
        Assert.Equal(RtcPeerConnectionState.Connected, b.ConnectionState);
    }

    private static (Simulation Simulation, RtcPeerConnection A, RtcPeerConnection B) Pair(ulong seed)
    {
        var simulation = new Simulation(seed);
        var network = new VirtualNetwork(simulation);
        var building = network.AddSegment("building", SegmentKind.Building, LinkProfiles.Lan);
        RtcPeerConnection Create(string name)
        {
            var host = network.AddHost(name, building, LinkProfiles.Lan);
            return new RtcPeerConnection(
                new RtcConfiguration { HostAddresses = [host.Address!] },
                new RtcPorts(host.Network, simulation.Clock, simulation.Random(name + "/webrtc"), new DtlsModelFactory(simulation.Clock, simulation.Random(name + "/dtls"))));
        }

        return (simulation, Create("tablet-a"), Create("tablet-b"));
    }
}
