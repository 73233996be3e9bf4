using System.Buffers;
using System.Text.Json;
using System.Text.Unicode;
using Hospitality.Sync.Clock;
using Hospitality.Sync.Documents;
using Hospitality.Sync.Replication.Deltas;

namespace Hospitality.Sync.Replication.Protocol;

/// <summary>
/// The wire format of every replication message: one byte of protocol version, one byte of
/// <see cref="MessageKind"/>, then a UTF-8 JSON body. Bodies of documents travel as raw JSON
/// objects, not as escaped strings. Decoding checks every field and limit and returns an error
/// naming what is wrong; it never throws on bad input. After a hello agreed on a compression, a
/// frame may arrive as a <see cref="FrameCompression"/> frame, which decoding expands first.
/// </summary>
public static class ProtocolCodec
{
    public const byte Version = 1;

    /// <summary>The largest frame accepted: a 1000-document initial-sync page of 4 KiB documents fits twice.</summary>
    public const int MaxMessageBytes = 8 * 1024 * 1024;

    /// <summary>The most documents (or push rows) in one message.</summary>
    public const int MaxDocumentsPerMessage = 10_000;

    private const int HeaderBytes = 2;

    /// <summary>Compressions a hello may offer: more is not an offer but a flood.</summary>
    private const int MaxCompressionsOffered = 8;

    /// <summary>The shortest and longest beacon interval a hello may ask for or agree on, in seconds.</summary>
    public const int MinBeaconSeconds = 1;

    public const int MaxBeaconSeconds = 3600;

    // A signed token of a few claims is a few hundred characters; anything near this is not one.
    private const int MaxAccessTokenChars = 4096;

    // Named once: Enum.IsDefined and ToString on every decoded frame allocated.
    private static readonly Dictionary<MessageKind, string> KindNames = Enum.GetValues<MessageKind>().ToDictionary(kind => kind, kind => kind.ToString());

    // Each encode used to start a new buffer and writer, and the writer grows its buffer in steps
    // of kilobytes: most of what an idle heartbeat allocated. One pair per thread is reused instead.
    [ThreadStatic]
    private static EncodeBuffer? t_encodeBuffer;

    public static byte[] Encode(ProtocolMessage message)
    {
        var (buffer, writer) = t_encodeBuffer ??= new EncodeBuffer();
        buffer.ResetWrittenCount();
        writer.Reset(buffer);
        buffer.Write([Version, (byte)KindOf(message)]);
        writer.WriteStartObject();
        writer.WriteNumber("rid", message.RequestId);
        WriteBody(writer, message);
        writer.WriteEndObject();
        writer.Flush();

        var encoded = buffer.WrittenCount > MaxMessageBytes ? null : buffer.WrittenSpan.ToArray();
        var size = buffer.WrittenCount;
        if (buffer.Capacity > EncodeBuffer.KeptBytes)
        {
            t_encodeBuffer = null; // an initial-sync page does not stay allocated on the thread
        }

        return encoded ?? throw new ArgumentException($"The message encodes to {size} bytes; the limit is {MaxMessageBytes}.", nameof(message));
    }

    /// <summary>Decodes bytes that may be reused after the call; they are copied first.</summary>
    public static DecodeResult Decode(ReadOnlySpan<byte> frame) => Decode(frame.ToArray().AsMemory());

    [ThreadStatic]
    private static RecentlyDecoded<ProtocolMessage>? t_recentlyDecoded;

    /// <summary>Decodes a received frame without copying it (the hot path: frames off a connection).</summary>
    public static DecodeResult Decode(ReadOnlyMemory<byte> frame)
    {
        if (FrameCompression.IsCompressed(frame.Span))
        {
            if (frame.Length > MaxMessageBytes)
            {
                return DecodeResult.Failure($"message of {frame.Length} bytes exceeds the {MaxMessageBytes}-byte limit");
            }

            if (!FrameCompression.TryExpand(frame, out var plain, out var error))
            {
                return DecodeResult.Failure(error!);
            }

            frame = plain;
        }

        // Only messages that carry documents are worth remembering: the rest are small and all different.
        var carriesDocuments = frame.Length > HeaderBytes && (MessageKind)frame.Span[1] is MessageKind.ChangeEvent or MessageKind.PullResponse;
        if (!carriesDocuments)
        {
            return DecodeFresh(frame);
        }

        var recent = t_recentlyDecoded ??= new RecentlyDecoded<ProtocolMessage>();
        if (recent.Find(frame.Span) is { } remembered)
        {
            return DecodeResult.Success(remembered);
        }

        var result = DecodeFresh(frame);
        if (result.IsSuccess)
        {
            recent.Add(frame.Span, result.Message);
        }

        return result;
    }

