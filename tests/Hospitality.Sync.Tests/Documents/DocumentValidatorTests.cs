using Hospitality.Sync.Documents;

namespace Hospitality.Sync.Tests.Documents;

public sealed class DocumentValidatorTests
{
    private static readonly DocumentValidator Validator = new(HotelCollections.All);

    [Theory]
    [MemberData(nameof(HotelExamples.All), MemberType = typeof(HotelExamples))]
    public void Every_collection_accepts_its_example_document(string collection, string id, string body)
    {
        Assert.Equal("valid", Validator.Validate(collection, id, body).ToString());
        Assert.True(Validator.Validate(collection, body).IsValid);
    }

    [Fact]
    public void A_missing_required_field_is_reported_as_required()
    {
        var result = Validator.Validate("rooms", BodyEdits.Without(HotelExamples.Room, "status"));

        Assert.Equal([new ValidationError("status", "is required")], result.Errors);
    }

    [Fact]
    public void Missing_required_fields_are_reported_in_schema_order()
    {
        var result = Validator.Validate("reservations", """{"id":"res-1"}""");

        Assert.Equal(["guestId", "checkIn", "checkOut", "status", "adults"], result.Errors.Select(error => error.Path));
        Assert.All(result.Errors, error => Assert.Equal("is required", error.Message));
    }

    [Fact]
    public void An_optional_field_may_be_left_out()
    {
        Assert.True(Validator.Validate("rooms", BodyEdits.Without(HotelExamples.Room, "notes")).IsValid);
    }

    [Fact]
    public void An_unknown_field_is_not_allowed_because_schemas_are_closed()
    {
        var result = Validator.Validate("rooms", BodyEdits.With(HotelExamples.Room, "colour", "\"blue\""));

        Assert.Equal([new ValidationError("colour", "is not allowed: rooms has no such field")], result.Errors);
    }

    [Fact]
    public void A_misspelt_field_is_refused_and_the_real_one_reported_missing()
    {
        var body = BodyEdits.With(BodyEdits.Without(HotelExamples.Room, "status"), "staus", "\"clean\"");

        var result = Validator.Validate("rooms", body);

        Assert.Equal(
            [new ValidationError("staus", "is not allowed: rooms has no such field"), new ValidationError("status", "is required")],
            result.Errors);
    }

    [Fact]
    public void A_value_outside_an_enum_lists_the_allowed_values()
    {
        var result = Validator.Validate("rooms", BodyEdits.With(HotelExamples.Room, "status", "\"vacant\""));

        Assert.Equal(
            [new ValidationError("status", "must be one of available, clean, dirty, inspected, occupied, out-of-order, out-of-service")],
            result.Errors);
    }

    [Fact]
    public void Enum_values_are_case_sensitive()
    {
        var result = Validator.Validate("reservations", BodyEdits.With(HotelExamples.Reservation, "status", "\"Booked\""));

        Assert.Equal("status", Assert.Single(result.Errors).Path);
    }

    [Fact]
    public void A_text_longer_than_its_limit_says_the_limit_in_characters()
    {
        var result = Validator.Validate("inventory", BodyEdits.With(HotelExamples.InventoryItem, "item", $"\"{new string('x', 81)}\""));

        Assert.Equal([new ValidationError("item", "must be at most 80 characters")], result.Errors);
    }

    [Fact]
    public void Text_length_counts_characters_not_utf16_units()
    {
        // 10 emoji are 20 UTF-16 units and 40 UTF-8 bytes, but 10 characters: exactly the limit.
        var tenEmoji = string.Concat(Enumerable.Repeat("\U0001F6CF", 10));

        Assert.True(Validator.Validate("rooms", BodyEdits.With(HotelExamples.Room, "number", $"\"{tenEmoji}\"")).IsValid);
        Assert.Equal(
            [new ValidationError("number", "must be at most 10 characters")],
            Validator.Validate("rooms", BodyEdits.With(HotelExamples.Room, "number", $"\"{tenEmoji}1\"")).Errors);
    }

    [Fact]
    public void An_empty_text_where_one_is_needed_must_not_be_empty()
    {
        var result = Validator.Validate("guests", BodyEdits.With(HotelExamples.Guest, "name", "\"\""));

        Assert.Equal([new ValidationError("name", "must not be empty")], result.Errors);
    }

