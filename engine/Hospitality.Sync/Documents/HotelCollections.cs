namespace Hospitality.Sync.Documents;

/// <summary>
/// The schemas of the seed's hotel collections: rooms, reservations, guests, inventory and
/// housekeeping tasks. Limits are generous for real data and tight enough that the largest
/// document any of them allows stays well under <see cref="DocumentLimits.BodyMaxBytes"/>.
/// </summary>
public static class HotelCollections
{
    /// <summary>Who or what wrote a version last (a staff member or device id), and when.</summary>
    private static FieldSchema[] Audit =>
    [
        new IdentifierField("updatedBy", required: false),
        new DateTimeField("updatedAt", required: false),
    ];

    /// <summary>
    /// Where a property-scoped document belongs. Optional so that a tombstone (<c>{}</c>) and data
    /// written before scoping stay valid: such a document is shared like a chain-wide one.
    /// </summary>
    private static FieldSchema[] Placement =>
    [
        new IdentifierField(CollectionSchema.PropertyFieldName, required: false),
        new IdentifierField(CollectionSchema.MovedFromFieldName, required: false),
    ];

    /// <summary>A room and its housekeeping status, the seed's most frequent write.</summary>
    public static CollectionSchema Rooms { get; } = new("rooms",
    [
        new IdentifierField("id"),
        // "101", "A-1204", "PH-2": a label, not a number (leading zeros and letters matter).
        new TextField("number", maxLength: 10, minLength: 1),
        // Basements to the tallest hotel towers.
        new IntegerField("floor", minimum: -5, maximum: 200),
        new TextField("building", maxLength: 40, required: false, minLength: 1),
        // Room types are each property's own ("deluxe", "king-suite"), so free text, not an enum.
        new TextField("type", maxLength: 40, minLength: 1),
        new EnumField("status", ["available", "clean", "dirty", "inspected", "occupied", "out-of-order", "out-of-service"]),
        new IntegerField("maxOccupancy", minimum: 1, maximum: 20, required: false),
        new TextListField("features", maxItems: 20, itemMaxLength: 40, required: false),
        new TextField("notes", maxLength: 500, required: false),
        .. Audit,
        .. Placement,
    ], DocumentScope.Property);

    /// <summary>A stay: who, which room, when, and where it is in its life (booked to checked out).</summary>
    public static CollectionSchema Reservations { get; } = new("reservations",
    [
        new IdentifierField("id"),
        new IdentifierField("guestId"),
        // Often assigned only at check-in.
        new IdentifierField("roomId", required: false),
        new TextField("confirmationCode", maxLength: 20, required: false, minLength: 1),
        new DateTimeField("checkIn"),
        new DateTimeField("checkOut"),
        new EnumField("status", ["booked", "checked-in", "checked-out", "cancelled", "no-show"]),
        new IntegerField("adults", minimum: 1, maximum: 20),
        new IntegerField("children", minimum: 0, maximum: 20, required: false),
        new TextField("roomType", maxLength: 40, required: false, minLength: 1),
        new TextField("ratePlan", maxLength: 40, required: false, minLength: 1),
        new NumberField("totalAmount", minimum: 0, maximum: 1_000_000, required: false),
        // ISO 4217 code, "EUR".
        new TextField("currency", maxLength: 3, required: false, minLength: 3),
        new EnumField("channel", ["direct", "phone", "walk-in", "ota", "corporate", "group"], required: false),
        new TextListField("specialRequests", maxItems: 10, itemMaxLength: 120, required: false),
        new TextField("notes", maxLength: 1000, required: false),
        .. Audit,
        .. Placement,
    ], DocumentScope.Property)
    {
        Reference = new DocumentReference("guestId", "guests"),
    };

    /// <summary>
    /// A guest profile. The cloud holds the chain's; a property holds those its reservations reference
    /// (a guest transferred with a stay is then known at the new property too), so a device's share of
    /// the guests does not grow with the chain. Personal data: kept to what the front desk and housekeeping use.
    /// </summary>
    public static CollectionSchema Guests { get; } = new("guests",
    [
        new IdentifierField("id"),
        // One name field: names do not split into first and last the same way in every culture.
        new TextField("name", maxLength: 100, minLength: 1),
        // RFC 5321: a forward path is at most 256 octets including the angle brackets.
        new TextField("email", maxLength: 254, required: false, minLength: 3),
        // E.164 is 15 digits; room for "+", spaces and an extension.
        new TextField("phone", maxLength: 32, required: false, minLength: 3),
        new EnumField("loyaltyTier", ["none", "silver", "gold", "platinum"], required: false),
        new BooleanField("vip", required: false),
        // BCP 47 language tag; RFC 5646 asks implementations to handle at least 35 characters.
        new TextField("language", maxLength: 35, required: false, minLength: 2),
        // ISO 3166-1 alpha-2, "DE".
        new TextField("nationality", maxLength: 2, required: false, minLength: 2),
        new TextListField("preferences", maxItems: 20, itemMaxLength: 60, required: false),
        new TextListField("allergies", maxItems: 10, itemMaxLength: 40, required: false),
        new TextField("notes", maxLength: 500, required: false),
        .. Audit,
    ], DocumentScope.Followed);

    /// <summary>A stock item at one location (linen room, minibar store), with its reorder level.</summary>
    public static CollectionSchema Inventory { get; } = new("inventory",
    [
        new IdentifierField("id"),
        new TextField("item", maxLength: 80, minLength: 1),
        new EnumField("category", ["linen", "amenities", "minibar", "cleaning", "maintenance", "food-and-beverage", "other"], required: false),
        new TextField("location", maxLength: 80, minLength: 1),
        // Numbers, not integers: stock is also counted in litres and kilograms.
        new NumberField("quantity", minimum: 0, maximum: 1_000_000),
        new TextField("unit", maxLength: 20, minLength: 1),
        new NumberField("reorderLevel", minimum: 0, maximum: 1_000_000, required: false),
        new NumberField("unitCost", minimum: 0, maximum: 100_000, required: false),
        .. Audit,
        .. Placement,
    ], DocumentScope.Property);

    /// <summary>A housekeeping task for one room: what, who, how urgent, by when, and how far along.</summary>
    public static CollectionSchema Housekeeping { get; } = new("housekeeping",
    [
        new IdentifierField("id"),
        new IdentifierField("roomId"),
        new EnumField("kind", ["departure-clean", "stayover-clean", "deep-clean", "turndown", "inspection", "maintenance"]),
        new EnumField("status", ["pending", "in-progress", "completed", "inspected", "cancelled"]),
        new EnumField("priority", ["low", "normal", "high", "urgent"]),
        new IdentifierField("assignedTo", required: false),
        new DateTimeField("dueAt", required: false),
        new DateTimeField("startedAt", required: false),
        new DateTimeField("completedAt", required: false),
        new TextListField("checklist", maxItems: 20, itemMaxLength: 60, required: false),
        new TextField("notes", maxLength: 500, required: false),
        .. Audit,
        .. Placement,
    ], DocumentScope.Property);

    /// <summary>Every hotel collection, in the seed's order.</summary>
    public static IReadOnlyList<CollectionSchema> All { get; } = [Rooms, Reservations, Guests, Inventory, Housekeeping];
}