    private static DecodeResult DecodeFresh(ReadOnlyMemory<byte> frame)
    {
        if (frame.Length > MaxMessageBytes)
        {
            return DecodeResult.Failure($"message of {frame.Length} bytes exceeds the {MaxMessageBytes}-byte limit");
        }

        if (frame.Length < HeaderBytes)
        {
            return DecodeResult.Failure($"message of {frame.Length} bytes is shorter than its 2-byte header");
        }

        if (frame.Span[0] != Version)
        {
            return DecodeResult.Failure($"unsupported protocol version {frame.Span[0]} (this build speaks version {Version})");
        }

        var kind = (MessageKind)frame.Span[1];
        if (!KindNames.TryGetValue(kind, out var kindName))
        {
            return DecodeResult.Failure($"unknown message kind {frame.Span[1]}");
        }

        if (!Utf8.IsValid(frame.Span[HeaderBytes..]))
        {
            return DecodeResult.Failure($"{kind} is not valid UTF-8");
        }

        try
        {
            using var json = JsonDocument.Parse(frame[HeaderBytes..], new JsonDocumentOptions { MaxDepth = 64 });
            var body = JsonBody.Root(json.RootElement, kindName);
            return DecodeResult.Success(ReadBody(kind, body));
        }
        catch (JsonException exception)
        {
            return DecodeResult.Failure($"{kind} is not valid JSON: {exception.Message}");
        }
        catch (MalformedMessageException exception)
        {
            return DecodeResult.Failure(exception.Message);
        }
        catch (InvalidOperationException exception)
        {
            // System.Text.Json refuses some valid-looking JSON only when a value is read (lone surrogates).
            return DecodeResult.Failure($"{kind} has an unreadable value: {exception.Message}");
        }
    }

    private static MessageKind KindOf(ProtocolMessage message) => message switch
    {
        PullRequest => MessageKind.PullRequest,
        PullResponse => MessageKind.PullResponse,
        PushRequest => MessageKind.PushRequest,
        PushResponse => MessageKind.PushResponse,
        SubscribeRequest => MessageKind.SubscribeRequest,
        ChangeEvent => MessageKind.ChangeEvent,
        ResyncEvent => MessageKind.ResyncEvent,
        HealthRequest => MessageKind.HealthRequest,
        HealthResponse => MessageKind.HealthResponse,
        ErrorResponse => MessageKind.ErrorResponse,
        HelloRequest => MessageKind.HelloRequest,
        HelloResponse => MessageKind.HelloResponse,
        _ => throw new ArgumentException($"{message.GetType().Name} has no wire encoding.", nameof(message)),
    };