    [Fact]
    public void A_fixed_length_code_says_exactly_how_long()
    {
        var result = Validator.Validate("reservations", BodyEdits.With(HotelExamples.Reservation, "currency", "\"EURO\""));

        Assert.Equal([new ValidationError("currency", "must be exactly 3 characters")], result.Errors);
    }

    [Fact]
    public void A_short_text_says_the_minimum()
    {
        var result = Validator.Validate("guests", BodyEdits.With(HotelExamples.Guest, "email", "\"a\""));

        Assert.Equal([new ValidationError("email", "must be at least 3 characters")], result.Errors);
    }

    [Theory]
    [InlineData("number", "101", "must be a string, not a number")]
    [InlineData("floor", "\"1\"", "must be a whole number, not a string")]
    [InlineData("status", "2", "must be one of available, clean, dirty, inspected, occupied, out-of-order, out-of-service")]
    [InlineData("features", "\"sea-view\"", "must be an array of strings, not a string")]
    [InlineData("updatedAt", "1761212467", "must be a date-time string, not a number")]
    [InlineData("updatedBy", "{}", "must be a string, not an object")]
    public void A_wrong_json_type_says_what_was_expected_and_what_was_found(string field, string valueJson, string message)
    {
        var result = Validator.Validate("rooms", BodyEdits.With(HotelExamples.Room, field, valueJson));

        Assert.Equal([new ValidationError(field, message)], result.Errors);
    }

    [Fact]
    public void A_boolean_written_as_a_string_is_refused()
    {
        var result = Validator.Validate("guests", BodyEdits.With(HotelExamples.Guest, "vip", "\"true\""));

        Assert.Equal([new ValidationError("vip", "must be true or false, not a string")], result.Errors);
    }

    [Fact]
    public void Null_is_not_a_value_even_for_an_optional_field()
    {
        var result = Validator.Validate("rooms", BodyEdits.With(HotelExamples.Room, "notes", "null"));

        Assert.Equal([new ValidationError("notes", "must be a string, not null")], result.Errors);
    }

    [Theory]
    [InlineData("2.5")]
    [InlineData("2.0")]
    [InlineData("2e0")]
    [InlineData("99999999999999999999")]
    public void An_integer_field_refuses_fractions_exponents_and_overflow(string valueJson)
    {
        var result = Validator.Validate("reservations", BodyEdits.With(HotelExamples.Reservation, "adults", valueJson));

        Assert.Equal([new ValidationError("adults", "must be a whole number, without a fraction or exponent")], result.Errors);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("21")]
    public void An_integer_outside_its_range_says_the_range(string valueJson)
    {
        var result = Validator.Validate("reservations", BodyEdits.With(HotelExamples.Reservation, "adults", valueJson));

        Assert.Equal([new ValidationError("adults", "must be between 1 and 20")], result.Errors);
    }

    [Fact]
    public void A_number_outside_its_range_says_the_range()
    {
        var result = Validator.Validate("inventory", BodyEdits.With(HotelExamples.InventoryItem, "quantity", "-0.5"));

        Assert.Equal([new ValidationError("quantity", "must be between 0 and 1000000")], result.Errors);
    }

    [Fact]
    public void A_number_too_large_for_a_double_is_not_finite()
    {
        var body = HotelExamples.InventoryItem.Replace("\"quantity\": 50", "\"quantity\": 1e999", StringComparison.Ordinal);

        Assert.Equal([new ValidationError("quantity", "must be a finite number")], Validator.Validate("inventory", body).Errors);
    }

    [Theory]
    [InlineData("2025-10-23T15:00:00Z")]
    [InlineData("2025-10-23T15:00:00.1Z")]
    [InlineData("2025-10-23T15:00:00.123+02:00")]
    [InlineData("2025-10-23T15:00:00.1234567-05:30")]
    [InlineData("2024-02-29T23:59:59+14:00")]
    public void Date_times_with_a_zone_and_an_optional_fraction_are_accepted(string dateTime)
    {
        Assert.True(Validator.Validate("rooms", BodyEdits.With(HotelExamples.Room, "updatedAt", $"\"{dateTime}\"")).IsValid);
    }

