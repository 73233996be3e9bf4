namespace Hospitality.Sync.WebRtc.DataChannels;

/// <summary>The readyState of a data channel (W3C WebRTC, RTCDataChannelState).</summary>
public enum DataChannelState
{
    Connecting,
    Open,
    Closing,
    Closed,
}
