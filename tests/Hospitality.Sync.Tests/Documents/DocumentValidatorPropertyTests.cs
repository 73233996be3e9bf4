using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Hospitality.Sync.Clock;
using Hospitality.Sync.Documents;

namespace Hospitality.Sync.Tests.Documents;

public sealed class DocumentValidatorPropertyTests
{
    private static readonly DocumentValidator Validator = new(HotelCollections.All);
    private static readonly HlcTimestamp Stamp = new(1_761_212_467_123, 0, "tablet-1");

    /// <summary>Real collection names most of the time, so the text reaches the body checks.</summary>
    private static readonly Gen<string?> CollectionName =
        Gen.Frequency(
            (6, Gen.Elements(HotelCollections.All.Select(collection => collection.Name).ToArray()).Select(name => (string?)name)),
            (1, JsonishText.RandomText.Select(name => (string?)name)),
            (1, Gen.Constant<string?>(null)));

    private static readonly Gen<string?> DocumentId =
        Gen.Frequency(
            (4, Gen.Elements("room-101", "res-2025-000123", "guest-8842", "inv-1", "hk-1").Select(id => (string?)id)),
            (1, JsonishText.RandomText.Select(id => (string?)id)),
            (1, Gen.Constant<string?>(null)));

    [Property(MaxTest = 1000)]
    public Property Arbitrary_text_never_throws_and_always_gets_an_answer()
    {
        var cases = from collection in CollectionName
                    from id in DocumentId
                    from body in JsonishText.RandomText
                    select (collection, id, body);
        return Prop.ForAll(cases.ToArbitrary(), input => IsWellFormed(Validator.Validate(input.collection, input.id, input.body)));
    }

    [Property(MaxTest = 1000)]
    public Property Arbitrary_json_ish_text_never_throws_and_always_gets_an_answer()
    {
        var cases = from collection in CollectionName
                    from id in DocumentId
                    from body in JsonishText.Any
                    select (collection, id, body);
        return Prop.ForAll(cases.ToArbitrary(), input =>
            IsWellFormed(Validator.Validate(input.collection, input.id, input.body))
            && IsWellFormed(Validator.Validate(input.collection, input.body)));
    }

    [Property(MaxTest = 500)]
    public Property Arbitrary_documents_and_tombstones_never_throw()
    {
        var documents = from collection in CollectionName
                        from id in DocumentId
                        from body in JsonishText.Any
                        from deleted in Gen.Elements(false, true)
                        select new Document(collection!, id!, body, Stamp, deleted, "tablet-1");
        return Prop.ForAll(documents.ToArbitrary(), document => IsWellFormed(Validator.Validate(document)));
    }

    [Property(MaxTest = 500)]
    public Property Documents_generated_from_each_schema_always_validate() =>
        Prop.ForAll(SchemaDocuments.ValidInAnyHotelCollection.ToArbitrary(), body =>
        {
            var result = Validator.Validate(new Document(body.Collection.Name, body.Id, body.ToJson(), Stamp, Deleted: false, "tablet-1"));
            return result.IsValid.Label(result.ToString());
        });

    [Property(MaxTest = 500)]
    public Property A_field_changed_to_a_wrong_type_yields_errors_naming_exactly_that_field()
    {
        var cases = from body in SchemaDocuments.ValidInAnyHotelCollection
                    from field in Gen.Elements(body.Collection.Fields.ToArray())
                    from wrong in SchemaDocuments.WrongType(field)
                    select (body: body.With(field.Name, wrong), field: field.Name);
        return Prop.ForAll(cases.ToArbitrary(), input =>
        {
            var result = Validator.Validate(input.body.Collection.Name, input.body.Id, input.body.ToJson());
            return (result.Errors.Count > 0 && result.Errors.All(error => error.Path == input.field)).Label(result.ToString());
        });
    }

    [Property(MaxTest = 300)]
    public Property A_required_field_left_out_is_reported_as_required_and_nothing_else()
    {
        var cases = from body in SchemaDocuments.ValidInAnyHotelCollection
                    from field in Gen.Elements(body.Collection.Fields.Where(field => field.Required).ToArray())
                    select (body: body.Without(field.Name), field: field.Name);
        return Prop.ForAll(cases.ToArbitrary(), input =>
        {
            var result = Validator.Validate(input.body.Collection.Name, input.body.ToJson());
            return result.Errors.SequenceEqual([new ValidationError(input.field, "is required")]).Label(result.ToString());
        });
    }

    [Property(MaxTest = 300)]
    public Property A_field_the_schema_does_not_know_is_not_allowed_and_nothing_else()
    {
        var cases = from body in SchemaDocuments.ValidInAnyHotelCollection
                    from name in Gen.Elements("colour", "Status", "room_id", "notes2", "")
                    from value in Gen.Elements("1", "\"x\"", "null", "{}")
                    select (body: body.With(name, new RawJson(value)), field: name);
        return Prop.ForAll(cases.ToArbitrary(), input =>
        {
            var result = Validator.Validate(input.body.Collection.Name, input.body.Id, input.body.ToJson());
            return (result.Errors.Count == 1 && result.Errors[0].Path == input.field && result.Errors[0].Message.StartsWith("is not allowed", StringComparison.Ordinal))
                .Label(result.ToString());
        });
    }

    /// <summary>An answer is either valid or a bounded list of errors that each say something.</summary>
    private static bool IsWellFormed(ValidationResult result) =>
        result.IsValid == (result.Errors.Count == 0)
        && result.Errors.Count <= ValidationResult.ReportedErrorsMax + 1
        && result.Errors.All(error => error.Path is not null && !string.IsNullOrWhiteSpace(error.Message));
}
