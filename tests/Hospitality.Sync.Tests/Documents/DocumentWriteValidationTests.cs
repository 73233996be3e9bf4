using Hospitality.Sync.Clock;
using Hospitality.Sync.Documents;

namespace Hospitality.Sync.Tests.Documents;

/// <summary>Validating a whole <see cref="Document"/> version, as the store does before it keeps a write.</summary>
public sealed class DocumentWriteValidationTests
{
    private static readonly DocumentValidator Validator = new(HotelCollections.All);
    private static readonly HlcTimestamp Stamp = new(1_761_212_467_123, 0, "tablet-front-desk");

    [Theory]
    [MemberData(nameof(HotelExamples.All), MemberType = typeof(HotelExamples))]
    public void A_live_document_that_satisfies_its_schema_is_valid(string collection, string id, string body)
    {
        Assert.True(Validator.Validate(Live(collection, id, body)).IsValid);
    }

    [Fact]
    public void A_live_document_is_checked_against_its_schema()
    {
        var result = Validator.Validate(Live("rooms", "room-101", BodyEdits.With(HotelExamples.Room, "floor", "\"first\"")));

        Assert.Equal([new ValidationError("floor", "must be a whole number, not a string")], result.Errors);
    }

    [Fact]
    public void A_live_document_whose_body_carries_another_id_is_refused()
    {
        var result = Validator.Validate(Live("rooms", "room-102", HotelExamples.Room));

        Assert.Equal([new ValidationError("id", "is 'room-101' but the document id is 'room-102'")], result.Errors);
    }

    [Fact]
    public void A_live_document_whose_body_has_no_id_is_refused()
    {
        var result = Validator.Validate(Live("rooms", "room-101", BodyEdits.Without(HotelExamples.Room, "id")));

        Assert.Equal([new ValidationError("id", "is required")], result.Errors);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData(" { } ")]
    public void A_tombstone_with_an_empty_body_is_valid(string body)
    {
        Assert.True(Validator.Validate(Tombstone("guests", "guest-8842", body)).IsValid);
    }

    [Fact]
    public void A_tombstone_that_keeps_fields_is_refused_so_deleted_personal_data_does_not_replicate()
    {
        var result = Validator.Validate(Tombstone("guests", "guest-8842", HotelExamples.Guest));

        Assert.Equal([new ValidationError(string.Empty, "a deleted document's body must be {}: a tombstone carries no fields")], result.Errors);
    }

    [Theory]
    [InlineData("", "body is not valid JSON: ")]
    [InlineData("null", "body must be a JSON object, not null")]
    [InlineData("[]", "body must be a JSON object, not an array")]
    public void A_tombstone_body_must_still_be_a_json_object(string body, string messageStart)
    {
        var error = Assert.Single(Validator.Validate(Tombstone("rooms", "room-101", body)).Errors);

        Assert.StartsWith(messageStart, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tombstone_in_an_unknown_collection_is_refused()
    {
        var error = Assert.Single(Validator.Validate(Tombstone("minibar", "mb-1", "{}")).Errors);

        Assert.StartsWith("collection 'minibar' is unknown", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tombstone_with_an_invalid_id_is_refused()
    {
        var result = Validator.Validate(Tombstone("rooms", "../rooms", "{}"));

        Assert.Equal([new ValidationError(string.Empty, "document id " + IdentifierField.RuleMessage)], result.Errors);
    }

    [Fact]
    public void Null_parts_of_a_document_from_the_network_are_reported_not_thrown()
    {
        var document = new Document(null!, null!, null!, Stamp, Deleted: false, "tablet-1");

        Assert.Equal([new ValidationError(string.Empty, "collection is missing")], Validator.Validate(document).Errors);
        Assert.Equal(
            [new ValidationError(string.Empty, "document id is missing"), new ValidationError(string.Empty, "body is missing")],
            Validator.Validate(document with { Collection = "rooms" }).Errors);
    }

    private static Document Live(string collection, string id, string body) => new(collection, id, body, Stamp, Deleted: false, "tablet-front-desk");

    private static Document Tombstone(string collection, string id, string body) => new(collection, id, body, Stamp, Deleted: true, "tablet-front-desk");
}
