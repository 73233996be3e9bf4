namespace Hospitality.Sync.Signaling;

/// <summary>The machine-readable codes of <see cref="SignalErrorMessage"/>.</summary>
public static class SignalErrorCodes
{
    /// <summary>The frame is not a signaling message (bad JSON, unknown type, a field out of bounds).</summary>
    public const string Malformed = "malformed";

    /// <summary>The frame is larger than the server's message limit.</summary>
    public const string TooLarge = "too-large";

    /// <summary>The device sent faster than its rate limit; the message was dropped.</summary>
    public const string RateLimited = "rate-limited";

    /// <summary>The room already holds the most peers the server allows.</summary>
    public const string RoomFull = "room-full";

    /// <summary>The server already holds the most rooms it allows.</summary>
    public const string TooManyRooms = "too-many-rooms";

    /// <summary>Anything but a join before the join, or a second join on one connection.</summary>
    public const string NotJoined = "not-joined";

    /// <summary>The addressed peer is not in the sender's room (never a peer of another room).</summary>
    public const string UnknownPeer = "unknown-peer";

    /// <summary>A message only the server sends (peer-list, peer-joined, ...), sent by a device.</summary>
    public const string Unexpected = "unexpected";

    /// <summary>The join carried no access token, or a forged, malformed or expired one (as HTTP 401).</summary>
    public const string Unauthorized = "unauthorized";

    /// <summary>A genuine token that does not reach this room or names another device; or a device of another property on the direct path (as HTTP 403).</summary>
    public const string Forbidden = "forbidden";

    /// <summary>The same device joined again on another connection: this one is closed.</summary>
    public const string Replaced = "replaced";
}
