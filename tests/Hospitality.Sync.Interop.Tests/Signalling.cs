using Hospitality.Sync.WebRtc;

namespace Hospitality.Sync.Interop.Tests;

/// <summary>
/// Carries SDP between our peer and a peer process, the way a signalling server would, in
/// either direction; <paramref name="rewriteTheirs"/> lets a test adjust what the other side declares.
/// </summary>
public static class Signalling
{
    public static async Task ConnectAsync(OurPeer ours, PeerProcess theirs, bool weOffer, Func<string, string>? rewriteTheirs = null)
    {
        rewriteTheirs ??= sdp => sdp;
        if (weOffer)
        {
            ours.CreateChannel("interop");
            await ours.Connection.SetLocalDescriptionAsync(await ours.Connection.CreateOfferAsync());
            theirs.SendDescription(ours.Connection.LocalDescription!);
            var answer = await theirs.NextAsync(e => e.Kind == "description" && e.Type == "answer", "an answer");
            await ours.Connection.SetRemoteDescriptionAsync(new RtcSessionDescription(RtcSdpType.Answer, rewriteTheirs(answer.Sdp!)));
        }
        else
        {
            var offer = await theirs.NextAsync(e => e.Kind == "description" && e.Type == "offer", "an offer");
            await ours.Connection.SetRemoteDescriptionAsync(new RtcSessionDescription(RtcSdpType.Offer, rewriteTheirs(offer.Sdp!)));
            await ours.Connection.SetLocalDescriptionAsync(await ours.Connection.CreateAnswerAsync());
            theirs.SendDescription(ours.Connection.LocalDescription!);
        }
    }
}
