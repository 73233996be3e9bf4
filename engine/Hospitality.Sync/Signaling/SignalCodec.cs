using System.Buffers;
using System.Text.Json;

namespace Hospitality.Sync.Signaling;

/// <summary>
/// Encodes and decodes signaling messages as UTF-8 JSON objects (one message per frame). Every
/// field is bounded and identifiers are restricted to a safe alphabet, so whatever a device or a
/// browser sends is either a well-formed message or a clear error.
/// </summary>
internal static class SignalCodec
{
    /// <summary>The largest frame: an SDP with many candidates stays far below it.</summary>
    public const int MaxFrameBytes = 64 * 1024;

    public const int MaxIdLength = 128;

    public const int MaxSdpLength = 32 * 1024;

    public const int MaxCandidateLength = 1024;

    public const int MaxTextLength = 1024;

    /// <summary>An access token (a signed JWT of a few hundred bytes) fits with room to spare.</summary>
    public const int MaxTokenLength = 4096;

    /// <summary>The most peers a peer list or a stats map may carry.</summary>
    public const int MaxListCount = 10_000;

    private static readonly JsonDocumentOptions ReadOptions = new() { MaxDepth = 4 };

    public static byte[] Encode(SignalMessage message)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            switch (message)
            {
                case JoinMessage join:
                    writer.WriteString("type", "join");
                    writer.WriteString("propertyId", join.PropertyId);
                    writer.WriteString("deviceId", join.DeviceId);
                    if (join.Token is { } token)
                    {
                        writer.WriteString("token", token);
                    }
                    break;
                case PeerListMessage list:
                    writer.WriteString("type", "peer-list");
                    writer.WriteString("propertyId", list.PropertyId);
                    writer.WriteStartArray("peers");
                    foreach (var peer in list.Peers)
                    {
                        writer.WriteStringValue(peer);
                    }

                    writer.WriteEndArray();
                    break;
                case OfferMessage offer:
                    WriteAddressed(writer, "offer", offer.From, offer.To);
                    writer.WriteString("sdp", offer.Sdp);
                    WriteSession(writer, offer.Session);
                    break;
                case AnswerMessage answer:
                    WriteAddressed(writer, "answer", answer.From, answer.To);
                    writer.WriteString("sdp", answer.Sdp);
                    WriteSession(writer, answer.Session);
                    break;
                case IceCandidateMessage candidate:
                    WriteAddressed(writer, "ice-candidate", candidate.From, candidate.To);
                    writer.WriteString("candidate", candidate.Candidate);
                    WriteSession(writer, candidate.Session);
                    break;
                case PeerJoinedMessage joined:
                    writer.WriteString("type", "peer-joined");
                    writer.WriteString("peerId", joined.PeerId);
                    break;
                case PeerLeftMessage left:
                    writer.WriteString("type", "peer-left");
                    writer.WriteString("peerId", left.PeerId);
                    break;
                case SignalErrorMessage error:
                    writer.WriteString("type", "error");
                    writer.WriteString("code", error.Code);
                    writer.WriteString("message", error.Message);
                    break;
                case StatsRequestMessage:
                    writer.WriteString("type", "get-stats");
                    break;
                case StatsMessage { Stats: var stats }:
                    writer.WriteString("type", "stats");
                    writer.WriteNumber("totalPeers", stats.TotalPeers);
                    writer.WriteNumber("properties", stats.Properties);
                    writer.WriteStartObject("peersPerProperty");
                    foreach (var (property, count) in stats.PeersPerProperty.OrderBy(pair => pair.Key, StringComparer.Ordinal))
                    {
                        writer.WriteNumber(property, count);
                    }

                    writer.WriteEndObject();
                    writer.WriteNumber("messagesRelayed", stats.MessagesRelayed);
                    writer.WriteNumber("messagesRefused", stats.MessagesRefused);
                    break;
                default:
                    throw new ArgumentException($"{message.GetType().Name} is not a signaling message.", nameof(message));
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static SignalDecodeResult Decode(ReadOnlyMemory<byte> frame)
    {
        if (frame.Length > MaxFrameBytes)
        {
            return SignalDecodeResult.Failure($"the message is {frame.Length} bytes; at most {MaxFrameBytes} are allowed");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(frame, ReadOptions);
        }
        catch (JsonException exception)
        {
            return SignalDecodeResult.Failure($"not JSON: {exception.Message}");
        }

        using (document)
        {
            try
            {
                return DecodeObject(document.RootElement);
            }
            catch (SignalFieldException exception)
            {
                return SignalDecodeResult.Failure(exception.Message);
            }
            catch (InvalidOperationException)
            {
                // JsonElement.GetString refuses a string whose escapes or bytes are not valid UTF-8 or UTF-16.
                return SignalDecodeResult.Failure("a string holds invalid UTF-8 or an unpaired surrogate escape");
            }
        }
    }

    /// <summary>Whether <paramref name="id"/> may name a property or a device: 1-128 of A-Z a-z 0-9 . _ : @ -.</summary>
    public static bool IsValidId(string id) =>
        id.Length is > 0 and <= MaxIdLength && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or ':' or '@' or '-');

