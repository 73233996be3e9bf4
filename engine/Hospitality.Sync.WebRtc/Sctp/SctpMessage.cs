namespace Hospitality.Sync.WebRtc.Sctp;

/// <summary>A whole user message delivered by the association: its stream, payload protocol and bytes.</summary>
internal sealed record SctpMessage(ushort StreamId, uint PayloadProtocol, byte[] Data, bool Unordered);
