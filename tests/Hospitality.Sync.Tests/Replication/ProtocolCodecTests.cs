using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Hospitality.Sync.Clock;
using Hospitality.Sync.Documents;
using Hospitality.Sync.Replication.Deltas;
using Hospitality.Sync.Replication.Protocol;

namespace Hospitality.Sync.Tests.Replication;

public sealed class ProtocolCodecTests
{
    [Property(MaxTest = 300)]
    public Property Every_message_survives_a_round_trip() =>
        Prop.ForAll(Messages().ToArbitrary(), message =>
        {
            var decoded = ProtocolCodec.Decode(ProtocolCodec.Encode(message));
            return decoded.IsSuccess && Same(message, decoded.Message);
        });

    [Property(MaxTest = 500)]
    public bool Random_bytes_never_throw_and_always_explain(byte[] noise)
    {
        var result = ProtocolCodec.Decode(noise);
        return result.IsSuccess || !string.IsNullOrWhiteSpace(result.Error);
    }

    [Property(MaxTest = 500)]
    public Property A_corrupted_or_truncated_frame_never_throws() =>
        Prop.ForAll(Messages().ToArbitrary(), ArbMap.Default.ArbFor<int>(), ArbMap.Default.ArbFor<byte>(), (message, position, value) =>
        {
            var frame = ProtocolCodec.Encode(message);
            var index = (int)((uint)position % frame.Length);
            var corrupted = frame.ToArray();
            corrupted[index] = value;
            var truncated = frame.AsSpan(0, index).ToArray();
            var first = ProtocolCodec.Decode(corrupted);
            var second = ProtocolCodec.Decode(truncated);
            return (first.IsSuccess || first.Error is not null) && !second.IsSuccess;
        });

    [Property(MaxTest = 300)]
    public Property Every_message_survives_compression_either_way() =>
        Prop.ForAll(Messages().ToArbitrary(), Gen.Elements(Compressions).ToArbitrary(), (message, compression) =>
        {
            var decoded = ProtocolCodec.Decode(FrameCompression.Compress(ProtocolCodec.Encode(message), compression));
            return decoded.IsSuccess && Same(message, decoded.Message);
        });

    [Property(MaxTest = 500)]
    public Property A_corrupted_compressed_frame_never_throws() =>
        Prop.ForAll(Gen.Elements(Compressions).ToArbitrary(), ArbMap.Default.ArbFor<int>(), ArbMap.Default.ArbFor<byte>(), (compression, position, value) =>
        {
            var frame = FrameCompression.Compress(ProtocolCodec.Encode(new PullResponse(1, [.. Enumerable.Range(0, 20).Select(Room)], 20)), compression);
            var corrupted = frame.ToArray();
            corrupted[(int)((uint)position % frame.Length)] = value;
            var result = ProtocolCodec.Decode(corrupted);
            return result.IsSuccess || result.Error is not null;
        });

    [Fact]
    public void A_small_frame_stays_plain_and_a_large_one_shrinks()
    {
        var small = ProtocolCodec.Encode(new HealthRequest(1));
        var page = ProtocolCodec.Encode(new PullResponse(1, [.. Enumerable.Range(0, 50).Select(Room)], 50));

        Assert.Same(small, FrameCompression.Compress(small, WireCompression.Brotli));
        Assert.True(FrameCompression.Compress(page, WireCompression.Brotli).Length < page.Length / 4);
        Assert.True(FrameCompression.Compress(page, WireCompression.Deflate).Length < page.Length / 4);
    }

    [Fact]
    public void A_compressed_frame_that_expands_past_the_limit_is_refused()
    {
        var bomb = FrameCompression.Compress([ProtocolCodec.Version, (byte)MessageKind.HealthRequest, .. new byte[ProtocolCodec.MaxMessageBytes + 10]], WireCompression.Deflate);

        Assert.True(bomb.Length < ProtocolCodec.MaxMessageBytes / 100, $"{bomb.Length} bytes");
        Assert.Contains("expands past the 8388608-byte limit", ProtocolCodec.Decode(bomb).Error);
    }

    [Theory]
    [InlineData(new byte[] { FrameCompression.Marker, 2 }, "has no body")]
    [InlineData(new byte[] { FrameCompression.Marker, 7, 1, 2, 3 }, "unknown compression 7")]
    [InlineData(new byte[] { FrameCompression.Marker, 1, 0xFF, 0xFF, 0xFF, 0xFF }, "does not expand")]
    public void A_bad_compressed_frame_is_an_error_that_says_why(byte[] frame, string error)
    {
        Assert.Contains(error, ProtocolCodec.Decode(frame).Error);
    }