    private static void WriteAddressed(Utf8JsonWriter writer, string type, string from, string to)
    {
        writer.WriteString("type", type);
        if (from.Length > 0)
        {
            writer.WriteString("from", from);
        }

        writer.WriteString("to", to);
    }

    private static void WriteSession(Utf8JsonWriter writer, string? session)
    {
        if (session is not null)
        {
            writer.WriteString("session", session);
        }
    }

    private static SignalDecodeResult DecodeObject(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return SignalDecodeResult.Failure($"a message is a JSON object, not {root.ValueKind}");
        }

        var type = Text(root, "type", 32);
        SignalMessage message = type switch
        {
            "join" => new JoinMessage(Id(root, "propertyId"), Id(root, "deviceId"), root.TryGetProperty("token", out _) ? Text(root, "token", MaxTokenLength) : null),
            "peer-list" => new PeerListMessage(Id(root, "propertyId"), Ids(root, "peers")),
            "offer" => new OfferMessage(OptionalId(root, "from"), Id(root, "to"), Text(root, "sdp", MaxSdpLength), Session(root)),
            "answer" => new AnswerMessage(OptionalId(root, "from"), Id(root, "to"), Text(root, "sdp", MaxSdpLength), Session(root)),
            "ice-candidate" => new IceCandidateMessage(OptionalId(root, "from"), Id(root, "to"), Text(root, "candidate", MaxCandidateLength, allowEmpty: true), Session(root)),
            "peer-joined" => new PeerJoinedMessage(Id(root, "peerId")),
            "peer-left" => new PeerLeftMessage(Id(root, "peerId")),
            "error" => new SignalErrorMessage(Text(root, "code", 64), Text(root, "message", MaxTextLength, allowEmpty: true)),
            "get-stats" => new StatsRequestMessage(),
            "stats" => new StatsMessage(Stats(root)),
            _ => throw new SignalFieldException($"unknown message type '{type}'; allowed: join, peer-list, offer, answer, ice-candidate, peer-joined, peer-left, error, get-stats, stats"),
        };
        return SignalDecodeResult.Success(message);
    }

    private static SignalingStats Stats(JsonElement root)
    {
        var perProperty = new SortedDictionary<string, int>(StringComparer.Ordinal);
        if (!root.TryGetProperty("peersPerProperty", out var map) || map.ValueKind != JsonValueKind.Object)
        {
            throw new SignalFieldException("'peersPerProperty' must be an object");
        }

        foreach (var entry in map.EnumerateObject())
        {
            if (!IsValidId(entry.Name) || !entry.Value.TryGetInt32(out var count) || count < 0 || perProperty.Count >= MaxListCount || !perProperty.TryAdd(entry.Name, count))
            {
                throw new SignalFieldException($"'peersPerProperty' holds an invalid, duplicate or excess entry '{Shorten(entry.Name)}'");
            }
        }

        return new SignalingStats(Count(root, "totalPeers"), Count(root, "properties"), perProperty, Count(root, "messagesRelayed"), Count(root, "messagesRefused"));
    }

    private static int Count(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var count) && count >= 0
            ? count
            : throw new SignalFieldException($"'{name}' must be a whole number from 0 to {int.MaxValue}");

    private static string Text(JsonElement root, string name, int maxLength, bool allowEmpty = false)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.String)
        {
            throw new SignalFieldException($"'{name}' must be a string");
        }

        var text = value.GetString()!;
        if (text.Length > maxLength || (!allowEmpty && text.Length == 0))
        {
            throw new SignalFieldException($"'{name}' must hold {(allowEmpty ? 0 : 1)} to {maxLength} characters, not {text.Length}");
        }

        return text;
    }

    private static string Id(JsonElement root, string name)
    {
        var id = Text(root, name, MaxIdLength);
        return IsValidId(id) ? id : throw new SignalFieldException($"'{name}' may hold only A-Z, a-z, 0-9 and . _ : @ -");
    }

    private static string OptionalId(JsonElement root, string name) => root.TryGetProperty(name, out _) ? Id(root, name) : "";

    private static string? Session(JsonElement root) => root.TryGetProperty("session", out _) ? Id(root, "session") : null;

    private static List<string> Ids(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var array) || array.ValueKind != JsonValueKind.Array || array.GetArrayLength() > MaxListCount)
        {
            throw new SignalFieldException($"'{name}' must be an array of at most {MaxListCount} ids");
        }

        var ids = new List<string>();
        foreach (var element in array.EnumerateArray())
        {
            if (element.ValueKind != JsonValueKind.String || element.GetString() is not { } id || !IsValidId(id))
            {
                throw new SignalFieldException($"'{name}' holds something that is not a device id");
            }

            ids.Add(id);
        }

        return ids;
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : string.Concat(text.AsSpan(0, 40), "…");

    /// <summary>A field out of bounds; caught inside <see cref="Decode"/>, never escapes it.</summary>
    private sealed class SignalFieldException(string message) : Exception(message);
}
