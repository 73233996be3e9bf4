using Hospitality.Sync.WebRtc.DataChannels;

namespace Hospitality.Sync.WebRtc.Peers;

/// <summary>A message from a peer (the seed's <c>{ peerId, message }</c>).</summary>
public sealed record PeerMessage(string PeerId, DataChannelMessage Message);
