using System.Text;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Hospitality.Sync.Clock;
using Hospitality.Sync.Documents;
using Hospitality.Sync.Replication.Deltas;
using Hospitality.Sync.Replication.Protocol;

namespace Hospitality.Sync.Tests.Replication.Deltas;

/// <summary>
/// A pushed delta crosses the wire and rebuilds the writer's body exactly on the base; a delta with any
/// field mangled is refused by the decoder with the field's path, never thrown; and a delta that reaches
/// a version other than its base (or does not fit it) rebuilds nothing.
/// </summary>
public sealed class PushedDeltaCodecTests
{
    private static readonly HlcTimestamp BaseStamp = new(1_700_000_000_000, 0, "cloud");
    private static readonly HlcTimestamp NextStamp = new(1_700_000_000_500, 3, "tablet-1");

    [Property(MaxTest = 300)]
    public Property A_pushed_delta_survives_the_wire_and_rebuilds_the_writers_body_exactly() =>
        Prop.ForAll(Bodies().ToArbitrary(), Bodies().ToArbitrary(), (before, after) =>
        {
            var held = Room(before, BaseStamp);
            var next = Room(after, NextStamp);
            if (DocumentDelta.Between(held, next) is not { } delta)
            {
                return true.Label("no delta worth sending");
            }

            var decoded = ProtocolCodec.Decode(ProtocolCodec.Encode(new PushRequest(4, [], [delta])));
            return (decoded.IsSuccess && Assert.IsType<PushRequest>(decoded.Message).Deltas!.Single().ApplyTo(held) == next).Label(decoded.Error ?? "decoded");
        });

    [Property(MaxTest = 500)]
    public Property A_mangled_delta_field_is_refused_with_its_path_or_read_as_a_valid_value_never_thrown() =>
        Prop.ForAll(Gen.Elements("c", "i", "b", "p", "x", "t", "s", "o").ToArbitrary(), Gen.Elements(Junk).ToArbitrary(), (field, junk) =>
        {
            var delta = DocumentDelta.Between(
                Room("""{"id":"room-1","number":"101","floor":1,"type":"deluxe-king","status":"clean","maxOccupancy":2,"features":["sea-view","balcony","minibar"]}""", BaseStamp),
                Room("""{"id":"room-1","number":"101","floor":1,"type":"deluxe-king","status":"occupied","maxOccupancy":2,"features":["sea-view","balcony","minibar"]}""", NextStamp))!;
            var json = JsonNode.Parse(Encoding.UTF8.GetString(ProtocolCodec.Encode(new PushRequest(9, [], [delta])).AsSpan(2)))!;
            var row = json["deltas"]![0]!.AsObject();
            if (junk == "<absent>")
            {
                row.Remove(field);
            }
            else
            {
                row[field] = JsonNode.Parse(junk);
            }

            var result = ProtocolCodec.Decode([ProtocolCodec.Version, (byte)MessageKind.PushRequest, .. Encoding.UTF8.GetBytes(json.ToJsonString())]);
            return result.IsSuccess
                ? result.Message is PushRequest { Deltas.Count: 1 }
                : result.Error!.StartsWith("PushRequest.deltas[0]", StringComparison.Ordinal);
        });

    [Property(MaxTest = 500)]
    public Property A_delta_that_does_not_fit_the_version_it_reaches_rebuilds_nothing_and_never_throws() =>
        Prop.ForAll(Gen.Choose(-5, 400).ToArbitrary(), Gen.Choose(-5, 400).ToArbitrary(), ArbMap.Default.ArbFor<bool>(), (prefix, suffix, sameBase) =>
        {
            var held = Room("""{"id":"room-1","number":"101","floor":1,"type":"deluxe-king","status":"clean"}""", BaseStamp);
            var delta = new DocumentDelta("rooms", "room-1", sameBase ? BaseStamp : NextStamp, prefix, suffix, "x", new HlcTimestamp(1_700_000_001_000, 0, "tablet-1"), "tablet-1");
            var fits = sameBase && prefix >= 0 && suffix >= 0 && prefix + suffix <= held.BodyJson.Length;
            return (delta.ApplyTo(held) is not null) == fits;
        });

    // Each is a JSON value a faulty or hostile client might put in a delta field.
    private static readonly string[] Junk = ["<absent>", "null", "-1", "1.5", "99999999999", "16385", "\"\"", "\"x\"", "true", "[]", "{}", $"\"{new string('n', 300)}\"", "\"001700000000000:00000:cloud\"", "\"1:2\"", "0"];

    private static Gen<string> Bodies() =>
        from status in Gen.Elements("clean", "dirty", "occupied", "out-of-order")
        from floor in Gen.Choose(-5, 200)
        from type in Gen.Elements("deluxe-king", "twin", "日本-suite", "a\"quote", "😀-emoji")
        from features in Gen.SubListOf(["sea-view", "balcony", "minibar", "jacuzzi"])
        select $$"""{"id":"room-1","number":"101","floor":{{floor}},"type":{{System.Text.Json.JsonSerializer.Serialize(type)}},"status":"{{status}}","maxOccupancy":2,"features":[{{string.Join(",", features.Select(feature => $"\"{feature}\""))}}]}""";

    private static Document Room(string body, HlcTimestamp stamp) => new("rooms", "room-1", body, stamp, false, stamp.NodeId);
}
