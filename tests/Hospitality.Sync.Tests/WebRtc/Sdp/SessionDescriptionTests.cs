using System.Net;
using Hospitality.Sync.WebRtc.Dtls;
using Hospitality.Sync.WebRtc.Ice;
using Hospitality.Sync.WebRtc.Sdp;

namespace Hospitality.Sync.Tests.WebRtc.Sdp;

public sealed class SessionDescriptionTests
{
    [Fact]
    public void A_chromium_offer_yields_credentials_fingerprint_role_and_sctp_settings()
    {
        var offer = SessionDescription.Parse(SdpExamples.ChromiumOffer);

        Assert.Equal("2079181553264408257", offer.SessionId);
        Assert.Equal(2ul, offer.SessionVersion);
        Assert.Equal(new IceCredentials("5xf5", "RaGh41Km50SazV5xD4cU0KNL"), offer.Ice);
        Assert.Equal(["trickle"], offer.IceOptions);
        Assert.Equal(DtlsFingerprint.Parse(SdpExamples.Fingerprint), offer.Sha256Fingerprint);
        Assert.Equal(0x82, offer.Sha256Fingerprint!.Digest[0]);
        Assert.Equal(DtlsSetup.ActPass, offer.Setup);
        Assert.Equal("0", offer.Mid);
        Assert.Equal(["0"], offer.BundleMids);
        Assert.Equal(5000, offer.SctpPort);
        Assert.Equal(262144, offer.PeerMaxMessageBytes);
        Assert.False(offer.IsLegacySctp);
        Assert.False(offer.EndOfCandidates);
    }

    [Fact]
    public void A_chromium_mdns_host_candidate_is_kept_as_a_name_with_its_extensions()
    {
        var host = SessionDescription.Parse(SdpExamples.ChromiumOffer).Candidates[0];

        Assert.Equal(IceCandidateType.Host, host.Type);
        Assert.True(host.IsMdnsName);
        Assert.Null(host.IpAddress);
        Assert.Equal(54400, host.Port);
        Assert.Equal(2113937151u, host.Priority);
        Assert.Equal([new("generation", "0"), new("network-cost", "999")], host.Extensions);
    }

    [Fact]
    public void A_server_reflexive_candidate_keeps_its_related_address()
    {
        var srflx = SessionDescription.Parse(SdpExamples.ChromiumOffer).Candidates[1];

        Assert.Equal(IceCandidateType.ServerReflexive, srflx.Type);
        Assert.Equal(IPAddress.Parse("203.0.113.7"), srflx.IpAddress);
        Assert.Equal("0.0.0.0", srflx.RelatedAddress);
        Assert.Equal(0, srflx.RelatedPort);
    }

    [Fact]
    public void A_werift_offer_with_lf_line_ends_and_trailing_candidates_parses()
    {
        var offer = SessionDescription.Parse(SdpExamples.WeriftOffer);

        Assert.Equal("c3b4", offer.Ice.Ufrag);
        Assert.Equal(65536, offer.PeerMaxMessageBytes);
        Assert.Equal(2, offer.Candidates.Count);
        Assert.Equal(IPAddress.Loopback, offer.Candidates[0].IpAddress);
        Assert.True(offer.EndOfCandidates);
        Assert.Equal("0", offer.Mid);
    }

    [Fact]
    public void A_legacy_offer_takes_its_port_from_sctpmap_and_its_fingerprint_from_the_session()
    {
        var offer = SessionDescription.Parse(SdpExamples.LegacyOffer);

        Assert.True(offer.IsLegacySctp);
        Assert.Equal(5000, offer.SctpPort);
        Assert.Equal("sdparta_0", offer.Mid);
        Assert.Equal(DtlsFingerprint.Parse(SdpExamples.Fingerprint), offer.Sha256Fingerprint);
        Assert.Equal(SessionDescription.DefaultMaxMessageBytes, offer.PeerMaxMessageBytes);
        Assert.Equal("udp", offer.Candidates[0].Transport);
    }

    [Fact]
    public void A_legacy_offer_is_answered_in_the_modern_form()
    {
        var offer = SessionDescription.Parse(SdpExamples.LegacyOffer);

        var text = offer.ToString();

        Assert.Contains("m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\n", text);
        Assert.DoesNotContain("sctpmap", text);
        Assert.Equal(offer with { IsLegacySctp = false }, SessionDescription.Parse(text));
    }

    [Fact]
    public void The_written_form_is_what_chromium_accepts()
    {
        var description = new SessionDescription
        {
            SessionId = "4611731400430051336",
            SessionVersion = 1,
            Ice = new IceCredentials("abcd1234", "ABCDEFGHIJKLMNOPQRSTUVWX"),
            IceOptions = ["trickle"],
            Fingerprints = [DtlsFingerprint.Parse(SdpExamples.Fingerprint)],
            Setup = DtlsSetup.ActPass,
            BundleMids = ["0"],
            MaxMessageBytes = 262144,
            Candidates =
            [
                new IceCandidate { Foundation = "1", Priority = 2130706431, Address = "127.0.0.1", Port = 50000, Type = IceCandidateType.Host },
            ],
        };

        Assert.Equal(
            "v=0\r\n" +
            "o=- 4611731400430051336 1 IN IP4 127.0.0.1\r\n" +
            "s=-\r\n" +
            "t=0 0\r\n" +
            "a=group:BUNDLE 0\r\n" +
            "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\n" +
            "c=IN IP4 0.0.0.0\r\n" +
            "a=candidate:1 1 udp 2130706431 127.0.0.1 50000 typ host\r\n" +
            "a=ice-ufrag:abcd1234\r\n" +
            "a=ice-pwd:ABCDEFGHIJKLMNOPQRSTUVWX\r\n" +
            "a=ice-options:trickle\r\n" +
            "a=fingerprint:" + SdpExamples.Fingerprint + "\r\n" +
            "a=setup:actpass\r\n" +
            "a=mid:0\r\n" +
            "a=sctp-port:5000\r\n" +
            "a=max-message-size:262144\r\n",
            description.ToString());
    }

