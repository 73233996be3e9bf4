using System.Text;
using Hospitality.Sync.Clock;
using Hospitality.Sync.Documents;
using Hospitality.Sync.Replication.Deltas;
using Hospitality.Sync.Replication.Protocol;

namespace Hospitality.Sync.Tests.Replication;

/// <summary>
/// What the decoder says about each kind of bad field: the path of the field and what it must be, so
/// a server's log names the peer's mistake (the decoder never throws, so its message is all there is).
/// </summary>
public sealed class ProtocolErrorTests
{
    [Theory]
    [InlineData(MessageKind.HealthResponse, """{"rid":1,"status":"","lastSequence":0}""", "HealthResponse.status must be 1 to 32 characters")]
    [InlineData(MessageKind.HealthResponse, """{"rid":1,"status":"okokokokokokokokokokokokokokokokok","lastSequence":0}""", "HealthResponse.status must be 1 to 32 characters")]
    [InlineData(MessageKind.HealthResponse, """{"rid":1,"status":"ok","lastSequence":1.5}""", "HealthResponse.lastSequence must be a whole number from 0 to 9223372036854775807")]
    [InlineData(MessageKind.PullRequest, """{"rid":1,"checkpoint":0,"limit":10001}""", "PullRequest.limit must be a whole number from 1 to 10000")]
    [InlineData(MessageKind.PullRequest, """[1]""", "PullRequest must be an object")]
    [InlineData(MessageKind.PullResponse, """{"rid":1,"checkpoint":0,"documents":{}}""", "PullResponse.documents must be an array, not an object")]
    [InlineData(MessageKind.PullResponse, """{"rid":1,"checkpoint":0,"documents":[{"collection":"rooms","id":"101","body":[],"stamp":"001700000000000:00000:t1","deleted":false,"origin":"t1"}]}""", "PullResponse.documents[0].body must be an object, not an array")]
    [InlineData(MessageKind.PullResponse, """{"rid":1,"checkpoint":0,"documents":[{"collection":"rooms","id":"101","body":{},"stamp":"001700000000000:00000:t1","deleted":"no","origin":"t1"}]}""", "PullResponse.documents[0].deleted must be true or false")]
    [InlineData(MessageKind.PushRequest, """{"rid":1,"rows":[{"newState":null}]}""", "PushRequest.rows[0].newState must be an object, not null")]
    [InlineData(MessageKind.PushResponse, """{"rid":1,"conflicts":[],"refused":[{"collection":"rooms","id":"101"}]}""", "PushResponse.refused[0].reason is missing")]
    [InlineData(MessageKind.HelloRequest, """{"rid":0,"compression":[1]}""", "HelloRequest.compression[0] must be a string")]
    [InlineData(MessageKind.HelloRequest, """{"rid":0,"compression":["brotli-but-much-longer"]}""", "HelloRequest.compression[0] must be 1 to 16 characters")]
    [InlineData(MessageKind.HelloRequest, """{"rid":0,"compression":["a","b","c","d","e","f","g","h","i"]}""", "HelloRequest.compression has 9 items; at most 8 are allowed")]
    [InlineData(MessageKind.HelloRequest, """{"rid":0,"compression":[],"property":"-p1"}""", "HelloRequest.property must start with a letter or digit")]
    [InlineData(MessageKind.ChangeEvent, """{"rid":1,"checkpoint":0,"documents":[],"deltas":[{"c":"rooms","i":"101","b":"then","p":0,"x":0,"s":"001700000000000:00000:t1"}]}""", "ChangeEvent.deltas[0].b 'then' is not an HLC timestamp (wall:counter:node)")]
    [InlineData(MessageKind.ChangeEvent, """{"rid":1,"checkpoint":0,"documents":[],"deltas":[{"c":"rooms","i":"101","b":"001700000000000:00000:t1","p":-1,"x":0,"s":"001700000000000:00001:t1"}]}""", "ChangeEvent.deltas[0].p must be a whole number from 0 to")]
    [InlineData(MessageKind.PushRequest, """{"rid":1,"rows":[],"deltas":[{"c":"rooms","i":"101","b":"001700000000000:00000:t1","p":0,"x":0,"s":"001700000000000:00000:t1"}]}""", "PushRequest.deltas[0].s is the same version as its base .b: a delta changes a version")]
    [InlineData(MessageKind.PushRequest, """{"rid":1,"rows":[],"deltas":[{"c":"rooms","i":"101","p":0,"x":0,"s":"001700000000000:00000:t1"}]}""", "PushRequest.deltas[0].b is missing")]
    [InlineData(MessageKind.PushRequest, """{"rid":1,"rows":[],"deltas":[{"c":"rooms","i":"101","b":"001700000000000:00000:t1","p":0,"x":16385,"s":"001700000000000:00001:t1"}]}""", "PushRequest.deltas[0].x must be a whole number from 0 to 16384")]
    [InlineData(MessageKind.PushRequest, """{"rid":1,"rows":[],"deltas":[{"c":"rooms","i":"","b":"001700000000000:00000:t1","p":0,"x":0,"s":"001700000000000:00001:t1"}]}""", "PushRequest.deltas[0].i must be 1 to 256 characters")]
    [InlineData(MessageKind.PushRequest, """{"rid":1,"rows":[],"deltas":[{"c":"rooms","i":"101","b":"001700000000000:00000:t1","p":0,"x":0,"t":7,"s":"001700000000000:00001:t1"}]}""", "PushRequest.deltas[0].t must be a string, not a number")]
    [InlineData(MessageKind.PushRequest, """{"rid":1,"rows":[],"deltas":{}}""", "PushRequest.deltas must be an array, not an object")]
    [InlineData(MessageKind.PushResponse, """{"rid":1,"conflicts":[],"resend":[{"c":"rooms"}]}""", "PushResponse.resend[0].i is missing")]
    [InlineData(MessageKind.HelloResponse, """{"rid":0,"compression":"none","pushDelta":"yes"}""", "HelloResponse.pushDelta must be true or false")]
    public void A_bad_field_is_reported_with_its_path_and_what_it_must_be(MessageKind kind, string body, string error)
    {
        var result = ProtocolCodec.Decode(Frame(kind, body));

        Assert.False(result.IsSuccess);
        Assert.StartsWith(error, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Frames_too_short_or_of_another_version_or_not_UTF8_or_not_JSON_are_named_as_such()
    {
        Assert.Equal("message of 1 bytes is shorter than its 2-byte header", ProtocolCodec.Decode(new byte[] { 1 }).Error);
        Assert.Equal("unsupported protocol version 2 (this build speaks version 1)", ProtocolCodec.Decode(new byte[] { 2, 1, (byte)'{', (byte)'}' }).Error);
        Assert.Equal("PullRequest is not valid UTF-8", ProtocolCodec.Decode(new byte[] { 1, (byte)MessageKind.PullRequest, 0xff }).Error);
        Assert.StartsWith("PullRequest is not valid JSON: ", ProtocolCodec.Decode(Frame(MessageKind.PullRequest, "{")).Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_compressed_frame_that_is_too_large_or_holds_another_compressed_frame_is_refused()
    {
        var huge = new byte[ProtocolCodec.MaxMessageBytes + 1];
        huge[0] = FrameCompression.Marker;
        var plain = ProtocolCodec.Encode(new ErrorResponse(1, "x", new string('y', 2_000)));
        var nested = FrameCompression.Compress(FrameCompression.Compress(plain, WireCompression.Deflate).Concat(new byte[2_000]).ToArray(), WireCompression.Brotli);

        Assert.Equal("message of 8388609 bytes exceeds the 8388608-byte limit", ProtocolCodec.Decode(huge).Error);
        Assert.Equal("a compressed frame may not contain another", ProtocolCodec.Decode(nested).Error);
    }

    [Fact]
    public void A_message_past_the_size_or_document_limit_is_refused_when_encoded()
    {
        var room = new Document("rooms", "101", "{}", new HlcTimestamp(1, 0, "t1"), false, "t1");
        var tooMany = Enumerable.Repeat(room, ProtocolCodec.MaxDocumentsPerMessage + 1).ToList();
        var tooManyDeltas = Enumerable.Repeat(new DocumentDelta("rooms", "101", room.Stamp, 0, 0, "x", new HlcTimestamp(2, 0, "t1"), "t1"), ProtocolCodec.MaxDocumentsPerMessage + 1).ToList();
        var tooLarge = new ErrorResponse(1, "x", new string('y', ProtocolCodec.MaxMessageBytes));

        Assert.Contains("10001 documents exceed the 10000-document limit", Assert.Throws<ArgumentException>(() => ProtocolCodec.Encode(new PullResponse(1, tooMany, 0))).Message, StringComparison.Ordinal);
        Assert.Contains("10001 deltas exceed", Assert.Throws<ArgumentException>(() => ProtocolCodec.Encode(new ChangeEvent(1, [], 0, tooManyDeltas))).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>("message", () => ProtocolCodec.Encode(tooLarge));
        Assert.Equal(ProtocolCodec.Encode(new HealthRequest(7)), ProtocolCodec.Encode(new HealthRequest(7)));
    }

    [Fact]
    public void Optional_fields_travel_only_when_set_and_a_delta_names_its_origin_only_when_the_stamp_does_not()
    {
        var hello = Text(new HelloRequest(0, [], AccessToken: "", Property: null, Delta: false));
        var answer = Text(new HelloResponse(0, WireCompression.None));
        var pushed = Text(new PushResponse(1, [], []));
        var wholePush = Text(new PushRequest(1, [], []));
        var ownDelta = Text(new ChangeEvent(1, [], 0, [new DocumentDelta("rooms", "101", new HlcTimestamp(1, 0, "t1"), 0, 0, "", new HlcTimestamp(2, 0, "t1"), "t1")]));
        var relayedDelta = Text(new ChangeEvent(1, [], 0, [new DocumentDelta("rooms", "101", new HlcTimestamp(1, 0, "t1"), 0, 0, "x", new HlcTimestamp(2, 0, "t1"), "greengrass")]));

        Assert.Equal("""{"rid":0,"compression":[]}""", hello);
        Assert.Equal("""{"rid":0,"compression":"none"}""", answer);
        Assert.Equal("""{"rid":1,"conflicts":[]}""", pushed);
        Assert.Equal("""{"rid":1,"rows":[]}""", wholePush);
        Assert.DoesNotContain("\"o\"", ownDelta, StringComparison.Ordinal);
        Assert.DoesNotContain("\"t\"", ownDelta, StringComparison.Ordinal);
        Assert.Contains("\"o\":\"greengrass\"", relayedDelta, StringComparison.Ordinal);
        Assert.Contains("\"t\":\"x\"", relayedDelta, StringComparison.Ordinal);
    }

    private static string Text(ProtocolMessage message) => Encoding.UTF8.GetString(ProtocolCodec.Encode(message).AsSpan(2));

    private static byte[] Frame(MessageKind kind, string json) => [ProtocolCodec.Version, (byte)kind, .. Encoding.UTF8.GetBytes(json)];
}
