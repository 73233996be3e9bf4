namespace Hospitality.Sync.WebRtc;

/// <summary>RTCSdpType without rollback and pranswer, which a data-channel peer does not need.</summary>
public enum RtcSdpType
{
    Offer,
    Answer,
}