    [Fact]
    public void Without_a_setup_line_the_peer_is_active()
    {
        var sdp = SdpExamples.ChromiumOffer.Replace("a=setup:actpass\r\n", "", StringComparison.Ordinal);

        Assert.Equal(DtlsSetup.Active, SessionDescription.Parse(sdp).Setup);
    }

    [Fact]
    public void Section_attributes_override_session_attributes()
    {
        var sdp = SdpExamples.ChromiumOffer.Replace("a=group:BUNDLE 0\r\n", "a=group:BUNDLE 0\r\na=setup:passive\r\na=ice-ufrag:zzzzzz\r\n", StringComparison.Ordinal);

        var offer = SessionDescription.Parse(sdp);

        Assert.Equal(DtlsSetup.ActPass, offer.Setup);
        Assert.Equal("5xf5", offer.Ice.Ufrag);
    }

    [Fact]
    public void Audio_and_video_sections_are_skipped()
    {
        var sdp = SdpExamples.ChromiumOffer.Replace(
            "m=application",
            "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=mid:audio\r\na=rtpmap:111 opus/48000/2\r\na=sctp-port:9999\r\nm=application",
            StringComparison.Ordinal);

        var offer = SessionDescription.Parse(sdp);

        Assert.Equal("0", offer.Mid);
        Assert.Equal(5000, offer.SctpPort);
    }

    [Theory]
    [InlineData("a=fingerprint:" + SdpExamples.Fingerprint + "\r\n", "", "a=fingerprint is missing")]
    [InlineData("a=ice-ufrag:5xf5", "a=ice-ufrag:5xf", "ice-ufrag has 3 characters")]
    [InlineData("a=ice-pwd:RaGh41Km50SazV5xD4cU0KNL", "a=ice-pwd:RaGh41Km50", "ice-pwd has 10 characters")]
    [InlineData("a=ice-ufrag:5xf5", "a=ice-ufrag:5x-f5", "contains '-'")]
    [InlineData("a=setup:actpass", "a=setup:both", "setup 'both'")]
    [InlineData("m=application 9 UDP/DTLS/SCTP webrtc-datachannel", "m=application 0 UDP/DTLS/SCTP webrtc-datachannel", "rejected (port 0)")]
    [InlineData("m=application 9 UDP/DTLS/SCTP webrtc-datachannel", "m=application 9 UDP/DTLS/SCTP 5000", "carries webrtc-datachannel")]
    [InlineData("m=application 9 UDP/DTLS/SCTP webrtc-datachannel", "m=video 9 UDP/TLS/RTP/SAVPF 96", "no m=application section")]
    [InlineData(":B8:91:42:A3\r\n", ":B8:91:42\r\n", "has 32 bytes, not 31")]
    [InlineData("a=sctp-port:5000", "a=sctp-port:70000", "sctp-port '70000'")]
    [InlineData("a=mid:0", "a=mid:0\r\na=mid:1", "a=mid appears twice")]
    [InlineData("v=0", "v=1", "starts with v=0")]
    [InlineData("s=-", "s-", "line 3: 's-' is not <letter>=<value>")]
    [InlineData("typ host generation 0 network-cost 999", "typ local", "candidate type 'local'")]
    public void A_description_chromium_would_refuse_is_refused_with_the_reason(string find, string replace, string reason)
    {
        var sdp = SdpExamples.ChromiumOffer.Replace(find, replace, StringComparison.Ordinal);
        Assert.NotEqual(SdpExamples.ChromiumOffer, sdp);

        var error = Assert.Throws<SdpFormatException>(() => SessionDescription.Parse(sdp));

        Assert.Contains(reason, error.Message);
        Assert.False(SessionDescription.TryParse(sdp, out _, out var text));
        Assert.Equal(error.Message, text);
    }

    [Fact]
    public void A_legacy_port_that_disagrees_with_sctpmap_is_refused()
    {
        var sdp = SdpExamples.LegacyOffer.Replace("a=sctpmap:5000", "a=sctpmap:5001", StringComparison.Ordinal);

        Assert.Contains("names SCTP port 5000 but a=sctpmap names 5001", Assert.Throws<SdpFormatException>(() => SessionDescription.Parse(sdp)).Message);
    }

    [Fact]
    public void An_oversized_description_is_refused_before_parsing()
    {
        var sdp = SdpExamples.ChromiumOffer + new string('x', SessionDescription.MaxChars);

        Assert.Contains("the limit is", Assert.Throws<SdpFormatException>(() => SessionDescription.Parse(sdp)).Message);
    }

    [Fact]
    public void Max_message_size_zero_means_any_size()
    {
        var sdp = SdpExamples.ChromiumOffer.Replace("max-message-size:262144", "max-message-size:0", StringComparison.Ordinal);

        Assert.Equal(long.MaxValue, SessionDescription.Parse(sdp).PeerMaxMessageBytes);
    }
}
