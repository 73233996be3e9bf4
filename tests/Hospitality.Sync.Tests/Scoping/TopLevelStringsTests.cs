using System.Text.Json;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Hospitality.Sync.Scoping;

namespace Hospitality.Sync.Tests.Scoping;

/// <summary>The one-pass reader of two top-level fields agrees with a full JSON parse on any object, and any text at all reads without throwing.</summary>
public sealed class TopLevelStringsTests
{
    private static readonly Gen<string> Key = Gen.Elements("propertyId", "guestId", "movedFrom", "id", "notes", "propertyIdx", "guest");

    private static readonly Gen<JsonNode?> Value = Gen.OneOf(
        Gen.Elements("p1", "guest-7", "", "\"quoted\"", "ünïcode").Select(text => (JsonNode?)JsonValue.Create(text)),
        Gen.Choose(-5, 5).Select(number => (JsonNode?)JsonValue.Create(number)),
        Gen.Constant<JsonNode?>(null),
        Gen.Elements("p2", "g-9").Select(text => (JsonNode?)new JsonObject { ["propertyId"] = text, ["guestId"] = text }),
        Gen.Constant<JsonNode?>(new JsonArray("propertyId", "guestId")));

    [Property(MaxTest = 500)]
    public Property Any_object_reads_as_a_full_parse_reads_its_two_fields() =>
        Prop.ForAll(Gen.Zip(Key, Value).ListOf().ToArbitrary(), fields =>
        {
            var body = new JsonObject();
            foreach (var (key, value) in fields)
            {
                body[key] = value?.DeepClone();
            }

            var json = body.ToJsonString();
            var parsed = JsonDocument.Parse(json).RootElement;
            return TopLevelStrings.Read(json, "propertyId", "guestId") == (StringOf(parsed, "propertyId"), StringOf(parsed, "guestId"));
        });

    [Property(MaxTest = 1_000)]
    public bool Any_text_reads_without_throwing_and_as_a_full_parse_when_it_is_an_object(string? text)
    {
        var read = TopLevelStrings.Read(text ?? "", "propertyId", "guestId");
        try
        {
            var parsed = JsonDocument.Parse(text ?? "").RootElement;
            return parsed.ValueKind != JsonValueKind.Object || read == (StringOf(parsed, "propertyId"), StringOf(parsed, "guestId"));
        }
        catch (JsonException)
        {
            return true; // not JSON: whatever was read before the fault, and no exception
        }
    }

    [Fact]
    public void Fields_nested_in_other_values_or_not_strings_are_not_read()
    {
        Assert.Equal(("p1", null), TopLevelStrings.Read("""{"x":{"guestId":"g"},"propertyId":"p1","guestId":7}""", "propertyId", "guestId"));
        Assert.Equal((null, null), TopLevelStrings.Read("""["propertyId","p1"]""", "propertyId", "guestId"));
        Assert.Equal(("p1", null), TopLevelStrings.Read("""{"propertyId":"p1","guestId":""", "propertyId", "guestId"));
    }

    private static string? StringOf(JsonElement body, string name) =>
        body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
