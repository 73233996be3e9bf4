using System.Text;
using Hospitality.Sync.Documents;

namespace Hospitality.Sync.Tests.Documents;

public sealed class CollectionSchemaTests
{
    [Fact]
    public void The_hotel_has_the_seeds_five_collections()
    {
        Assert.Equal(["rooms", "reservations", "guests", "inventory", "housekeeping"], HotelCollections.All.Select(collection => collection.Name));
    }

    [Fact]
    public void Every_hotel_collection_has_a_required_identifier_as_primary_key()
    {
        Assert.All(HotelCollections.All, collection =>
        {
            Assert.True(collection.TryGetField(CollectionSchema.IdFieldName, out var id));
            Assert.Same(collection.PrimaryKey, id);
            Assert.True(collection.PrimaryKey.Required);
        });
    }

    [Fact]
    public void The_largest_document_each_schema_allows_fits_the_body_limit()
    {
        var validator = new DocumentValidator(HotelCollections.All);
        var largest = HotelCollections.All.Select(SchemaDocuments.Largest).ToList();
        var sizes = string.Join(", ", largest.Select(body => $"{body.Collection.Name} {Encoding.UTF8.GetByteCount(body.ToJson())} bytes"));

        Assert.True(largest.All(body => Encoding.UTF8.GetByteCount(body.ToJson()) < 11_000), $"DocumentLimits says the largest is under 11 KB: {sizes}");
        Assert.All(largest, body => Assert.Equal("valid", validator.Validate(body.Collection.Name, body.Id, body.ToJson()).ToString()));
    }

    [Fact]
    public void A_schema_without_an_id_cannot_be_built()
    {
        var exception = Assert.Throws<ArgumentException>(() => new CollectionSchema("spa", [new TextField("name", 40)]));

        Assert.Contains("needs a required identifier field 'id'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_schema_whose_id_is_optional_or_free_text_cannot_be_built()
    {
        Assert.Throws<ArgumentException>(() => new CollectionSchema("spa", [new IdentifierField("id", required: false)]));
        Assert.Throws<ArgumentException>(() => new CollectionSchema("spa", [new TextField("id", 64)]));
    }

    [Fact]
    public void A_schema_that_declares_a_field_twice_cannot_be_built()
    {
        Assert.Throws<ArgumentException>(() => new CollectionSchema("spa", [new IdentifierField("id"), new TextField("name", 40), new TextField("name", 80)]));
    }

    [Fact]
    public void Field_limits_that_cannot_hold_are_refused_when_the_schema_is_built()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TextField("name", maxLength: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TextField("code", maxLength: 2, minLength: 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => new IntegerField("floor", minimum: 5, maximum: 1));
        Assert.Throws<ArgumentException>(() => new NumberField("amount", minimum: 0, maximum: double.PositiveInfinity));
        Assert.Throws<ArgumentException>(() => new EnumField("status", []));
        Assert.Throws<ArgumentException>(() => new EnumField("status", ["clean", "clean"]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TextListField("tags", maxItems: 0, itemMaxLength: 10));
    }

    [Fact]
    public void A_validator_refuses_two_collections_with_the_same_name()
    {
        Assert.Throws<ArgumentException>(() => new DocumentValidator([HotelCollections.Rooms, HotelCollections.Rooms]));
    }
}