    [Theory]
    [InlineData("2025-10-23")]
    [InlineData("2025-10-23T15:00:00")]
    [InlineData("2025-10-23T15:00Z")]
    [InlineData("2025-10-23 15:00:00Z")]
    [InlineData("2025-10-23T15:00:00+0200")]
    [InlineData("2025-02-29T10:00:00Z")]
    [InlineData("2025-10-23T25:00:00Z")]
    [InlineData("2025-10-23T15:00:00.12345678Z")]
    [InlineData("2025-10-23T15:00:00Z\n")]
    [InlineData("23/10/2025 15:00")]
    [InlineData("\u0662\u0660\u0662\u0665-10-23T15:00:00Z")]
    public void Date_times_without_a_zone_or_that_are_not_real_instants_are_refused(string dateTime)
    {
        var result = Validator.Validate("rooms", BodyEdits.With(HotelExamples.Room, "updatedAt", System.Text.Json.JsonSerializer.Serialize(dateTime)));

        Assert.Equal([new ValidationError("updatedAt", DateTimeField.FormatMessage)], result.Errors);
    }

    [Fact]
    public void An_array_item_error_names_its_index()
    {
        var result = Validator.Validate("guests", BodyEdits.With(HotelExamples.Guest, "preferences", """["high floor", "quiet", 7, ""]"""));

        Assert.Equal(
            [new ValidationError("preferences[2]", "must be a string, not a number"), new ValidationError("preferences[3]", "must not be empty")],
            result.Errors);
    }

    [Fact]
    public void An_array_item_longer_than_its_limit_names_its_index()
    {
        var result = Validator.Validate("guests", BodyEdits.With(HotelExamples.Guest, "allergies", $"""["nuts", "{new string('a', 41)}"]"""));

        Assert.Equal([new ValidationError("allergies[1]", "must be at most 40 characters")], result.Errors);
    }

    [Fact]
    public void An_array_with_too_many_items_says_the_limit()
    {
        var items = string.Join(", ", Enumerable.Range(1, 11).Select(i => $"\"allergen {i}\""));

        var result = Validator.Validate("guests", BodyEdits.With(HotelExamples.Guest, "allergies", $"[{items}]"));

        Assert.Equal([new ValidationError("allergies", "must have at most 10 items, not 11")], result.Errors);
    }

    [Fact]
    public void A_field_given_twice_is_refused_by_name()
    {
        var body = HotelExamples.Room.Replace("\"status\": \"dirty\",", "\"status\": \"dirty\", \"status\": \"clean\",", StringComparison.Ordinal);

        var result = Validator.Validate("rooms", body);

        Assert.Equal([new ValidationError("status", "appears more than once")], result.Errors);
    }

    [Theory]
    [InlineData("", "must not be empty")]
    [InlineData("room 101", IdentifierField.RuleMessage)]
    [InlineData("..", IdentifierField.RuleMessage)]
    [InlineData("-room", IdentifierField.RuleMessage)]
    [InlineData("zimmer-ü", IdentifierField.RuleMessage)]
    [InlineData("room/101", IdentifierField.RuleMessage)]
    public void A_reference_that_is_not_an_identifier_is_refused(string roomId, string message)
    {
        var result = Validator.Validate("housekeeping", BodyEdits.With(HotelExamples.HousekeepingTask, "roomId", $"\"{roomId}\""));

        Assert.Equal([new ValidationError("roomId", message)], result.Errors);
    }

    [Fact]
    public void An_identifier_longer_than_64_characters_is_refused()
    {
        var result = Validator.Validate("housekeeping", BodyEdits.With(HotelExamples.HousekeepingTask, "assignedTo", $"\"{new string('a', 65)}\""));

        Assert.Equal([new ValidationError("assignedTo", "must be at most 64 characters")], result.Errors);
    }

