using System.Globalization;
using System.Text.Json;
using Bogus;

namespace Hospitality.Sim.Workload;

/// <summary>
/// A property's data at the start of a run, generated with Bogus from the seed: rooms on floors,
/// guests with contact details and preferences, their reservations, and the stock of linen,
/// amenities and minibar items. Bodies have the sizes a real PMS stores (0.2-1 KB).
/// </summary>
public sealed class HotelDataset
{
    /// <summary>Optional fields left out rather than written as null, as the schemas expect.</summary>
    internal static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    private static readonly string[] RoomTypes = ["standard-double", "standard-twin", "deluxe-king", "junior-suite", "family-room"];
    private static readonly string[] Features = ["sea-view", "balcony", "bathtub", "accessible", "connecting", "minibar", "quiet-side"];
    private static readonly string[] Preferences = ["high floor", "away from elevator", "extra pillows", "feather-free", "late check-out", "early breakfast", "twin beds"];
    private static readonly string[] Stock = ["Bath towel", "Hand towel", "Bath mat", "Bed sheet (king)", "Duvet cover", "Pillowcase", "Shampoo 30 ml", "Shower gel 30 ml", "Toothbrush kit", "Coffee capsules", "Still water 0.5 l", "Sparkling water 0.5 l", "Chocolate bar", "Toilet paper", "Glass cleaner"];

    /// <param name="property">The property's id: the prefix of its documents' ids and their <c>propertyId</c>.</param>
    public HotelDataset(string property, WorkloadSpec spec, int seed, DateTimeOffset today)
    {
        var faker = new Faker("en") { Random = new Randomizer(seed) };
        var floors = Math.Max(1, (spec.Rooms + 39) / 40);
        for (var i = 0; i < spec.Rooms; i++)
        {
            var floor = 1 + (i % floors);
            var number = ((floor * 100) + 1 + (i / floors)).ToString(CultureInfo.InvariantCulture);
            var room = new RoomState(property, $"{property}-room-{number}", number, floor, faker.PickRandom(RoomTypes), faker.Random.Bool(0.6f) ? "occupied" : "available");
            Rooms.Add(room);
            Documents.Add(("rooms", room.Id, room.Body(faker.PickRandom(Features, 2).ToArray(), null)));
        }

        var inHouse = new Queue<RoomState>(Rooms.Where(room => room.Status == "occupied"));
        for (var i = 0; i < spec.Guests; i++)
        {
            var guestId = $"{property}-guest-{i + 1}";
            Documents.Add(("guests", guestId, Guest(faker, guestId)));
            var nights = faker.Random.Int(1, 6);
            var arrival = today.AddDays(faker.Random.Int(-3, 10));
            var reservation = new ReservationState(property, $"{property}-res-{i + 1}", guestId, arrival, arrival.AddDays(nights), arrival <= today ? "checked-in" : "booked", faker.Random.Int(1, 3));
            if (reservation.Status == "checked-in" && inHouse.TryDequeue(out var room))
            {
                // Guests already in house hold an occupied room, so the morning's check-outs have someone to check out.
                reservation.RoomId = room.Id;
            }

            Reservations.Add(reservation);
            Documents.Add(("reservations", reservation.Id, reservation.Body(faker.Random.AlphaNumeric(8).ToUpperInvariant(), null)));
        }

        for (var i = 0; i < spec.InventoryItems; i++)
        {
            var item = new InventoryState(property, $"{property}-item-{i + 1}", Stock[i % Stock.Length], $"Store {(char)('A' + (i / Stock.Length))}", faker.Random.Int(50, 600));
            Inventory.Add(item);
            Documents.Add(("inventory", item.Id, item.Body()));
        }
    }

    /// <summary>Every starting document, as (collection, id, body), in a stable order.</summary>
    public List<(string Collection, string Id, string Body)> Documents { get; } = [];

    public List<RoomState> Rooms { get; } = [];

    public List<ReservationState> Reservations { get; } = [];

    public List<InventoryState> Inventory { get; } = [];

    public static string Guest(Faker faker, string id) => JsonSerializer.Serialize(new
    {
        id,
        name = faker.Name.FullName(),
        email = faker.Internet.Email(),
        phone = faker.Phone.PhoneNumber("+## ### #######"),
        loyaltyTier = faker.PickRandom("none", "none", "silver", "gold", "platinum"),
        vip = faker.Random.Bool(0.05f),
        language = faker.PickRandom("en", "de", "fr", "es", "it", "ja", "zh"),
        nationality = faker.Address.CountryCode(),
        preferences = faker.PickRandom(Preferences, faker.Random.Int(0, 3)).ToArray(),
        notes = faker.Random.Bool(0.3f) ? faker.Lorem.Sentence(12) : null,
    }, Json);

    public sealed class RoomState(string property, string id, string number, int floor, string type, string status)
    {
        public string Id { get; } = id;

        public string Status { get; set; } = status;

        public string Body(string[]? features, string? notes) => JsonSerializer.Serialize(new
        {
            id = Id,
            propertyId = property,
            number,
            floor,
            type,
            status = Status,
            maxOccupancy = type == "family-room" ? 4 : 2,
            features,
            notes,
        }, Json);
    }

    public sealed class ReservationState(string property, string id, string guestId, DateTimeOffset checkIn, DateTimeOffset checkOut, string status, int adults)
    {
        public string Id { get; } = id;

        public string Status { get; set; } = status;

        public string? RoomId { get; set; }

        /// <summary>The property the stay is at; a transfer changes it.</summary>
        public string Property { get; set; } = property;

        /// <summary>Set on the write that transfers the stay from this property, cleared after it.</summary>
        public string? MovedFrom { get; set; }

        public string Body(string confirmation, string? notes) => JsonSerializer.Serialize(new
        {
            id = Id,
            propertyId = Property,
            movedFrom = MovedFrom,
            guestId,
            roomId = RoomId,
            confirmationCode = confirmation,
            checkIn = checkIn.ToString("yyyy-MM-dd'T'15:00:00Z", CultureInfo.InvariantCulture),
            checkOut = checkOut.ToString("yyyy-MM-dd'T'11:00:00Z", CultureInfo.InvariantCulture),
            status = Status,
            adults,
            children = 0,
            ratePlan = "BAR",
            totalAmount = 129.0 * Math.Max(1, (checkOut - checkIn).Days),
            currency = "EUR",
            channel = "ota",
            notes,
        }, Json);
    }

    public sealed class InventoryState(string property, string id, string item, string location, int quantity)
    {
        public string Id { get; } = id;

        public int Quantity { get; set; } = quantity;

        public string Body() => JsonSerializer.Serialize(new
        {
            id = Id,
            propertyId = property,
            item,
            category = item.Contains("water", StringComparison.OrdinalIgnoreCase) || item.Contains("Chocolate", StringComparison.Ordinal) || item.Contains("Coffee", StringComparison.Ordinal) ? "minibar" : "linen",
            location,
            quantity = Quantity,
            unit = "piece",
            reorderLevel = 40,
        }, Json);
    }
}