    private static void WriteBody(Utf8JsonWriter writer, ProtocolMessage message)
    {
        switch (message)
        {
            case PullRequest pull:
                writer.WriteNumber("checkpoint", pull.Checkpoint);
                writer.WriteNumber("limit", pull.Limit);
                if (pull.Delta)
                {
                    writer.WriteBoolean("delta", true);
                }

                break;
            case PullResponse pulled:
                WriteDocuments(writer, "documents", pulled.Documents);
                writer.WriteNumber("checkpoint", pulled.Checkpoint);
                break;
            case PushRequest push:
                writer.WriteStartArray("rows");
                foreach (var row in push.Rows)
                {
                    writer.WriteStartObject();
                    if (row.AssumedMaster is { } master)
                    {
                        writer.WritePropertyName("assumedMaster");
                        WriteDocument(writer, master);
                    }

                    writer.WritePropertyName("newState");
                    WriteDocument(writer, row.NewState);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                if (push.Deltas is { Count: > 0 } pushedDeltas)
                {
                    WriteDeltas(writer, pushedDeltas);
                }

                break;
            case PushResponse pushed:
                WriteDocuments(writer, "conflicts", pushed.Conflicts);
                if (pushed.Refused is { Count: > 0 } refused)
                {
                    writer.WriteStartArray("refused");
                    foreach (var write in refused)
                    {
                        writer.WriteStartObject();
                        writer.WriteString("collection", write.Collection);
                        writer.WriteString("id", write.Id);
                        writer.WriteString("reason", write.Reason);
                        writer.WriteEndObject();
                    }

                    writer.WriteEndArray();
                }

                if (pushed.Resend is { Count: > 0 } resend)
                {
                    writer.WriteStartArray("resend");
                    foreach (var unapplied in resend)
                    {
                        writer.WriteStartObject();
                        writer.WriteString("c", unapplied.Collection);
                        writer.WriteString("i", unapplied.Id);
                        writer.WriteEndObject();
                    }

                    writer.WriteEndArray();
                }

                break;
            case SubscribeRequest subscribe:
                writer.WriteNumber("checkpoint", subscribe.Checkpoint);
                break;
            case ChangeEvent change:
                WriteDocuments(writer, "documents", change.Documents);
                writer.WriteNumber("checkpoint", change.Checkpoint);
                if (change.Deltas is { Count: > 0 } deltas)
                {
                    WriteDeltas(writer, deltas);
                }

                break;
            case HealthResponse health:
                writer.WriteString("status", health.Status);
                writer.WriteNumber("lastSequence", health.LastSequence);
                break;
            case ErrorResponse error:
                writer.WriteString("code", error.Code);
                writer.WriteString("message", error.Message);
                break;
            case HelloRequest hello:
                writer.WriteStartArray("compression");
                foreach (var compression in hello.Compression)
                {
                    writer.WriteStringValue(CompressionName(compression));
                }

                writer.WriteEndArray();
                if (!string.IsNullOrEmpty(hello.AccessToken))
                {
                    writer.WriteString("token", hello.AccessToken);
                }

                if (hello.Property is { } wanted)
                {
                    writer.WriteString("property", wanted);
                }

                if (hello.Delta)
                {
                    writer.WriteBoolean("delta", true);
                }

                if (hello.PushDelta)
                {
                    writer.WriteBoolean("pushDelta", true);
                }

                WriteBeacon(writer, hello.Beacon);
                break;
            case HelloResponse hello:
                writer.WriteString("compression", CompressionName(hello.Compression));
                if (hello.Property is { } served)
                {
                    writer.WriteString("property", served);
                }

                if (hello.Delta)
                {
                    writer.WriteBoolean("delta", true);
                }

                if (hello.PushDelta)
                {
                    writer.WriteBoolean("pushDelta", true);
                }

                WriteBeacon(writer, hello.Beacon);
                break;
        }
    }

    private static void WriteBeacon(Utf8JsonWriter writer, TimeSpan? beacon)
    {
        if (beacon is { } every)
        {
            writer.WriteNumber("beacon", BeaconSeconds(every));
        }
    }

    /// <summary>A beacon interval in whole seconds, as the hello carries it.</summary>
    private static int BeaconSeconds(TimeSpan beacon) =>
        beacon >= TimeSpan.FromSeconds(MinBeaconSeconds) && beacon <= TimeSpan.FromSeconds(MaxBeaconSeconds)
            ? (int)beacon.TotalSeconds
            : throw new ArgumentOutOfRangeException(nameof(beacon), beacon, $"A beacon interval is {MinBeaconSeconds} s to {MaxBeaconSeconds} s.");

    private static TimeSpan? Beacon(JsonBody body) =>
        body.Has("beacon") ? TimeSpan.FromSeconds(body.Int32("beacon", MinBeaconSeconds, MaxBeaconSeconds)) : null;

    private static void WriteDocuments(Utf8JsonWriter writer, string name, IReadOnlyList<Document> documents)
    {
        if (documents.Count > MaxDocumentsPerMessage)
        {
            throw new ArgumentException($"{documents.Count} documents exceed the {MaxDocumentsPerMessage}-document limit of one message.");
        }

        writer.WriteStartArray(name);
        foreach (var document in documents)
        {
            WriteDocument(writer, document);
        }

        writer.WriteEndArray();
    }

    // A delta is all overhead but its text: short field names, and no origin when the stamp names it.
    private static void WriteDeltas(Utf8JsonWriter writer, IReadOnlyList<DocumentDelta> deltas)
    {
        if (deltas.Count > MaxDocumentsPerMessage)
        {
            throw new ArgumentException($"{deltas.Count} deltas exceed the {MaxDocumentsPerMessage}-document limit of one message.");
        }

        writer.WriteStartArray("deltas");
        foreach (var delta in deltas)
        {
            writer.WriteStartObject();
            writer.WriteString("c", delta.Collection);
            writer.WriteString("i", delta.Id);
            writer.WriteString("b", delta.BaseStamp.ToString());
            writer.WriteNumber("p", delta.KeepPrefix);
            writer.WriteNumber("x", delta.KeepSuffix);
            if (delta.Text.Length > 0)
            {
                writer.WriteString("t", delta.Text);
            }

            writer.WriteString("s", delta.Stamp.ToString());
            if (delta.OriginNode != delta.Stamp.NodeId)
            {
                writer.WriteString("o", delta.OriginNode);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteDocument(Utf8JsonWriter writer, Document document)
    {
        writer.WriteStartObject();
        writer.WriteString("collection", document.Collection);
        writer.WriteString("id", document.Id);
        writer.WritePropertyName("body");
        writer.WriteRawValue(document.BodyJson);
        Span<char> stamp = document.Stamp.TextLength <= 256 ? stackalloc char[document.Stamp.TextLength] : new char[document.Stamp.TextLength];
        document.Stamp.TryFormat(stamp, out _);
        writer.WriteString("stamp", stamp);
        writer.WriteBoolean("deleted", document.Deleted);
        writer.WriteString("origin", document.OriginNode);
        writer.WriteEndObject();
    }

    private static ProtocolMessage ReadBody(MessageKind kind, JsonBody body)
    {
        var requestId = body.Int64("rid");
        return kind switch
        {
            MessageKind.PullRequest => new PullRequest(requestId, body.Int64("checkpoint"), body.Int32("limit", 1, MaxDocumentsPerMessage), Flag(body, "delta")),
            MessageKind.PullResponse => new PullResponse(requestId, ReadDocuments(body.Array("documents")), body.Int64("checkpoint")),
            MessageKind.PushRequest => ReadPush(requestId, body),
            MessageKind.PushResponse => new PushResponse(requestId, ReadDocuments(body.Array("conflicts")), body.Has("refused") ? body.Array("refused").Items(MaxDocumentsPerMessage).Select(ReadRefused).ToArray() : null, body.Has("resend") ? body.Array("resend").Items(MaxDocumentsPerMessage).Select(ReadUnapplied).ToArray() : null),
            MessageKind.SubscribeRequest => new SubscribeRequest(requestId, body.Int64("checkpoint")),
            MessageKind.ChangeEvent => new ChangeEvent(requestId, ReadDocuments(body.Array("documents")), body.Int64("checkpoint"), body.Has("deltas") ? body.Array("deltas").Items(MaxDocumentsPerMessage).Select(ReadDelta).ToArray() : null),
            MessageKind.ResyncEvent => new ResyncEvent(requestId),
            MessageKind.HealthRequest => new HealthRequest(requestId),
            MessageKind.HealthResponse => new HealthResponse(requestId, body.String("status", 32), body.Int64("lastSequence")),
            MessageKind.ErrorResponse => new ErrorResponse(requestId, body.String("code", 64), body.String("message", 4096)),
            // Unknown names are skipped, not refused: a newer peer may offer algorithms this one does not know.
            MessageKind.HelloRequest => new HelloRequest(requestId, [.. body.Array("compression").Items(MaxCompressionsOffered).Select(item => CompressionNamed(item.StringValue(16))).Where(known => known != WireCompression.None)], body.Has("token") ? body.String("token", MaxAccessTokenChars) : null, Property(body), Flag(body, "delta"), Beacon(body), Flag(body, "pushDelta")),
            MessageKind.HelloResponse => new HelloResponse(requestId, CompressionNamed(body.String("compression", 16)), Property(body), Flag(body, "delta"), Beacon(body), Flag(body, "pushDelta")),
            _ => throw new MalformedMessageException($"unknown message kind {kind}"),
        };
    }

    private static string CompressionName(WireCompression compression) => compression switch
    {
        WireCompression.Deflate => "deflate",
        WireCompression.Brotli => "br",
        _ => "none",
    };

    private static WireCompression CompressionNamed(string name) => name switch
    {
        "deflate" => WireCompression.Deflate,
        "br" => WireCompression.Brotli,
        _ => WireCompression.None,
    };

    /// <summary>A property id, as a document's <c>propertyId</c> holds it; absent in a version-1 hello.</summary>
    private static string? Property(JsonBody body)
    {
        if (!body.Has("property"))
        {
            return null;
        }

        var property = body.String("property", IdentifierField.MaxLength);
        return IdentifierField.Problem(property) is { } problem ? throw new MalformedMessageException($"{body.Path}.property {problem}") : property;
    }

    private static bool Flag(JsonBody body, string name) => body.Has(name) && body.Boolean(name);

    // Rows and deltas together stay within one message's document limit, as a push of whole rows does.
    private static PushRequest ReadPush(long requestId, JsonBody body)
    {
        var rows = body.Array("rows").Items(MaxDocumentsPerMessage).Select(ReadRow).ToArray();
        var deltas = body.Has("deltas") ? body.Array("deltas").Items(MaxDocumentsPerMessage - rows.Length).Select(ReadDelta).ToArray() : null;
        return new PushRequest(requestId, rows, deltas);
    }

    private static UnappliedDelta ReadUnapplied(JsonBody unapplied) =>
        new(unapplied.String("c", 64), unapplied.String("i", 256));

    private static RefusedWrite ReadRefused(JsonBody refused) =>
        new(refused.String("collection", 64), refused.String("id", 256), refused.String("reason", 1024));

    private static Document[] ReadDocuments(JsonBody array) =>
        array.Items(MaxDocumentsPerMessage).Select(ReadDocument).ToArray();

    private static PushRow ReadRow(JsonBody row) =>
        new(row.Has("assumedMaster") ? ReadDocument(row.Object("assumedMaster")) : null, ReadDocument(row.Object("newState")));

    private static DocumentDelta ReadDelta(JsonBody delta)
    {
        var stamp = Stamp(delta, "s");
        if (stamp == Stamp(delta, "b"))
        {
            throw new MalformedMessageException($"{delta.Path}.s is the same version as its base .b: a delta changes a version");
        }

        return new DocumentDelta(
            delta.String("c", 64),
            delta.String("i", 256),
            Stamp(delta, "b"),
            delta.Int32("p", 0, DocumentLimits.BodyMaxBytes),
            delta.Int32("x", 0, DocumentLimits.BodyMaxBytes),
            delta.Has("t") ? delta.String("t", DocumentLimits.BodyMaxBytes) : string.Empty,
            stamp,
            delta.Has("o") ? delta.String("o", 128) : stamp.NodeId);
    }

    private static HlcTimestamp Stamp(JsonBody body, string name)
    {
        var text = body.String(name, 128);
        return HlcTimestamp.TryParse(text, out var stamp)
            ? stamp
            : throw new MalformedMessageException($"{body.Path}.{name} '{text}' is not an HLC timestamp (wall:counter:node)");
    }

    private static Document ReadDocument(JsonBody document)
    {
        var stampText = document.String("stamp", 128);
        if (!HlcTimestamp.TryParse(stampText, out var stamp))
        {
            throw new MalformedMessageException($"{document.Path}.stamp '{stampText}' is not an HLC timestamp (wall:counter:node)");
        }

        return new Document(
            document.String("collection", 64),
            document.String("id", 256),
            document.Object("body").RawText,
            stamp,
            document.Boolean("deleted"),
            document.String("origin", 128));
    }

    private sealed record EncodeBuffer(ArrayBufferWriter<byte> Output, Utf8JsonWriter Writer)
    {
        public const int KeptBytes = 256 * 1024;

        public EncodeBuffer()
            : this(new ArrayBufferWriter<byte>(4096), new Utf8JsonWriter(Stream.Null))
        {
        }
    }
}
