using Hospitality.Sync.Tests.WebRtc.Sctp;
using Hospitality.Sync.WebRtc.Dtls;
using Hospitality.Sync.WebRtc.Ice;
using Hospitality.Sync.WebRtc.Sdp;

namespace Hospitality.Sync.Tests.WebRtc.Sdp;

public sealed class OfferAnswerTests
{
    private static readonly DtlsFingerprint Fingerprint = DtlsFingerprint.Parse(SdpExamples.Fingerprint);

    [Fact]
    public void Our_offer_reads_back_as_an_actpass_bundled_data_channel_offer()
    {
        var ice = IceCredentials.Generate(new SeededRandom(1));

        var offer = SessionDescription.Parse(OfferAnswer.CreateOffer("123", ice, Fingerprint, []).ToString());

        Assert.Equal((DtlsSetup.ActPass, "0", 5000, 262144L), (offer.Setup, offer.Mid, offer.SctpPort, offer.PeerMaxMessageBytes));
        Assert.Equal(["0"], offer.BundleMids);
        Assert.Equal(ice, offer.Ice);
    }

    [Fact]
    public void Answering_chromiums_offer_takes_the_dtls_client_role_and_keeps_its_mid_and_bundle()
    {
        var offer = SessionDescription.Parse(SdpExamples.ChromiumOffer);

        var answer = OfferAnswer.CreateAnswer(offer, "456", IceCredentials.Generate(new SeededRandom(2)), Fingerprint, []);

        Assert.Equal(DtlsSetup.Active, answer.Setup);
        Assert.True(OfferAnswer.IsDtlsClient(answer.Setup, offer.Setup));
        Assert.False(OfferAnswer.IsDtlsClient(offer.Setup, answer.Setup));
        Assert.Equal("0", answer.Mid);
        Assert.Equal(["0"], answer.BundleMids);
        Assert.Equal(answer, SessionDescription.Parse(answer.ToString()));
    }

    [Fact]
    public void Answering_a_legacy_offer_keeps_its_mid_and_writes_the_modern_form()
    {
        var offer = SessionDescription.Parse(SdpExamples.LegacyOffer);

        var answer = OfferAnswer.CreateAnswer(offer, "789", IceCredentials.Generate(new SeededRandom(3)), Fingerprint, []).ToString();

        Assert.Contains("a=mid:sdparta_0\r\n", answer);
        Assert.Contains("a=group:BUNDLE sdparta_0\r\n", answer);
        Assert.Contains("m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\n", answer);
    }

    [Theory]
    [InlineData(DtlsSetup.Active, DtlsSetup.Passive)]
    [InlineData(DtlsSetup.Passive, DtlsSetup.Active)]
    public void An_offer_that_picks_its_role_gets_the_other(DtlsSetup offered, DtlsSetup answered)
    {
        var offer = SessionDescription.Parse(SdpExamples.ChromiumOffer) with { Setup = offered };

        Assert.Equal(answered, OfferAnswer.CreateAnswer(offer, "1", IceCredentials.Generate(new SeededRandom(4)), Fingerprint, []).Setup);
    }

    [Theory]
    [InlineData(DtlsSetup.Active, DtlsSetup.Active)]
    [InlineData(DtlsSetup.Passive, DtlsSetup.Passive)]
    [InlineData(DtlsSetup.ActPass, DtlsSetup.ActPass)]
    public void Setups_that_do_not_pick_one_client_are_refused(DtlsSetup local, DtlsSetup remote)
    {
        Assert.Throws<SdpFormatException>(() => OfferAnswer.IsDtlsClient(local, remote));
    }

    [Fact]
    public void The_offerer_controls_ice_unless_it_is_lite()
    {
        Assert.Equal(IceRole.Controlling, OfferAnswer.IceRoleOf(isOfferer: true, remoteIsIceLite: false));
        Assert.Equal(IceRole.Controlled, OfferAnswer.IceRoleOf(isOfferer: false, remoteIsIceLite: false));
        Assert.Equal(IceRole.Controlling, OfferAnswer.IceRoleOf(isOfferer: false, remoteIsIceLite: true));
    }
}