    [Fact]
    public void A_hello_skips_compressions_it_does_not_know()
    {
        var decoded = ProtocolCodec.Decode(Frame(MessageKind.HelloRequest, """{"rid":0,"compression":["zstd","br","deflate"]}"""));

        Assert.Equal([WireCompression.Brotli, WireCompression.Deflate], ((HelloRequest)decoded.Message!).Compression);
    }

    [Fact]
    public void A_hello_from_a_client_that_checks_no_access_carries_no_token_and_one_too_long_to_be_a_token_is_malformed()
    {
        var plain = ProtocolCodec.Decode(Frame(MessageKind.HelloRequest, """{"rid":0,"compression":[]}"""));
        var flood = ProtocolCodec.Decode(Frame(MessageKind.HelloRequest, $$"""{"rid":0,"compression":[],"token":"{{new string('a', 5000)}}"}"""));

        Assert.Null(((HelloRequest)plain.Message!).AccessToken);
        Assert.False(flood.IsSuccess);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("3601")]
    [InlineData("1.5")]
    [InlineData("\"25\"")]
    public void A_hello_asking_for_a_beacon_outside_whole_seconds_from_1_s_to_an_hour_is_malformed(string beacon)
    {
        var decoded = ProtocolCodec.Decode(Frame(MessageKind.HelloRequest, $$"""{"rid":0,"compression":[],"beacon":{{beacon}}}"""));

        Assert.False(decoded.IsSuccess);
        Assert.Contains("beacon", decoded.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_change_event_is_a_beacon_and_one_with_documents_or_deltas_is_not()
    {
        var room = new Document("rooms", "room-101", "{}", new HlcTimestamp(1, 0, "tablet-1"), false, "tablet-1");

        Assert.True(new ChangeEvent(1, [], 42).IsBeacon);
        Assert.True(new ChangeEvent(1, [], 42, []).IsBeacon);
        Assert.False(new ChangeEvent(1, [room], 42).IsBeacon);
        Assert.False(new ChangeEvent(1, [], 42, [new DocumentDelta("rooms", "room-101", room.Stamp, 0, 0, "", room.Stamp, "tablet-1")]).IsBeacon);
    }

    [Fact]
    public void The_same_change_bytes_decode_to_the_same_message_and_a_reused_buffer_to_its_new_content()
    {
        var room = new Document("rooms", "room-101", """{"number":"101","status":"clean"}""", new HlcTimestamp(1, 0, "tablet-1"), false, "tablet-1");
        var buffer = ProtocolCodec.Encode(new ChangeEvent(0, [room], 7));

        var first = ProtocolCodec.Decode(buffer.AsMemory()).Message;
        var again = ProtocolCodec.Decode(buffer.ToArray().AsMemory()).Message;
        ProtocolCodec.Encode(new ChangeEvent(0, [room with { BodyJson = """{"number":"101","status":"dirty"}""" }], 7)).CopyTo(buffer, 0);
        var reused = (ChangeEvent)ProtocolCodec.Decode(buffer.AsMemory()).Message!;

        Assert.Same(first, again);
        Assert.Equal("""{"number":"101","status":"dirty"}""", Assert.Single(reused.Documents).BodyJson);
    }

    [Fact]
    public void An_unknown_protocol_version_is_named_in_the_error()
    {
        var frame = ProtocolCodec.Encode(new HealthRequest(1));
        frame[0] = 9;

        Assert.Equal("unsupported protocol version 9 (this build speaks version 1)", ProtocolCodec.Decode(frame).Error);
    }

    [Fact]
    public void An_unknown_message_kind_is_refused()
    {
        Assert.Equal("unknown message kind 200", ProtocolCodec.Decode([ProtocolCodec.Version, 200, (byte)'{', (byte)'}']).Error);
    }

    [Fact]
    public void An_oversized_frame_is_refused_before_parsing()
    {
        var frame = new byte[ProtocolCodec.MaxMessageBytes + 1];

        Assert.Contains("exceeds the 8388608-byte limit", ProtocolCodec.Decode(frame).Error);
    }

    [Theory]
    [InlineData("""{"rid":1,"checkpoint":0}""", "PullRequest.limit is missing")]
    [InlineData("""{"rid":1,"checkpoint":"0","limit":10}""", "PullRequest.checkpoint must be a number, not a string")]
    [InlineData("""{"rid":1,"checkpoint":-5,"limit":10}""", "PullRequest.checkpoint must be a whole number from 0")]
    [InlineData("""{"rid":1,"checkpoint":0,"limit":0}""", "PullRequest.limit must be a whole number from 1 to 10000")]
    public void A_bad_field_is_named_with_its_path(string body, string error)
    {
        var frame = Frame(MessageKind.PullRequest, body);

        Assert.StartsWith(error, ProtocolCodec.Decode(frame).Error);
    }

    [Fact]
    public void A_lone_surrogate_in_a_string_is_an_error_not_a_crash()
    {
        var frame = Frame(MessageKind.ErrorResponse, """{"rid":1,"code":"x","message":"\ud800"}""");

        var result = ProtocolCodec.Decode(frame);

        Assert.True(result.IsSuccess || result.Error is not null);
    }

    [Fact]
    public void A_bad_document_inside_a_batch_names_its_index_and_field()
    {
        var body = """
            {"rid":3,"checkpoint":9,"documents":[
              {"collection":"rooms","id":"101","body":{},"stamp":"001700000000000:00000:t1","deleted":false,"origin":"t1"},
              {"collection":"rooms","id":"102","body":{},"stamp":"yesterday","deleted":false,"origin":"t1"}]}
            """;

        Assert.Equal("PullResponse.documents[1].stamp 'yesterday' is not an HLC timestamp (wall:counter:node)", ProtocolCodec.Decode(Frame(MessageKind.PullResponse, body)).Error);
    }

    [Fact]
    public void A_document_body_travels_as_raw_json()
    {
        var document = new Document("rooms", "101", """{"status":"clean","floor":1}""", new HlcTimestamp(1, 0, "t1"), false, "t1");

        var frame = ProtocolCodec.Encode(new PullResponse(1, [document], 5));

        Assert.Contains("\"body\":{\"status\":\"clean\",\"floor\":1}", Encoding.UTF8.GetString(frame));
    }

    private static readonly WireCompression[] Compressions = [WireCompression.Deflate, WireCompression.Brotli];

    private static Document Room(int number) =>
        new("rooms", $"room-{number}", $$"""{"number":"{{number}}","status":"clean","floor":{{number / 10}}}""", new HlcTimestamp(1_700_000_000_000 + number, 0, "tablet-1"), false, "tablet-1");

    private static byte[] Frame(MessageKind kind, string json) => [ProtocolCodec.Version, (byte)kind, .. Encoding.UTF8.GetBytes(json)];

    private static bool Same(ProtocolMessage expected, ProtocolMessage actual) => (expected, actual) switch
    {
        (PullResponse e, PullResponse a) => e.RequestId == a.RequestId && e.Checkpoint == a.Checkpoint && e.Documents.SequenceEqual(a.Documents),
        (PushRequest e, PushRequest a) => e.RequestId == a.RequestId && e.Rows.SequenceEqual(a.Rows) && (e.Deltas ?? []).SequenceEqual(a.Deltas ?? []),
        (PushResponse e, PushResponse a) => e.RequestId == a.RequestId && e.Conflicts.SequenceEqual(a.Conflicts) && (e.Refused ?? []).SequenceEqual(a.Refused ?? []) && (e.Resend ?? []).SequenceEqual(a.Resend ?? []),
        (ChangeEvent e, ChangeEvent a) => e.RequestId == a.RequestId && e.Checkpoint == a.Checkpoint && e.Documents.SequenceEqual(a.Documents) && (e.Deltas ?? []).SequenceEqual(a.Deltas ?? []),
        (HelloRequest e, HelloRequest a) => e.RequestId == a.RequestId && e.Compression.SequenceEqual(a.Compression) && e.AccessToken == a.AccessToken && e.Property == a.Property && e.Delta == a.Delta && e.Beacon == a.Beacon && e.PushDelta == a.PushDelta,
        _ => expected.Equals(actual),
    };

    private static Gen<ProtocolMessage> Messages()
    {
        var ids = Gen.Choose(0, int.MaxValue).Select(id => (long)id);
        var beacons = Gen.OneOf(Gen.Constant<TimeSpan?>(null), Gen.Choose(ProtocolCodec.MinBeaconSeconds, ProtocolCodec.MaxBeaconSeconds).Select(seconds => (TimeSpan?)TimeSpan.FromSeconds(seconds)));
        var text = Gen.Elements("101", "room-7", "héllo", "a\"quote", "tab\there", "日本", "x");
        var bodies = Gen.Elements("{}", """{"status":"clean"}""", """{"n":1.5,"list":[1,2,{"deep":true}],"s":"é\"\\"}""");
        var stamps = from wall in Gen.Choose(0, int.MaxValue)
                     from counter in Gen.Choose(0, HlcTimestamp.MaxCounter)
                     from node in Gen.Elements("tablet-1", "greengrass", "cloud")
                     select new HlcTimestamp(wall, counter, node);
        var documents = from collection in Gen.Elements("rooms", "guests", "inventory")
                        from id in text
                        from body in bodies
                        from stamp in stamps
                        from deleted in ArbMap.Default.GeneratorFor<bool>()
                        select new Document(collection, id, body, stamp, deleted, stamp.NodeId);
        var documentLists = Gen.Choose(0, 5).SelectMany(count => Gen.ArrayOf(documents, count)).Select(list => (IReadOnlyList<Document>)list);
        var rows = from master in Gen.OneOf(Gen.Constant<Document?>(null), documents.Select(d => (Document?)d))
                   from next in documents
                   select new PushRow(master, next);
        var words = Gen.Elements("ok", "degraded", "bad request", "schema: status must be one of clean, dirty");
        var properties = Gen.Elements<string?>(null, "p1", "berlin-mitte", "hotel.042");
        var refusedLists = Gen.Choose(0, 3).SelectMany(count => Gen.ArrayOf(
            from collection in Gen.Elements("rooms", "reservations")
            from id in text
            from reason in words
            select new RefusedWrite(collection, id, reason), count)).Select(list => list.Length == 0 ? null : (IReadOnlyList<RefusedWrite>)list);
        var resendLists = Gen.Choose(0, 3).SelectMany(count => Gen.ArrayOf(
            from collection in Gen.Elements("rooms", "guests")
            from id in text
            select new UnappliedDelta(collection, id), count)).Select(list => list.Length == 0 ? null : (IReadOnlyList<UnappliedDelta>)list);
        var deltaLists = Gen.Choose(0, 3).SelectMany(count => Gen.ArrayOf(
            from document in documents
            from baseStamp in stamps
            from prefix in Gen.Choose(0, DocumentLimits.BodyMaxBytes)
            from suffix in Gen.Choose(0, DocumentLimits.BodyMaxBytes)
            from middle in Gen.Elements("", "clean", "\"status\":\"dirty\"", "日本")
            where baseStamp != document.Stamp
            select new DocumentDelta(document.Collection, document.Id, baseStamp, prefix, suffix, middle, document.Stamp, document.OriginNode), count)).Select(list => list.Length == 0 ? null : (IReadOnlyList<DocumentDelta>)list);
        return Gen.OneOf(
            from id in ids from checkpoint in ids from limit in Gen.Choose(1, ProtocolCodec.MaxDocumentsPerMessage) from delta in ArbMap.Default.GeneratorFor<bool>() select (ProtocolMessage)new PullRequest(id, checkpoint, limit, delta),
            from id in ids from list in documentLists from checkpoint in ids select (ProtocolMessage)new PullResponse(id, list, checkpoint),
            from id in ids from count in Gen.Choose(0, 4) from list in Gen.ArrayOf(rows, count) from deltas in deltaLists select (ProtocolMessage)new PushRequest(id, list, deltas),
            from id in ids from list in documentLists from refused in refusedLists from resend in resendLists select (ProtocolMessage)new PushResponse(id, list, refused, resend),
            from id in ids from checkpoint in ids select (ProtocolMessage)new SubscribeRequest(id, checkpoint),
            from id in ids from list in documentLists from checkpoint in ids from deltas in deltaLists select (ProtocolMessage)new ChangeEvent(id, list, checkpoint, deltas),
            ids.Select(id => (ProtocolMessage)new ResyncEvent(id)),
            ids.Select(id => (ProtocolMessage)new HealthRequest(id)),
            from id in ids from status in Gen.Elements("ok", "degraded", "read-only") from sequence in ids select (ProtocolMessage)new HealthResponse(id, status, sequence),
            from id in ids from code in Gen.Elements("schema", "overloaded") from message in words select (ProtocolMessage)new ErrorResponse(id, code, message),
            from id in ids from offer in Gen.SubListOf(Compressions) from token in Gen.Elements<string?>(null, "eyJ.eyJ.sig", "日本") from property in properties from delta in ArbMap.Default.GeneratorFor<bool>() from beacon in beacons from pushDelta in ArbMap.Default.GeneratorFor<bool>() select (ProtocolMessage)new HelloRequest(id, [.. offer], token, property, delta, beacon, pushDelta),
            from id in ids from chosen in Gen.Elements(WireCompression.None, WireCompression.Deflate, WireCompression.Brotli) from property in properties from delta in ArbMap.Default.GeneratorFor<bool>() from beacon in beacons from pushDelta in ArbMap.Default.GeneratorFor<bool>() select (ProtocolMessage)new HelloResponse(id, chosen, property, delta, beacon, pushDelta));
    }
}
