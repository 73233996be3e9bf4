using FsCheck;
using FsCheck.Fluent;
using Hospitality.Sync.Signaling;

namespace Hospitality.Sync.Tests.Signaling;

/// <summary>Generated signaling messages of every type, with ids at their limits and SDP text with quotes, escapes and non-ASCII characters.</summary>
public static class SignalMessages
{
    private static readonly char[] IdChars = "abcXYZ019._:@-".ToCharArray();
    private static readonly char[] TextChars = "abc XYZ019=:\r\n\"\\/\t\u00e9\u4e2d\u0001<>&'".ToCharArray();

    public static Gen<string> Id { get; } =
        Gen.Frequency((9, Gen.Choose(1, 24)), (1, Gen.Constant(SignalCodec.MaxIdLength)))
            .SelectMany(length => Gen.ArrayOf(Gen.Elements(IdChars), length)).Select(chars => new string(chars));

    public static Gen<string> Text(int maxChars) =>
        Gen.Choose(0, maxChars).SelectMany(length => Gen.ArrayOf(Gen.Elements(TextChars), length)).Select(chars => new string(chars));

    /// <summary>Absent as often as present: the seed's clients name no session.</summary>
    private static Gen<string?> Session { get; } = Gen.OneOf(Gen.Constant((string?)null), Id.Select(id => (string?)id));

    private static Gen<string> NonEmptyText(int maxChars) => Text(maxChars - 1).Select(text => "v" + text);

    public static Gen<SignalMessage> Any { get; } = Gen.OneOf(
        from property in Id from device in Id from token in Gen.OneOf(Gen.Constant((string?)null), NonEmptyText(300).Select(text => (string?)text)) select (SignalMessage)new JoinMessage(property, device, token),
        from property in Id from peers in Gen.ListOf(Id) select (SignalMessage)new PeerListMessage(property, peers.ToList()),
        from sender in Gen.OneOf(Gen.Constant(""), Id) from to in Id from sdp in NonEmptyText(400) from session in Session select (SignalMessage)new OfferMessage(sender, to, sdp, session),
        from sender in Gen.OneOf(Gen.Constant(""), Id) from to in Id from sdp in NonEmptyText(400) from session in Session select (SignalMessage)new AnswerMessage(sender, to, sdp, session),
        from sender in Gen.OneOf(Gen.Constant(""), Id) from to in Id from candidate in Text(200) from session in Session select (SignalMessage)new IceCandidateMessage(sender, to, candidate, session),
        Id.Select(peer => (SignalMessage)new PeerJoinedMessage(peer)),
        Id.Select(peer => (SignalMessage)new PeerLeftMessage(peer)),
        from code in Gen.Elements(SignalErrorCodes.Malformed, SignalErrorCodes.RoomFull, SignalErrorCodes.UnknownPeer, SignalErrorCodes.Unauthorized, SignalErrorCodes.Forbidden) from text in Text(100) select (SignalMessage)new SignalErrorMessage(code, text),
        Gen.Constant((SignalMessage)new StatsRequestMessage()),
        from rooms in Gen.ListOf(Id.SelectMany(room => Gen.Choose(0, 500).Select(count => (room, count))))
        from relayed in Gen.Choose(0, int.MaxValue)
        from refused in Gen.Choose(0, int.MaxValue)
        let perRoom = rooms.DistinctBy(pair => pair.room).ToDictionary(pair => pair.room, pair => pair.count, StringComparer.Ordinal)
        select (SignalMessage)new StatsMessage(new SignalingStats(perRoom.Values.Sum(), perRoom.Count, perRoom, relayed, refused)));

    /// <summary>Records hold lists by reference; compare what travels.</summary>
    public static bool Same(SignalMessage expected, SignalMessage actual) => (expected, actual) switch
    {
        (PeerListMessage a, PeerListMessage b) => a.PropertyId == b.PropertyId && a.Peers.SequenceEqual(b.Peers),
        (StatsRequestMessage, StatsRequestMessage) => true,
        _ => expected.Equals(actual),
    };
}