    [Fact]
    public void Every_wrong_field_is_reported_not_only_the_first()
    {
        var body = BodyEdits.With(BodyEdits.With(HotelExamples.Room, "floor", "-6"), "status", "\"vacant\"");

        var result = Validator.Validate("rooms", body);

        Assert.Equal(["floor", "status"], result.Errors.Select(error => error.Path));
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("{\"id\": }")]
    [InlineData("{\"id\": \"room-101\",}")]
    [InlineData("{\"id\": 'room-101'}")]
    [InlineData("{} {}")]
    [InlineData("{\"id\": \"room-101\"} // comment")]
    public void Malformed_json_is_reported_not_thrown(string body)
    {
        var error = Assert.Single(Validator.Validate("rooms", body).Errors);

        Assert.Equal(string.Empty, error.Path);
        Assert.StartsWith("body is not valid JSON: ", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[]", "an array")]
    [InlineData("42", "a number")]
    [InlineData("\"room\"", "a string")]
    [InlineData("null", "null")]
    [InlineData("true", "a boolean")]
    public void A_body_that_is_not_an_object_is_refused(string body, string found)
    {
        Assert.Equal([new ValidationError(string.Empty, $"body must be a JSON object, not {found}")], Validator.Validate("rooms", body).Errors);
    }

    [Fact]
    public void A_missing_body_is_reported()
    {
        Assert.Equal([new ValidationError(string.Empty, "body is missing")], Validator.Validate("rooms", null).Errors);
    }

    [Fact]
    public void An_unknown_collection_lists_the_known_ones()
    {
        var result = Validator.Validate("spa-bookings", "room-101", HotelExamples.Room);

        Assert.Equal(
            [new ValidationError(string.Empty, "collection 'spa-bookings' is unknown; the collections are rooms, reservations, guests, inventory, housekeeping")],
            result.Errors);
    }

    [Fact]
    public void Collection_names_are_case_sensitive()
    {
        Assert.False(Validator.Validate("Rooms", HotelExamples.Room).IsValid);
    }

    [Fact]
    public void A_body_id_that_differs_from_the_document_id_is_refused()
    {
        var result = Validator.Validate("rooms", "room-102", HotelExamples.Room);

        Assert.Equal([new ValidationError("id", "is 'room-101' but the document id is 'room-102'")], result.Errors);
    }

    [Fact]
    public void A_document_id_that_is_not_an_identifier_is_refused()
    {
        var result = Validator.Validate("rooms", "room 101", HotelExamples.Room);

        Assert.Equal([new ValidationError(string.Empty, "document id " + IdentifierField.RuleMessage)], result.Errors);
    }

    [Fact]
    public void A_body_over_the_size_limit_is_refused_with_both_sizes()
    {
        var body = BodyEdits.With(HotelExamples.Room, "notes", $"\"{new string('x', DocumentLimits.BodyMaxBytes)}\"");

        var error = Assert.Single(Validator.Validate("rooms", body).Errors);

        Assert.Equal(string.Empty, error.Path);
        Assert.Matches(@"^body is [0-9,]+ bytes; the limit is 16,384 bytes$", error.Message);
    }

    [Fact]
    public void The_size_limit_counts_utf8_bytes_not_characters()
    {
        // 6,000 characters of 3 UTF-8 bytes each: 18,000 bytes, over the limit though under it in characters.
        var body = $$"""{"id":"room-101","notes":"{{new string('日', 6000)}}"}""";

        var error = Assert.Single(Validator.Validate("rooms", body).Errors);

        Assert.StartsWith("body is 18,", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_lone_surrogate_in_the_text_is_reported_not_thrown()
    {
        var body = HotelExamples.Room.Replace("dripping", "drip\uD800ping", StringComparison.Ordinal);

        Assert.Equal(
            [new ValidationError(string.Empty, "body is not valid Unicode text: it holds an unpaired surrogate")],
            Validator.Validate("rooms", body).Errors);
    }

    [Fact]
    public void An_escaped_lone_surrogate_is_reported_on_its_field_not_thrown()
    {
        var body = HotelExamples.Room.Replace("dripping", "drip\\ud800ping", StringComparison.Ordinal);

        Assert.Equal(
            [new ValidationError("notes", "is not valid Unicode text: it holds an unpaired surrogate escape")],
            Validator.Validate("rooms", body).Errors);
    }

    [Fact]
    public void An_escaped_lone_surrogate_in_a_field_name_is_reported_not_thrown()
    {
        var result = Validator.Validate("rooms", "room-101", """{"id":"room-101","\udc00":1}""");

        Assert.Contains(new ValidationError(string.Empty, "a field name is not valid Unicode text: it holds an unpaired surrogate escape"), result.Errors);
    }

    [Fact]
    public void Errors_are_capped_so_a_hostile_body_cannot_produce_a_huge_report()
    {
        var fields = string.Join(",", Enumerable.Range(0, 500).Select(i => $"\"f{i}\":{i}"));

        var result = Validator.Validate("rooms", $"{{{fields}}}");

        Assert.Equal(ValidationResult.ReportedErrorsMax + 1, result.Errors.Count);
        Assert.Equal(new ValidationError(string.Empty, "more errors were found; only the first 20 are listed"), result.Errors[^1]);
    }
}
